using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using EcsNic.HelpGen.Markdown;
using EcsNic.HelpGen.Model;

namespace EcsNic.HelpGen.Output;

/// <summary>
/// Writes the MAML file Get-Help reads for a binary module (en-US/&lt;Assembly&gt;.dll-Help.xml): a helpItems root in
/// the http://msh namespace holding one command:command per cmdlet, in the element shape platyPS produces.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Build(IEnumerable<CommandHelp> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var root = new XElement(Msh + "helpItems",
            new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp));
        foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
            root.Add(CommandElement(command));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>The document as UTF-8 text (no byte order mark, LF line ends), the same on every platform.</summary>
    public static byte[] Serialize(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
            document.Save(writer);
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static XElement CommandElement(CommandHelp help)
    {
        if (help.Parameters.FirstOrDefault(p => p.Blocks.Count == 0) is { } unfinished)
            throw new HelpFormatException($"{help.Name}: parameter -{unfinished.Name} has no yaml block; run the markdown command to add it.");
        var command = new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(string.Join(" ", PlainText.Paragraphs(help.Synopsis)))),
            Description(help.Description));

        var syntax = new XElement(Command + "syntax");
        foreach (var entry in help.Syntax)
        {
            var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", help.Name));
            foreach (var name in ParameterNames(entry.Text))
            {
                var parameter = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                if (parameter is null) continue;
                var block = parameter.Blocks.FirstOrDefault(b => b.AppliesTo(entry.SetName)) ?? parameter.Blocks[0];
                item.Add(ParameterElement(parameter, block));
            }
            syntax.Add(item);
        }
        command.Add(syntax);

        // One entry per parameter: the block of a set that takes pipeline input, if any set does, so that Get-Help says it can.
        command.Add(new XElement(Command + "parameters", help.Parameters.Select(p => ParameterElement(p,
            p.Blocks.FirstOrDefault(b => !b.AcceptPipelineInput.StartsWith("False", StringComparison.OrdinalIgnoreCase)) ?? p.Blocks[0]))));
        command.Add(new XElement(Command + "inputTypes", help.Inputs.Select(t =>
            new XElement(Command + "inputType", TypeElement(t.TypeName), Description(t.Description)))));
        command.Add(new XElement(Command + "returnValues", help.Outputs.Select(t =>
            new XElement(Command + "returnValue", TypeElement(t.TypeName), Description(t.Description)))));
        command.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))));

        var examples = new XElement(Command + "examples");
        foreach (var example in help.Examples)
        {
            examples.Add(new XElement(Command + "example",
                new XElement(Maml + "title", $"--------- {example.Title} ---------"),
                new XElement(Dev + "code", string.Join("\n\n", example.Code.Select(c => c.Text))),
                // The empty last paragraph is the blank line Get-Help prints between one example and the next title.
                new XElement(Dev + "remarks", Paragraphs(JoinProse(example.Introduction, example.Remarks)),
                    new XElement(Maml + "para", string.Empty))));
        }
        command.Add(examples);

        var links = new XElement(Command + "relatedLinks");
        if (help.Front("online version") is { Length: > 0 } online)
            links.Add(Link("Online Version:", online));
        foreach (var link in help.RelatedLinks)
            links.Add(Link(link.Text, link.Uri.Contains("://", StringComparison.Ordinal) ? link.Uri : string.Empty));
        command.Add(links);
        return command;
    }

    private static XElement ParameterElement(ParameterHelp parameter, ParameterBlock block)
    {
        var isSwitch = block.Type.EndsWith("SwitchParameter", StringComparison.Ordinal);
        var typeName = ShortTypeName(block.Type);
        var element = new XElement(Command + "parameter",
            new XAttribute("required", block.IsRequired ? "true" : "false"),
            new XAttribute("variableLength", block.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", string.Equals(block.AcceptWildcardCharacters, "True", StringComparison.OrdinalIgnoreCase) ? "true" : "false"),
            new XAttribute("pipelineInput", block.AcceptPipelineInput),
            new XAttribute("position", string.Equals(block.Position, "Named", StringComparison.OrdinalIgnoreCase) ? "named" : block.Position),
            new XAttribute("aliases", block.AliasNames.Count == 0 ? "none" : string.Join(", ", block.AliasNames)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));
        if (!isSwitch)
        {
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", "true"),
                new XAttribute("variableLength", "false"),
                typeName));
        }
        element.Add(TypeElement(block.Type));
        element.Add(new XElement(Dev + "defaultValue", block.DefaultValue));
        return element;
    }

    private static XElement TypeElement(string typeName) =>
        new(Dev + "type", new XElement(Maml + "name", typeName), new XElement(Maml + "uri"));

    private static XElement Description(string prose) => new(Maml + "description", Paragraphs(prose));

    private static IEnumerable<XElement> Paragraphs(string prose) =>
        PlainText.Paragraphs(prose).Select(p => new XElement(Maml + "para", p));

    private static XElement Link(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static string JoinProse(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + "\n\n" + second;

    /// <summary>The parameter names of a syntax line, in order: every "-Name" token.</summary>
    public static IReadOnlyList<string> ParameterNames(string syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var names = new List<string>();
        foreach (var token in syntax.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = token.TrimStart('[');
            if (!trimmed.StartsWith('-')) continue;
            var name = new string(trimmed.Skip(1).TakeWhile(char.IsLetterOrDigit).ToArray());
            if (name.Length > 0) names.Add(name);
        }
        return names;
    }

    private static string ShortTypeName(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        return dot < 0 ? fullName : fullName[(dot + 1)..];
    }
}
