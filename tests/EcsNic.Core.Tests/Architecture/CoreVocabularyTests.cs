using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace EcsNic.Core.Tests.Architecture;

/// <summary>
/// The core names no cmdlet and no parameter: its messages point to tasks and inputs (UserWords), which the module words.
/// This reads the string literals of every source file of src/EcsNic.Core and fails on a parameter shape ("-ProjectId")
/// or a command shape ("Get-EcsJob").
/// </summary>
public sealed class CoreVocabularyTests
{
    private static readonly Regex ParameterShape = new(@"(?<![A-Za-z0-9_])-[A-Z][a-z]+", RegexOptions.CultureInvariant);
    private static readonly Regex CommandShape = new(@"\b[A-Z][a-z]+-Ecs[A-Z][A-Za-z]*", RegexOptions.CultureInvariant);

    [Fact]
    public void No_string_literal_of_the_core_names_a_cmdlet_or_a_parameter()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepoRoot(), "src", "EcsNic.Core"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .ToList();
        Assert.True(files.Count > 50, $"Expected the core's sources, found {files.Count} files.");

        var offences = new List<string>();
        var literals = 0;
        foreach (var file in files)
        {
            foreach (var (line, text) in CSharpLiterals.Read(File.ReadAllText(file)))
            {
                literals++;
                if (ParameterShape.IsMatch(text) || CommandShape.IsMatch(text))
                    offences.Add($"{Path.GetFileName(file)}:{line}: \"{text}\"");
            }
        }
        Assert.True(literals > 500, $"Expected the core's string literals, read {literals}.");
        Assert.True(offences.Count == 0, "The core names cmdlets or parameters:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_core_references_no_PowerShell_assembly()
    {
        var references = typeof(EcsNic.Core.Api.EcsClient).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("System.Text.Json", references);
        Assert.DoesNotContain(references, name => name!.StartsWith("System.Management.Automation", StringComparison.Ordinal)
                                                  || name.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("var a = \"Run Get-EcsJob now\";", "Run Get-EcsJob now")]
    [InlineData("var a = $\"Lower -ThrottleLimit {x} or\" + \"more\";", "Lower -ThrottleLimit {x} or")]
    [InlineData("var a = @\"say \"\"-Force\"\"\";", "say \"-Force\"")]
    [InlineData("var a = $@\"{b} -Wait\";", "{b} -Wait")]
    public void The_reader_finds_offending_literals(string source, string expected)
    {
        var texts = CSharpLiterals.Read(source).Select(l => l.Text).ToList();
        Assert.Contains(expected, texts);
        Assert.Contains(texts, t => ParameterShape.IsMatch(t) || CommandShape.IsMatch(t));
    }

    [Theory]
    [InlineData("// Run Get-EcsJob -JobId\nvar a = 1;")]
    [InlineData("/// <summary>Set-EcsNicVirtualIp -NicId</summary>\nvar a = 1;")]
    [InlineData("/* -Force */ var b = 'x'; var c = \"a-b\";")]
    [InlineData("var d = \"2026-12-01 ten-Four x -1\";")]
    public void Comments_and_ordinary_dashes_do_not_count(string source)
    {
        Assert.DoesNotContain(CSharpLiterals.Read(source), l => ParameterShape.IsMatch(l.Text) || CommandShape.IsMatch(l.Text));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EcsNic.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("EcsNic.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A small C# lexer: string literals (regular, verbatim, interpolated; not raw) with their line, comments skipped.</summary>
    private static class CSharpLiterals
    {
        public static IEnumerable<(int Line, string Text)> Read(string source)
        {
            var line = 1;
            var i = 0;
            while (i < source.Length)
            {
                var c = source[i];
                if (c == '\n') { line++; i++; continue; }
                if (c == '/' && At(source, i + 1, '/')) { while (i < source.Length && source[i] != '\n') i++; continue; }
                if (c == '/' && At(source, i + 1, '*'))
                {
                    var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    end = end < 0 ? source.Length : end + 2;
                    line += Count(source, i, end);
                    i = end;
                    continue;
                }
                if (c == '\'')
                {
                    i++;
                    while (i < source.Length && source[i] != '\'') i += source[i] == '\\' ? 2 : 1;
                    i++;
                    continue;
                }
                var prefix = 0;
                var verbatim = false;
                while (i + prefix < source.Length && source[i + prefix] is '$' or '@')
                {
                    verbatim |= source[i + prefix] == '@';
                    prefix++;
                }
                if (i + prefix < source.Length && source[i + prefix] == '"' && (prefix > 0 || c == '"'))
                {
                    var start = line;
                    var text = new StringBuilder();
                    i += prefix + 1;
                    while (i < source.Length)
                    {
                        var ch = source[i];
                        if (verbatim && ch == '"' && At(source, i + 1, '"')) { text.Append('"'); i += 2; continue; }
                        if (!verbatim && ch == '\\' && i + 1 < source.Length) { text.Append(source[i + 1] == '"' ? '"' : ch); i += 2; continue; }
                        if (ch == '"') { i++; break; }
                        if (ch == '\n') line++;
                        text.Append(ch);
                        i++;
                    }
                    yield return (start, text.ToString());
                    continue;
                }
                i += Math.Max(prefix, 1);
            }
        }

        private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

        private static int Count(string s, int from, int to)
        {
            var n = 0;
            for (var k = from; k < to; k++) if (s[k] == '\n') n++;
            return n;
        }
    }
}
