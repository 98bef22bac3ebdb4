using System;
using System.Linq;
using System.Text.RegularExpressions;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// The words the module gives the core's messages (UserWords, worded by the module's PowerShellWords) point to what the
/// staged module really has: every task is a command line of exported cmdlets, every input a parameter of one.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class VocabularyTests
{
    private static readonly Regex CommandName = new(@"(?<![\w-])[A-Z][a-z]+-[A-Z][A-Za-z]+\b", RegexOptions.CultureInvariant);

    private readonly PowerShellFixture _fixture;

    public VocabularyTests(PowerShellFixture fixture) => _fixture = fixture;

    [Fact]
    public void Every_task_names_exported_cmdlets_and_every_input_is_a_parameter_of_one()
    {
        using var ps = _fixture.NewSession();
        // The module installs its vocabulary in the cmdlet base's type initializer, before any cmdlet runs.
        var run = ps.Run("""
            [System.Runtime.CompilerServices.RuntimeHelpers]::RunClassConstructor([EcsNic.Commands.EcsCmdlet].TypeHandle)
            $none = [EcsNic.Core.Text.UserArgument[]]@()
            foreach ($task in [enum]::GetValues([EcsNic.Core.Text.UserTask])) {
                [pscustomobject]@{ Kind = 'Task'; Member = [string]$task; Words = [EcsNic.Core.Text.UserWords]::Task($task, $none) }
            }
            foreach ($in in [enum]::GetValues([EcsNic.Core.Text.UserInput])) {
                [pscustomobject]@{ Kind = 'Input'; Member = [string]$in; Words = [EcsNic.Core.Text.UserWords]::Input($in) }
            }
            """).AssertClean();
        var common = ps.Run("[System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters")
            .AssertClean().Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var cmdlets = ps.Run("Get-Command -Module EcsNic -CommandType Cmdlet | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Parameters = @($_.Parameters.Keys) } }")
            .AssertClean().Output.ToDictionary(o => (string)o.Properties["Name"].Value, o => ((object[])o.Properties["Parameters"].Value).Cast<string>().ToArray(),
                StringComparer.OrdinalIgnoreCase);
        var known = ps.Run("Get-Command -CommandType Cmdlet, Function | ForEach-Object Name").AssertClean().Output.Select(o => o.ToString())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.True(cmdlets.Count >= 20, $"Expected the module's cmdlets, found {cmdlets.Count}.");

        var words = run.Output.Select(o => (Kind: (string)o.Properties["Kind"].Value, Member: (string)o.Properties["Member"].Value,
            Words: (string)o.Properties["Words"].Value)).ToArray();
        var tasks = words.Where(w => w.Kind == "Task").ToArray();
        var inputs = words.Where(w => w.Kind == "Input").ToArray();
        // The module's own EcsNic.Core is the one in this runspace; this project does not reference it.
        Assert.Contains(tasks, t => t.Member == "ListServerNics");
        Assert.Contains(inputs, i => i.Member == "ServerId");

        Assert.All(tasks, task =>
        {
            var names = CommandName.Matches(task.Words).Select(m => m.Value).ToArray();
            Assert.True(names.Length > 0 && cmdlets.ContainsKey(names[0]),
                $"UserTask.{task.Member} is worded \"{task.Words}\", which does not start with a cmdlet of the module.");
            Assert.All(names, name => Assert.True(cmdlets.ContainsKey(name) || (!name.Contains("-Ecs", StringComparison.Ordinal) && known.Contains(name)),
                $"UserTask.{task.Member} is worded \"{task.Words}\", whose {name} is not a command the module exports."));
        });
        var parameters = cmdlets.Values.SelectMany(p => p).Where(p => !common.Contains(p)).ToHashSet(StringComparer.Ordinal);
        Assert.All(inputs, input =>
        {
            Assert.Equal("-" + input.Member, input.Words);
            Assert.True(parameters.Contains(input.Member), $"UserInput.{input.Member} is no parameter of any exported cmdlet.");
        });
    }
}
