using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using EcsNic.HelpGen.Markdown;
using EcsNic.HelpGen.Model;

namespace EcsNic.HelpGen.Output;

/// <summary>
/// Writes an about topic as the about_*.help.txt file Get-Help shows: "TOPIC", the name, then the sections with their
/// headings in capitals and the text indented and wrapped at 80 columns. Get-Help takes the fifth line as the topic's
/// synopsis, so the layout puts the first line of the short description there.
/// </summary>
public static class AboutTextWriter
{
    public const int Width = 80;

    public static string Write(AboutHelp about)
    {
        ArgumentNullException.ThrowIfNull(about);
        var lines = new List<string> { "TOPIC", "    " + about.Name, string.Empty };
        var blocks = MarkdownBlocks.Parse(about.Markdown);
        if (blocks.Count == 0 || blocks[0].Kind != BlockKind.Heading ||
            !string.Equals(blocks[0].Text, "Short description", StringComparison.OrdinalIgnoreCase))
            throw new HelpFormatException($"{about.Name}: the first section must be '## Short description'.");

        var previous = BlockKind.Heading;
        foreach (var block in blocks)
        {
            var blank = lines.Count > 0 && lines[^1].Length == 0;
            switch (block.Kind)
            {
                case BlockKind.Heading:
                    if (!blank) lines.Add(string.Empty);
                    lines.Add(block.Level <= 2 ? block.Text.ToUpperInvariant() : "  " + block.Text);
                    break;
                case BlockKind.Paragraph:
                    if (previous != BlockKind.Heading && !blank) lines.Add(string.Empty);
                    lines.AddRange(PlainText.Wrap(block.Text, Width, "    ", "    "));
                    break;
                case BlockKind.ListItem:
                    if (previous is not (BlockKind.Heading or BlockKind.ListItem) && !blank) lines.Add(string.Empty);
                    var indent = "    " + new string(' ', block.Level * 2);
                    lines.AddRange(PlainText.Wrap(block.Marker + " " + block.Text, Width, indent, indent + new string(' ', block.Marker.Length + 1)));
                    break;
                case BlockKind.Code:
                    if (previous != BlockKind.Heading && !blank) lines.Add(string.Empty);
                    lines.AddRange(MarkdownBlocks.Lines(block.Text).Select(l => l.Length == 0 ? l : "        " + l));
                    break;
                case BlockKind.Table:
                    if (previous != BlockKind.Heading && !blank) lines.Add(string.Empty);
                    lines.AddRange(PlainText.TableLines(block.Rows!).Select(l => "    " + l));
                    break;
            }
            previous = block.Kind;
        }
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line.TrimEnd()).Append('\n');
        return text.ToString();
    }
}
