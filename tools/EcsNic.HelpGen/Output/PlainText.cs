using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using EcsNic.HelpGen.Markdown;

namespace EcsNic.HelpGen.Output;

/// <summary>Turns prose blocks into the plain text Get-Help shows.</summary>
public static class PlainText
{
    /// <summary>
    /// One string per block, for MAML paragraphs: Get-Help wraps paragraphs itself, so only code and tables keep their
    /// line breaks.
    /// </summary>
    public static IReadOnlyList<string> Paragraphs(string markdown) =>
        MarkdownBlocks.Parse(markdown).Select(block => block.Kind switch
        {
            BlockKind.ListItem => new string(' ', block.Level * 2) + block.Marker + " " + block.Text,
            BlockKind.Code => string.Join("\n", MarkdownBlocks.Lines(block.Text).Select(l => l.Length == 0 ? l : "    " + l)),
            BlockKind.Table => string.Join("\n", TableLines(block.Rows!)),
            _ => block.Text,
        }).ToArray();

    /// <summary>A pipe table as aligned columns, the header underlined with dashes.</summary>
    public static IReadOnlyList<string> TableLines(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0) return Array.Empty<string>();
        var columns = rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        string Row(IReadOnlyList<string> row) =>
            string.Join("  ", Enumerable.Range(0, columns).Select(c => (c < row.Count ? row[c] : string.Empty).PadRight(widths[c]))).TrimEnd();
        var lines = new List<string> { Row(rows[0]), string.Join("  ", widths.Select(w => new string('-', Math.Max(w, 1)))) };
        lines.AddRange(rows.Skip(1).Select(Row));
        return lines;
    }

    /// <summary>Word-wraps <paramref name="text"/> to <paramref name="width"/> columns with the given indents.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width, string firstIndent, string restIndent)
    {
        var lines = new List<string>();
        var line = new StringBuilder(firstIndent);
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear().Append(restIndent);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        if (!empty) lines.Add(line.ToString());
        return lines;
    }
}
