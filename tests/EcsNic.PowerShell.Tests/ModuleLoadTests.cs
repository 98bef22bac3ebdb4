using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>The runspace runs the staged module, with its own EcsNic.Core, on PowerShell 7.6.9.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class ModuleLoadTests
{
    private readonly PowerShellFixture _fixture;

    public ModuleLoadTests(PowerShellFixture fixture) => _fixture = fixture;

    [Fact]
    public void The_staged_module_and_its_own_core_assembly_are_loaded_on_PowerShell_7_6_9()
    {
        using var ps = _fixture.NewSession();
        var run = ps.Run("""
            (Get-Module EcsNic).ModuleBase
            [EcsNic.Core.Models.ServerNic].Assembly.Location
            [EcsNic.Commands.GetEcsServerNicCommand].Assembly.Location
            $PSVersionTable.PSVersion.ToString()
            """).AssertClean();
        var lines = run.Output.Select(o => o.ToString()).ToArray();
        var staged = Path.GetFullPath(RepoPaths.StagedModuleDirectory);
        Assert.Equal(staged, Path.GetFullPath(lines[0]));
        // EcsNic.Loader makes .NET 10 on linux-x64 run on the ReadyToRun net10.0 copy; elsewhere the netstandard2.0 one loads.
        var core = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? Path.Combine(staged, "coreclr", "EcsNic.Core.dll")
            : Path.Combine(staged, "EcsNic.Core.dll");
        Assert.Equal(core, lines[1]);
        Assert.Equal(Path.Combine(staged, "EcsNic.dll"), lines[2]);
        Assert.Equal("7.6.9", lines[3]);
        // Exactly one EcsNic.Core in the process: a second copy would split the module's types in two.
        Assert.Single(System.AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "EcsNic.Core");
    }

    [Fact]
    public void A_cmdlet_lists_the_emulator_NICs()
    {
        using var ps = _fixture.NewSession();
        var server = (string)_fixture.Emulator.Servers[0]["id"]!;
        var run = ps.Run("Get-EcsServerNic -ServerId $args[0] @Connection", server).AssertClean();
        Assert.Equal(_fixture.Emulator.NicIdsOf(server).OrderBy(x => x), run.Output.Select(o => (string)o.Properties["PortId"].Value).OrderBy(x => x));
        Assert.Equal(1, _fixture.Emulator.RequestsFor("ListServerInterfaces"));
    }

    [Fact]
    public void Without_the_tests_credentials_nothing_authenticates_and_nothing_is_sent()
    {
        using var ps = _fixture.NewSession();
        var server = (string)_fixture.Emulator.Servers[0]["id"]!;
        var run = ps.Run("Get-EcsServerNic -ServerId $args[0] -Region $Connection.Region -Endpoint $Connection.Endpoint", server);

        var error = run.Terminating?.ErrorRecord ?? Assert.Single(run.Errors);
        Assert.StartsWith("EcsNic.NoCredentials,", error.FullyQualifiedErrorId, System.StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Equal(0L, _fixture.Emulator.Counters()["total_requests"]!.GetValue<long>());
    }
}
