using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using EcsNic.HelpGen.Markdown;
using EcsNic.HelpGen.Metadata;
using EcsNic.HelpGen.Model;
using EcsNic.HelpGen.Output;

namespace EcsNic.HelpGen;

/// <summary>The external help compiled from a docs folder.</summary>
/// <param name="HelpFileName">The MAML file's name, from the pages' "external help file".</param>
/// <param name="Commands">The cmdlet pages, by name.</param>
/// <param name="Maml">The MAML document.</param>
/// <param name="AboutFiles">about_*.help.txt file names and their text.</param>
public sealed record CompiledHelp(string HelpFileName, IReadOnlyList<CommandHelp> Commands, XDocument Maml,
    IReadOnlyList<KeyValuePair<string, string>> AboutFiles);

/// <summary>Compiles docs/&lt;culture&gt;/*.md: cmdlet pages into one MAML file, about_*.md into about_*.help.txt.</summary>
public static class HelpCompiler
{
    public static CompiledHelp Compile(string docsDirectory)
    {
        if (!Directory.Exists(docsDirectory)) throw new DirectoryNotFoundException($"No help folder {docsDirectory}.");
        var commands = new List<CommandHelp>();
        var abouts = new List<KeyValuePair<string, string>>();
        foreach (var path in Directory.GetFiles(docsDirectory, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var text = File.ReadAllText(path);
            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                var about = MarkdownHelpReader.ReadAbout(text, path);
                if (!string.Equals(about.Name, name, StringComparison.Ordinal))
                    throw new HelpFormatException($"{path}: the title '{about.Name}' does not match the file name.");
                abouts.Add(new KeyValuePair<string, string>(name + ".help.txt", AboutTextWriter.Write(about)));
                continue;
            }
            var help = MarkdownHelpReader.Read(text, path);
            if (!string.Equals(help.Name, name, StringComparison.Ordinal))
                throw new HelpFormatException($"{path}: the title '{help.Name}' does not match the file name.");
            commands.Add(help);
        }
        var helpFiles = commands.Select(c => c.Front("external help file") ?? HelpUpdater.ExternalHelpFile).Distinct(StringComparer.Ordinal).ToArray();
        if (helpFiles.Length > 1)
            throw new HelpFormatException($"{docsDirectory}: the pages name different external help files ({string.Join(", ", helpFiles)}).");
        var helpFile = helpFiles.FirstOrDefault() ?? HelpUpdater.ExternalHelpFile;
        return new CompiledHelp(helpFile, commands, MamlWriter.Build(commands), abouts);
    }

    /// <summary>Writes the compiled files into <paramref name="outputDirectory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(CompiledHelp help, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(help);
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        void Put(string name, byte[] bytes)
        {
            var path = Path.Combine(outputDirectory, name);
            File.WriteAllBytes(path, bytes);
            written.Add(path);
        }
        Put(help.HelpFileName, MamlWriter.Serialize(help.Maml));
        foreach (var about in help.AboutFiles) Put(about.Key, new UTF8Encoding(false).GetBytes(about.Value));
        return written;
    }
}
