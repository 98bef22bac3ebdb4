using System;
using System.Linq;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>Get-Help of every cmdlet the staged module exports comes from its compiled MAML: synopsis, parameters, examples.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class HelpTests
{
    private readonly PowerShellFixture _fixture;

    public HelpTests(PowerShellFixture fixture) => _fixture = fixture;

    [Fact]
    public void Every_exported_cmdlet_has_full_help_from_the_staged_MAML()
    {
        using var ps = _fixture.NewSession();
        var run = ps.Run("""
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            foreach ($command in Get-Command -Module EcsNic | Sort-Object Name) {
                $help = Get-Help -Name $command.Name -Full
                [pscustomobject]@{
                    Name = $command.Name
                    Type = [string]$command.CommandType
                    HelpFile = $command.HelpFile
                    Synopsis = [string]$help.Synopsis
                    Description = ($help.description | ForEach-Object Text) -join ' '
                    Examples = @($help.examples.example | Where-Object { "$($_.code)".Trim() -and ($_.remarks | ForEach-Object Text) -join '' }).Count
                    Missing = @($command.Parameters.Keys | Where-Object { $_ -notin $common } | Where-Object {
                        $name = $_
                        $documented = $help.parameters.parameter | Where-Object name -EQ $name
                        -not $documented -or -not (($documented.description | ForEach-Object Text) -join '').Trim()
                    })
                }
            }
            """).AssertClean();

        var exported = ps.Run("(Get-Module EcsNic).ExportedCmdlets.Keys").AssertClean().Output.Select(o => o.ToString()).OrderBy(n => n).ToArray();
        Assert.NotEmpty(exported);
        Assert.Equal(exported, run.Output.Select(o => (string)o.Properties["Name"].Value));
        Assert.All(run.Output, help =>
        {
            var name = (string)help.Properties["Name"].Value;
            Assert.Equal("Cmdlet", help.Properties["Type"].Value);
            Assert.Equal("EcsNic.dll-Help.xml", (help.Properties["HelpFile"].Value?.ToString() ?? string.Empty).Split('/', '\\')[^1]);
            var synopsis = ((string)help.Properties["Synopsis"].Value).Trim();
            Assert.False(string.IsNullOrEmpty(synopsis), $"{name}: no synopsis");
            // Without MAML, PowerShell makes the synopsis out of the syntax.
            Assert.False(synopsis.StartsWith(name + " [", StringComparison.Ordinal), $"{name}: the synopsis is the generated syntax: {synopsis}");
            Assert.False(string.IsNullOrWhiteSpace((string)help.Properties["Description"].Value), $"{name}: no description");
            Assert.True((int)help.Properties["Examples"].Value > 0, $"{name}: no example with code and remarks");
            Assert.True(((object[])help.Properties["Missing"].Value).Length == 0,
                $"{name}: parameters without help: {string.Join(", ", (object[])help.Properties["Missing"].Value)}");
        });
    }
}
