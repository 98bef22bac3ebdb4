using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>The advice in EcsNic's messages names only cmdlets and parameters that exist (issue 13).</summary>
[Collection(ModuleCollection.Name)]
public sealed class AdviceTests
{
    private static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "ProgressAction", "WhatIf", "Confirm",
    };

    private static readonly Regex StringLiteral = new("\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.CultureInvariant);
    private static readonly Regex ParameterToken = new(@"(?<![\w-])-([A-Z][A-Za-z0-9]+)\b", RegexOptions.CultureInvariant);
    private static readonly Regex CmdletToken = new(@"\b(?:Get|Set|Add|Remove|Wait|Connect|Disconnect)-Ecs[A-Za-z]+\b", RegexOptions.CultureInvariant);

    private readonly ModuleMetadata _module;

    public AdviceTests(ModuleMetadata module) => _module = module;

    [Fact]
    public void Messages_name_only_parameters_and_cmdlets_that_exist()
    {
        var parameters = _module.Cmdlets.SelectMany(c => c.Parameters.SelectMany(p => p.NamesAndAliases))
            .Concat(CommonParameters).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var cmdlets = _module.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = (from file in SourceFiles()
                        from line in File.ReadLines(file).Select((text, index) => (text, number: index + 1))
                        where !line.text.TrimStart().StartsWith("//", StringComparison.Ordinal)
                        from Match literal in StringLiteral.Matches(line.text)
                        from problem in ParameterToken.Matches(literal.Value).Cast<Match>()
                            .Where(m => !parameters.Contains(m.Groups[1].Value)).Select(m => "parameter -" + m.Groups[1].Value)
                            .Concat(CmdletToken.Matches(literal.Value).Cast<Match>().Where(m => !cmdlets.Contains(m.Value)).Select(m => "cmdlet " + m.Value))
                        select $"{Path.GetFileName(file)}:{line.number}: {problem}").ToArray();
        Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
    }

    private static string[] SourceFiles() =>
        new[] { Path.Combine("src", "EcsNic.Core"), Path.Combine("src", "EcsNic") }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(ModuleLocator.RepoRoot, dir), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
}
