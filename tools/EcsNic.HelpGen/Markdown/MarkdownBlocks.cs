using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace EcsNic.HelpGen.Markdown;

/// <summary>The kinds of block the help prose uses.</summary>
public enum BlockKind
{
    Paragraph,
    ListItem,
    Code,
    Table,
    Heading,
}

/// <summary>
/// One block of prose. <see cref="Text"/> is plain text for paragraphs, list items and headings (inline markup already
/// removed), the verbatim lines for code, and unused for tables, whose cells are in <see cref="Rows"/>.
/// </summary>
public sealed record Block(BlockKind Kind, string Text, int Level = 0, string Marker = "", IReadOnlyList<IReadOnlyList<string>>? Rows = null);

/// <summary>
/// Splits the small subset of markdown the help pages use into blocks, and turns inline markup into plain text for
/// Get-Help: paragraphs, "-", "*" and "1." list items (with indented continuation lines), fenced code, pipe tables and
/// headings. Anything else is read as paragraph text.
/// </summary>
public static partial class MarkdownBlocks
{
    public static IReadOnlyList<Block> Parse(string markdown)
    {
        var blocks = new List<Block>();
        var lines = Lines(markdown);
        var paragraph = new StringBuilder();
        Block? openItem = null;
        var itemText = new StringBuilder();

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                blocks.Add(new Block(BlockKind.Paragraph, Inline(paragraph.ToString())));
                paragraph.Clear();
            }
            if (openItem is not null)
            {
                blocks.Add(openItem with { Text = Inline(itemText.ToString()) });
                openItem = null;
                itemText.Clear();
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                var code = new List<string>();
                for (i++; i < lines.Count && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                    code.Add(lines[i]);
                blocks.Add(new Block(BlockKind.Code, string.Join("\n", Dedent(code))));
                continue;
            }
            if (trimmed.Length == 0)
            {
                Flush();
                continue;
            }
            if (trimmed.StartsWith('#'))
            {
                Flush();
                var level = trimmed.TakeWhile(c => c == '#').Count();
                blocks.Add(new Block(BlockKind.Heading, Inline(trimmed[level..].Trim()), level));
                continue;
            }
            if (trimmed.StartsWith('|'))
            {
                Flush();
                var rows = new List<IReadOnlyList<string>>();
                for (; i < lines.Count && lines[i].Trim().StartsWith('|'); i++)
                {
                    var cells = SplitRow(lines[i].Trim());
                    if (cells.All(c => SeparatorCell().IsMatch(c))) continue;
                    rows.Add(cells.Select(Inline).ToArray());
                }
                i--;
                blocks.Add(new Block(BlockKind.Table, string.Empty, Rows: rows));
                continue;
            }
            var item = ListMarker().Match(line);
            if (item.Success)
            {
                Flush();
                openItem = new Block(BlockKind.ListItem, string.Empty, item.Groups["indent"].Value.Length / 2,
                    item.Groups["marker"].Value is "*" ? "-" : item.Groups["marker"].Value);
                itemText.Append(item.Groups["text"].Value.Trim());
                continue;
            }
            if (openItem is not null)
            {
                itemText.Append(' ').Append(trimmed);
                continue;
            }
            if (trimmed.StartsWith('>')) trimmed = trimmed.TrimStart('>').Trim();
            if (paragraph.Length > 0) paragraph.Append(' ');
            paragraph.Append(trimmed);
        }
        Flush();
        return blocks;
    }

    /// <summary>
    /// Plain text of inline markdown: emphasis and code marks dropped, links shown as their text (plus the address for
    /// absolute links), backslash escapes resolved.
    /// </summary>
    public static string Inline(string text)
    {
        // Code spans are set aside first, so that nothing inside them is read as markup or an escape.
        var spans = new List<string>();
        var result = CodeSpan().Replace(text, m =>
        {
            spans.Add(m.Groups["t"].Value);
            return "\u0001" + (spans.Count - 1) + "\u0002";
        });
        result = Link().Replace(result, m =>
        {
            var label = m.Groups["text"].Value;
            var target = m.Groups["url"].Value;
            return target.Contains("://", StringComparison.Ordinal) ? $"{label} ({target})" : label;
        });
        result = Strong().Replace(result, "${t}");
        result = Escape().Replace(result, "${c}");
        result = Placeholder().Replace(result, m => spans[int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        return result.Trim();
    }

    /// <summary>The lines of a text with any newline convention.</summary>
    public static List<string> Lines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').ToList();

    private static IEnumerable<string> Dedent(List<string> lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return lines.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.TrimEnd());
    }

    private static string[] SplitRow(string row)
    {
        var inner = row.Trim();
        if (inner.StartsWith('|')) inner = inner[1..];
        if (inner.EndsWith('|') && !inner.EndsWith("\\|", StringComparison.Ordinal)) inner = inner[..^1];
        var cells = new List<string>();
        var cell = new StringBuilder();
        var inCode = false;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\' && i + 1 < inner.Length && inner[i + 1] == '|')
            {
                cell.Append('|');
                i++;
                continue;
            }
            if (c == '`') inCode = !inCode;
            if (c == '|' && !inCode)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
                continue;
            }
            cell.Append(c);
        }
        cells.Add(cell.ToString().Trim());
        return cells.ToArray();
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?<marker>[-*]|\d+\.)\s+(?<text>.*)$")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^:?-{3,}:?$")]
    private static partial Regex SeparatorCell();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(?<t>.+?)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"`(?<t>[^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\\(?<c>[\\`*_{}\[\]()#+\-.!|<>])")]
    private static partial Regex Escape();

    [GeneratedRegex("\u0001(?<i>[0-9]+)\u0002")]
    private static partial Regex Placeholder();
}
