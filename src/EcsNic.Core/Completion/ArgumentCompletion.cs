using System;
using System.Collections.Generic;
using System.Text;

namespace EcsNic.Core.Completion;

/// <summary>
/// The rules every EcsNic completer follows: values whose text starts with what was typed (ignoring case and an opening
/// quote), in the order the source gives them (most relevant first), without duplicates, at most
/// <see cref="MaxResults"/>, each quoted the way the user started quoting, or in single quotes when the value would
/// not survive the command line bare. Completion never calls the cloud: it uses only what is already known locally.
/// </summary>
public static class ArgumentCompletion
{
    /// <summary>The most results a completer returns; more would only scroll past.</summary>
    public const int MaxResults = 100;

    /// <summary>Completes <paramref name="wordToComplete"/> from <paramref name="values"/>.</summary>
    public static IReadOnlyList<CompletionCandidate> Complete(string? wordToComplete, IEnumerable<CompletionValue> values,
        int maxResults = MaxResults)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        var (prefix, quote) = Parse(wordToComplete);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var results = new List<CompletionCandidate>();
        foreach (var value in values)
        {
            if (results.Count >= maxResults) break;
            if (value is null || value.Value.Length == 0) continue;
            if (!value.Value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !seen.Add(value.Value)) continue;
            var listItem = value.Description.Length == 0 ? value.Value : $"{value.Value} ({value.Description})";
            var toolTip = value.Description.Length == 0 ? value.Value : $"{value.Value}: {value.Description}";
            results.Add(new CompletionCandidate(Quote(value.Value, quote), listItem, toolTip));
        }
        return results;
    }

    /// <summary>
    /// The typed word without its quotes, and the quote character it opened with (or null): "'cn-no" gives
    /// ("cn-no", '\'').
    /// </summary>
    public static (string Prefix, char? Quote) Parse(string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim();
        if (word.Length == 0) return (string.Empty, null);
        var first = word[0];
        if (first is not ('\'' or '"')) return (word, null);
        var inner = word.Substring(1);
        if (inner.Length > 0 && inner[inner.Length - 1] == first) inner = inner.Substring(0, inner.Length - 1);
        // What was typed inside quotes is literal apart from the quote's own escapes.
        inner = first == '\'' ? inner.Replace("''", "'") : inner.Replace("`\"", "\"").Replace("\"\"", "\"").Replace("`$", "$").Replace("``", "`");
        return (inner, first);
    }

    /// <summary>
    /// <paramref name="value"/> as command-line text: in the quote the user opened, else bare when that is safe, else
    /// in single quotes.
    /// </summary>
    public static string Quote(string value, char? quote)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        if (quote == '"')
        {
            var escaped = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                if (c is '`' or '$' or '"') escaped.Append('`');
                escaped.Append(c);
            }
            return escaped.Append('"').ToString();
        }
        if (quote == '\'' || NeedsQuotes(value)) return "'" + value.Replace("'", "''") + "'";
        return value;
    }

    private static bool NeedsQuotes(string value)
    {
        if (value.Length == 0) return true;
        if (value[0] is '-' or '@' or '#' or '<' or '>' or '[' or '.') return true;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || c is '\'' or '"' or '`' or '$' or '&' or '|' or ';' or ',' or '(' or ')' or '{' or '}'
                    or '\u2018' or '\u2019' or '\u201C' or '\u201D')
                return true;
        }
        return false;
    }
}
