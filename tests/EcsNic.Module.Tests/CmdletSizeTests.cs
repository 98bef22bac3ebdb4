using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>
/// Thin cmdlets: every cmdlet class (a *Command class of src/EcsNic/Commands deriving from Cmdlet) has at most 80 code
/// lines, from its first attribute line to its closing brace, blank lines and // or /// comment lines not counted. What
/// is not binding, checking or ShouldProcess belongs in a core workflow. One row per cmdlet, and a test that the rows are
/// exactly the module's cmdlets.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class CmdletSizeTests
{
    public const int Limit = 80;

    private static readonly Regex Attribute = new(@"^\s*\[", RegexOptions.CultureInvariant);

    private readonly ModuleMetadata _module;

    public CmdletSizeTests(ModuleMetadata module) => _module = module;

    [Theory]
    [InlineData("AddEcsServerNicCommand")]
    [InlineData("ConnectEcsCloudCommand")]
    [InlineData("DisconnectEcsCloudCommand")]
    [InlineData("GetEcsContextCommand")]
    [InlineData("GetEcsJobCommand")]
    [InlineData("GetEcsNicCommand")]
    [InlineData("GetEcsNicVirtualIpCommand")]
    [InlineData("GetEcsServerNicCommand")]
    [InlineData("GetEcsSubnetCommand")]
    [InlineData("GetEcsVpcCommand")]
    [InlineData("NewEcsNicCommand")]
    [InlineData("NewEcsSubnetCommand")]
    [InlineData("NewEcsVpcCommand")]
    [InlineData("RemoveEcsNicCommand")]
    [InlineData("RemoveEcsNicVirtualIpCommand")]
    [InlineData("RemoveEcsServerNicCommand")]
    [InlineData("RemoveEcsSubnetCommand")]
    [InlineData("RemoveEcsVpcCommand")]
    [InlineData("SetEcsNicVirtualIpCommand")]
    [InlineData("WaitEcsJobCommand")]
    public void A_cmdlet_class_has_at_most_80_code_lines(string className)
    {
        var lines = CodeLines(className);
        Assert.True(lines <= Limit, $"{className} has {lines} code lines (at most {Limit}): move what is not parameter binding, " +
                                    "checking or ShouldProcess into a workflow in src/EcsNic.Core/Workflows.");
    }

    [Fact]
    public void Every_cmdlet_class_of_the_module_has_a_row_and_every_row_is_one()
    {
        var rows = Rows().Select(r => r.ClassName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(CmdletClasses().OrderBy(n => n, StringComparer.Ordinal), rows);
    }

    [Theory]
    [InlineData("[Cmdlet(VerbsCommon.Get, \"X\")]\n[OutputType(typeof(string))]\npublic sealed class XCommand : PSCmdlet\n{\n}\n", 5)]
    [InlineData("/// <summary>A.</summary>\n[Cmdlet(VerbsCommon.Get, \"X\",\n    DefaultParameterSetName = \"A\")]\npublic sealed class XCommand : EcsCmdlet\n{\n" +
                "    /// <summary>B.</summary>\n\n    // Why.\n    [Parameter]\n    public string? Y { get; set; }\n}\n", 7)]
    public void The_count_takes_attribute_and_code_lines_and_leaves_out_blank_and_comment_lines(string source, int expected)
    {
        Assert.Equal(expected, Count(source.Split('\n'), "XCommand"));
    }

    // Non-abstract types deriving from System.Management.Automation.Cmdlet, read from the built module.
    private IReadOnlyList<string> CmdletClasses()
    {
        var cmdlets = _module.Module.GetTypes().Where(t => t.IsClass && !t.IsAbstract && DerivesFromCmdlet(t)).ToArray();
        Assert.True(cmdlets.Length >= 20, $"Expected the module's cmdlets, found {cmdlets.Length}.");
        Assert.All(cmdlets, t => Assert.Equal("EcsNic.Commands", t.Namespace));
        Assert.All(cmdlets, t => Assert.EndsWith("Command", t.Name, StringComparison.Ordinal));
        return cmdlets.Select(t => t.Name).ToArray();
    }

    private static bool DerivesFromCmdlet(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.FullName == "System.Management.Automation.Cmdlet") return true;
        return false;
    }

    private static IEnumerable<(string ClassName, string? Skip)> Rows() =>
        typeof(CmdletSizeTests).GetMethod(nameof(A_cmdlet_class_has_at_most_80_code_lines))!
            .GetCustomAttributes<InlineDataAttribute>()
            .Select(a => ((string)a.GetData(null!).Single()[0], (string?)a.Skip));

    private static int CodeLines(string className)
    {
        var path = Path.Combine(ModuleLocator.RepoRoot, "src", "EcsNic", "Commands", className + ".cs");
        Assert.True(File.Exists(path), $"{className} is not in {path} (one cmdlet per file, named after its class).");
        return Count(File.ReadAllLines(path), className);
    }

    // From the first attribute line above the declaration to the closing brace, which a file-scoped namespace puts in column 0.
    private static int Count(IReadOnlyList<string> lines, string className)
    {
        var declaration = Enumerable.Range(0, lines.Count)
            .Single(i => Regex.IsMatch(lines[i], @"\bclass\s+" + Regex.Escape(className) + @"\b", RegexOptions.CultureInvariant));
        var start = declaration;
        while (start > 0 && IsAttributePart(lines, start - 1)) start--;
        var end = Enumerable.Range(declaration + 1, lines.Count - declaration - 1).First(i => lines[i].TrimEnd() == "}");
        return lines.Skip(start).Take(end - start + 1).Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal));
    }

    // An attribute line, or the continuation of one that opened above it.
    private static bool IsAttributePart(IReadOnlyList<string> lines, int index)
    {
        var text = lines[index].Trim();
        if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("namespace ", StringComparison.Ordinal) ||
            text.StartsWith("using ", StringComparison.Ordinal))
            return false;
        for (var i = index; i >= 0 && lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal); i--)
            if (Attribute.IsMatch(lines[i])) return true;
        return false;
    }
}
