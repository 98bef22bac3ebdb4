using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EcsNic.Module.Tests.TestSupport;

/// <summary>
/// Reads the few shapes our manifest uses (key = 'string' and key = @('a', 'b') or one item per line) without
/// PowerShell. Nested hashtables are flattened: keys are unique in EcsNic.psd1.
/// </summary>
internal static class Psd1
{
    public static string? Scalar(string text, string key)
    {
        var match = Regex.Match(text, $@"(?m)^\s*{Regex.Escape(key)}\s*=\s*'([^']*)'\s*$");
        return match.Success ? match.Groups[1].Value : null;
    }

    public static IReadOnlyList<string>? Array(string text, string key)
    {
        // @('a', 'b') or a plain comma list 'a', 'b' (which may go on over lines after each comma).
        var match = Regex.Match(text, $@"(?ms)^\s*{Regex.Escape(key)}\s*=\s*(?:@\((?<items>.*?)\)|(?<items>'[^']*'(?:\s*,\s*'[^']*')*))");
        if (!match.Success) return null;
        return Regex.Matches(match.Groups["items"].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
    }

    public static string WithoutComments(string text) =>
        string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("#", StringComparison.Ordinal)));
}
