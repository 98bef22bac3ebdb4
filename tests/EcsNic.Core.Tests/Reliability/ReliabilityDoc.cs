using System;
using System.IO;
using Xunit;

namespace EcsNic.Core.Tests.Reliability;

/// <summary>
/// Keeps docs/reliability.md in step with what the suite produces: a section between
/// <c>&lt;!-- name:begin --&gt;</c> and <c>&lt;!-- name:end --&gt;</c> must equal the text the test just wrote. Runs only
/// where the repository is (the test assembly lives under it); a copied assembly skips the check.
/// </summary>
public static class ReliabilityDoc
{
    public const string RelativePath = "docs/reliability.md";

    public static void AssertSection(string name, string produced)
    {
        var path = Locate();
        if (path is null) return;
        var doc = File.ReadAllText(path).Replace("\r\n", "\n");
        var begin = $"<!-- {name}:begin -->\n";
        var end = $"<!-- {name}:end -->";
        var start = doc.IndexOf(begin, StringComparison.Ordinal);
        var stop = doc.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"{RelativePath} has no '{name}' section between {begin.Trim()} and {end}.");
        var section = doc.Substring(start + begin.Length, stop - start - begin.Length).Trim();
        Assert.True(section == produced.Replace("\r\n", "\n").Trim(),
            $"The '{name}' section of {RelativePath} is out of date; replace it with:\n{produced}");
    }

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsNic.sln")))
            {
                var path = Path.Combine(dir.FullName, RelativePath);
                return File.Exists(path) ? path : throw new FileNotFoundException($"{RelativePath} is missing.", path);
            }
        }
        return null;
    }
}
