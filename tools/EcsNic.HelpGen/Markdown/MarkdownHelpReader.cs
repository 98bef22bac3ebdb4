using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EcsNic.HelpGen.Model;

namespace EcsNic.HelpGen.Markdown;

/// <summary>A help page that does not have the platyPS shape; the message names the file and line.</summary>
public sealed class HelpFormatException : Exception
{
    public HelpFormatException(string message) : base(message)
    {
    }
}

/// <summary>
/// Reads cmdlet help pages in platyPS markdown (schema 2.0.0): front matter, then "# Name" and the "## SYNOPSIS",
/// "## SYNTAX", "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "## INPUTS", "## OUTPUTS", "## NOTES" and
/// "## RELATED LINKS" sections, with "###" entries inside them. Headings inside code fences are text.
/// </summary>
public static partial class MarkdownHelpReader
{
    private static readonly string[] KnownSections =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private static readonly string[] YamlKeys =
    {
        "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input",
        "Accept wildcard characters",
    };

    public static CommandHelp Read(string text, string source)
    {
        var lines = MarkdownBlocks.Lines(text);
        var index = 0;
        var front = new List<KeyValuePair<string, string>>();
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            for (index = 1; index < lines.Count && lines[index].Trim() != "---"; index++)
            {
                var line = lines[index];
                if (line.Trim().Length == 0) continue;
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0) throw Error(source, index, "front matter lines must be 'key: value'");
                front.Add(new KeyValuePair<string, string>(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
            if (index >= lines.Count) throw Error(source, 0, "the front matter has no closing '---'");
            index++;
        }

        var sections = Split(lines, index, source);
        var title = sections.FirstOrDefault(s => s.Level == 1) ?? throw Error(source, index, "there is no '# <cmdlet name>' heading");
        var help = new CommandHelp(title.Title);
        help.FrontMatter.AddRange(front);

        foreach (var section in sections.Where(s => s.Level == 2))
        {
            var name = section.Title.ToUpperInvariant();
            if (!KnownSections.Contains(name)) throw Error(source, section.Line, $"unknown section '## {section.Title}'");
            var entries = section.Children;
            switch (name)
            {
                case "SYNOPSIS":
                    help.Synopsis = Prose(section.Body);
                    break;
                case "DESCRIPTION":
                    help.Description = Prose(section.Body);
                    break;
                case "NOTES":
                    help.Notes = Prose(section.Body);
                    break;
                case "SYNTAX":
                    ReadSyntax(help, section, source);
                    break;
                case "EXAMPLES":
                    foreach (var entry in entries) help.Examples.Add(ReadExample(entry, source));
                    break;
                case "PARAMETERS":
                    foreach (var entry in entries)
                    {
                        if (entry.Title == "CommonParameters")
                            help.CommonParameters = true;
                        else if (entry.Title.StartsWith('-'))
                            help.Parameters.Add(ReadParameter(entry, source));
                        else
                            throw Error(source, entry.Line, $"a parameter heading must be '### -Name', not '### {entry.Title}'");
                    }
                    break;
                case "INPUTS":
                    foreach (var entry in entries) help.Inputs.Add(new TypeHelp(entry.Title) { Description = Prose(entry.Body) });
                    break;
                case "OUTPUTS":
                    foreach (var entry in entries) help.Outputs.Add(new TypeHelp(entry.Title) { Description = Prose(entry.Body) });
                    break;
                case "RELATED LINKS":
                    foreach (var (line, offset) in section.Body.Select((l, i) => (l, i)))
                    {
                        var trimmed = line.Trim();
                        if (trimmed.Length == 0) continue;
                        var match = LinkLine().Match(trimmed);
                        if (!match.Success) throw Error(source, section.Line + 1 + offset, "a related link must be '[text](address)'");
                        help.RelatedLinks.Add(new LinkHelp(match.Groups["text"].Value, match.Groups["url"].Value));
                    }
                    break;
            }
        }
        return help;
    }

    /// <summary>Reads an about topic: "# about_Name" and everything after it.</summary>
    public static AboutHelp ReadAbout(string text, string source)
    {
        var lines = MarkdownBlocks.Lines(text);
        var start = 0;
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            start = lines.FindIndex(1, l => l.Trim() == "---") + 1;
            if (start == 0) throw Error(source, 0, "the front matter has no closing '---'");
        }
        var titleLine = lines.FindIndex(start, l => l.StartsWith("# ", StringComparison.Ordinal));
        if (titleLine < 0) throw Error(source, start, "there is no '# about_<name>' heading");
        var name = lines[titleLine][2..].Trim();
        if (!name.StartsWith("about_", StringComparison.OrdinalIgnoreCase)) throw Error(source, titleLine, "an about topic's title must start with about_");
        return new AboutHelp(name, string.Join("\n", lines.Skip(titleLine + 1)).Trim('\n'));
    }

