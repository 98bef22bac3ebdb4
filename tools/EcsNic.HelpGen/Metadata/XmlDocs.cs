using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EcsNic.HelpGen.Metadata;

/// <summary>
/// The compiler's XML documentation of the module (EcsNic.xml), used only to seed the prose of a new page or parameter;
/// once a page exists, its own text wins.
/// </summary>
public sealed partial class XmlDocs
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    public static XmlDocs Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Reads the XML file next to the assembly; an absent file gives no summaries.</summary>
    public static XmlDocs ForAssembly(string assemblyPath)
    {
        var path = Path.ChangeExtension(assemblyPath, ".xml");
        if (!File.Exists(path)) return Empty;
        var summaries = XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null && m.Element("summary") is not null)
            .GroupBy(m => m.Attribute("name")!.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Flatten(g.First().Element("summary")!), StringComparer.Ordinal);
        return new XmlDocs(summaries);
    }

    /// <summary>The summary of a type, or null.</summary>
    public string? Type(string fullName) => _summaries.TryGetValue("T:" + fullName, out var text) ? text : null;

    /// <summary>The summary of a property, or null.</summary>
    public string? Property(string declaringType, string name) =>
        _summaries.TryGetValue($"P:{declaringType}.{name}", out var text) ? text : null;

    private static string Flatten(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "seealso" } see =>
                see.Attribute("cref")?.Value is { } cref ? cref[(cref.LastIndexOfAny(new[] { '.', ':' }) + 1)..] : see.Value,
            XElement { Name.LocalName: "paramref" or "typeparamref" } reference => reference.Attribute("name")?.Value ?? string.Empty,
            XElement element => element.Value,
            _ => string.Empty,
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