    private static void ReadSyntax(CommandHelp help, Section section, string source)
    {
        if (section.Children.Count == 0)
        {
            // An empty section is a page being written; the markdown command fills it in.
            if (section.Body.All(l => l.Trim().Length == 0)) return;
            help.Syntax.Add(new SyntaxHelp(null, false, SyntaxCode(section.Body, section.Line, source)));
            return;
        }
        foreach (var entry in section.Children)
        {
            var isDefault = entry.Title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
            var setName = isDefault ? entry.Title[..^"(Default)".Length].Trim() : entry.Title.Trim();
            help.Syntax.Add(new SyntaxHelp(setName, isDefault, SyntaxCode(entry.Body, entry.Line, source)));
        }
    }

    private static string SyntaxCode(IReadOnlyList<string> body, int line, string source)
    {
        var fences = Fences(body);
        if (fences.Count != 1) throw Error(source, line, "a syntax entry must hold exactly one code fence");
        return string.Join(" ", MarkdownBlocks.Lines(fences[0].Text).Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    private static ExampleHelp ReadExample(Section entry, string source)
    {
        var example = new ExampleHelp(entry.Title);
        var before = new List<string>();
        var after = new List<string>();
        var seenCode = false;
        for (var i = 0; i < entry.Body.Count; i++)
        {
            var line = entry.Body[i];
            if (line.Trim().StartsWith("```", StringComparison.Ordinal))
            {
                if (seenCode && after.Any(l => l.Trim().Length > 0))
                    throw Error(source, entry.Line, "an example's code fences must come together, before its remarks");
                var language = line.Trim()[3..].Trim();
                var code = new List<string>();
                for (i++; i < entry.Body.Count && !entry.Body[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                    code.Add(entry.Body[i]);
                if (i >= entry.Body.Count) throw Error(source, entry.Line, "an example has an unclosed code fence");
                example.Code.Add(new CodeBlock(language, string.Join("\n", code)));
                seenCode = true;
                continue;
            }
            (seenCode ? after : before).Add(line);
        }
        if (!seenCode) throw Error(source, entry.Line, $"example '{entry.Title}' has no code");
        example.Introduction = Prose(before);
        example.Remarks = Prose(after);
        return example;
    }

    private static ParameterHelp ReadParameter(Section entry, string source)
    {
        var parameter = new ParameterHelp(entry.Title[1..].Trim());
        var description = new List<string>();
        for (var i = 0; i < entry.Body.Count; i++)
        {
            var line = entry.Body[i];
            if (line.Trim() == "```yaml")
            {
                var block = new ParameterBlock();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (i++; i < entry.Body.Count && entry.Body[i].Trim() != "```"; i++)
                {
                    var yaml = entry.Body[i];
                    if (yaml.Trim().Length == 0) continue;
                    var colon = yaml.IndexOf(':', StringComparison.Ordinal);
                    var key = colon < 0 ? yaml.Trim() : yaml[..colon].Trim();
                    if (colon < 0 || !YamlKeys.Contains(key))
                        throw Error(source, entry.Line, $"parameter -{parameter.Name} has an unknown yaml line '{yaml.Trim()}'");
                    if (!seen.Add(key)) throw Error(source, entry.Line, $"parameter -{parameter.Name} repeats '{key}'");
                    var value = yaml[(colon + 1)..].Trim();
                    switch (key)
                    {
                        case "Type": block.Type = value; break;
                        case "Parameter Sets": block.ParameterSets = value; break;
                        case "Aliases": block.Aliases = value; break;
                        case "Required": block.Required = value; break;
                        case "Position": block.Position = value; break;
                        case "Default value": block.DefaultValue = value; break;
                        case "Accept pipeline input": block.AcceptPipelineInput = value; break;
                        case "Accept wildcard characters": block.AcceptWildcardCharacters = value; break;
                    }
                }
                var missing = YamlKeys.Where(k => !seen.Contains(k)).ToArray();
                if (missing.Length > 0) throw Error(source, entry.Line, $"parameter -{parameter.Name} lacks {string.Join(", ", missing)}");
                parameter.Blocks.Add(block);
                continue;
            }
            if (parameter.Blocks.Count > 0 && line.Trim().Length > 0)
                throw Error(source, entry.Line, $"parameter -{parameter.Name} has text after its yaml block");
            description.Add(line);
        }
        // A parameter without a yaml block is a page being written: the markdown command adds the block from the metadata,
        // and the MAML writer refuses the page until then.
        parameter.Description = Prose(description);
        return parameter;
    }

    private static List<CodeBlock> Fences(IReadOnlyList<string> body)
    {
        var fences = new List<CodeBlock>();
        for (var i = 0; i < body.Count; i++)
        {
            if (!body[i].Trim().StartsWith("```", StringComparison.Ordinal)) continue;
            var language = body[i].Trim()[3..].Trim();
            var code = new List<string>();
            for (i++; i < body.Count && !body[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) code.Add(body[i]);
            fences.Add(new CodeBlock(language, string.Join("\n", code)));
        }
        return fences;
    }

    /// <summary>The prose of a body: its lines with leading and trailing blank lines removed.</summary>
    private static string Prose(IEnumerable<string> body)
    {
        var lines = body.Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join("\n", lines);
    }

    private static List<Section> Split(List<string> lines, int start, string source)
    {
        var all = new List<Section>();
        Section? h2 = null;
        Section? current = null;
        var inFence = false;
        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Trim().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            var heading = inFence ? null : Heading().Match(line) is { Success: true } m ? m : null;
            if (heading is null)
            {
                if (current is null)
                {
                    if (line.Trim().Length > 0) throw Error(source, i, "text before the first heading");
                    continue;
                }
                current.Body.Add(line);
                continue;
            }
            var level = heading.Groups["hashes"].Value.Length;
            var section = new Section(level, heading.Groups["title"].Value.Trim(), i);
            switch (level)
            {
                case 1:
                    all.Add(section);
                    h2 = null;
                    break;
                case 2:
                    all.Add(section);
                    h2 = section;
                    break;
                case 3 when h2 is not null:
                    h2.Children.Add(section);
                    break;
                default:
                    // Deeper headings belong to the prose of the entry they sit in.
                    if (current is null) throw Error(source, i, "a heading outside any section");
                    current.Body.Add(line);
                    continue;
            }
            current = section;
        }
        if (inFence) throw Error(source, lines.Count, "a code fence is not closed");
        return all;
    }

    private static HelpFormatException Error(string source, int line, string problem) =>
        new($"{source}({(line + 1).ToString(CultureInfo.InvariantCulture)}): {problem}.");

    private sealed class Section
    {
        public Section(int level, string title, int line)
        {
            Level = level;
            Title = title;
            Line = line;
        }

        public int Level { get; }
        public string Title { get; }
        public int Line { get; }
        public List<string> Body { get; } = new();
        public List<Section> Children { get; } = new();
    }

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<title>.+?)\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?:[-*]\s+)?\[(?<text>[^\]]+)\]\((?<url>[^)\s]*)\)$")]
    private static partial Regex LinkLine();
}
