using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// Ctrl+C as a host delivers it, PowerShell.Stop(), while calls are held by the emulator: the stop completes, nothing
/// reaches the emulator after it, and the runspace runs the next command. The time Stop() took is written to the test
/// output for the record; it is not asserted (the machine is shared and slow).
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class StopTests
{
    private readonly PowerShellFixture _fixture;
    private readonly ITestOutputHelper _output;

    public StopTests(PowerShellFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private EmulatorProcess Emulator => _fixture.Emulator;

    [Fact]
    public void Stop_during_a_bulk_bind_cancels_the_calls_in_flight_and_starts_none_of_the_queued_ones()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.All(Emulator).Where(n => n.IpAddress.StartsWith("192.168.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, nics.Length);
        Emulator.AddLatency("AssociateServerVirtualIp", 60_000);
        var running = ps.Start("""
            $rows = foreach ($nic in $args[0]) {
                [pscustomobject]@{ NicId = $nic[0]; SubnetId = $nic[1]; IpAddress = $nic[2] }
            }
            $rows | Set-EcsNicVirtualIp -ThrottleLimit 2 @Connection
            """, new object[] { nics.Select(n => new[] { n.PortId, n.SubnetId, n.IpAddress[..n.IpAddress.LastIndexOf('.')] + ".180" }).ToArray() });
        Emulator.WaitForRequests("AssociateServerVirtualIp", 2);

        var (run, pathsWhenStopped) = StopAndRecord(running, "a bulk bind");

        Assert.Empty(run.Output);
        Assert.Empty(run.Errors);
        Assert.Equal(2, pathsWhenStopped.Count(p => p.StartsWith("PUT ", StringComparison.Ordinal)));
        AfterStop.AssertRunspaceWorksAndNothingElseWasSent(ps, Emulator, pathsWhenStopped, nics[0].ServerId);
        Assert.Equal(2, Emulator.RequestsFor("AssociateServerVirtualIp"));
    }

    [Fact]
    public void Stop_during_Add_EcsServerNic_Wait_ends_the_polling()
    {
        using var ps = _fixture.NewSession();
        var server = DemoNic.InSubnetA(Emulator)[2].ServerId;
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        Emulator.SetJobDuration(600_000);
        Emulator.AddLatency("ShowJob", 60_000);
        var running = ps.Start("Add-EcsServerNic -ServerId $args[0] -SubnetId $args[1] -Wait @Connection", server, subnetB);
        Emulator.WaitForRequests("ShowJob", 1);

        var (run, pathsWhenStopped) = StopAndRecord(running, "Add-EcsServerNic -Wait");

        Assert.Empty(run.Output);
        AfterStop.AssertRunspaceWorksAndNothingElseWasSent(ps, Emulator, pathsWhenStopped, server);
        Assert.Equal(1, Emulator.RequestsFor("BatchAddServerNics"));
        Assert.Equal(1, Emulator.RequestsFor("ShowJob"));
    }

    [Fact]
    public void Stop_during_Wait_EcsJob_ends_the_polling()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.All(Emulator)[1];
        Emulator.SetJobDuration(600_000);
        var job = ps.Run("(Remove-EcsServerNic -ServerId $args[0] -NicId $args[1] -Force @Connection).JobId", nic.ServerId, nic.PortId).AssertClean();
        Emulator.AddLatency("ShowJob", 60_000);
        var running = ps.Start("Wait-EcsJob -JobId $args[0] -PollIntervalSec 0.1 @Connection", job.Output.Single().ToString());
        Emulator.WaitForRequests("ShowJob", 1);

        var (run, pathsWhenStopped) = StopAndRecord(running, "Wait-EcsJob");

        Assert.Empty(run.Output);
        Assert.Empty(run.Errors);
        AfterStop.AssertRunspaceWorksAndNothingElseWasSent(ps, Emulator, pathsWhenStopped, nic.ServerId);
        Assert.Equal(1, Emulator.RequestsFor("ShowJob"));
    }

    [Fact]
    public void Stop_during_Add_EcsServerNic_Wait_tells_the_host_how_to_wait_for_the_job_that_goes_on()
    {
        using var ps = _fixture.NewSession();
        var server = DemoNic.InSubnetA(Emulator)[2].ServerId;
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        Emulator.SetJobDuration(600_000);
        Emulator.AddLatency("ShowJob", 60_000);
        var running = ps.Start("Add-EcsServerNic -ServerId $args[0] -SubnetId $args[1] -Wait @Connection", server, subnetB);
        Emulator.WaitForRequests("ShowJob", 1);

        StopAndRecord(running, "Add-EcsServerNic -Wait");

        var warning = Assert.Single(ps.Host.WarningLines);
        Assert.Contains("were submitted and go on in the cloud", warning, StringComparison.Ordinal);
        Assert.Contains("Wait-EcsJob -JobId ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_during_New_EcsVpc_Wait_says_the_vpc_was_created_and_how_to_check_it_never_to_wait_for_a_job()
    {
        using var ps = _fixture.NewSession();
        Emulator.SetVpcLifecycle(new JsonObject { ["vpc_creating_ms"] = 600_000 });
        var running = ps.Start("New-EcsVpc -Name stopped -Cidr 10.50.0.0/16 -Wait @Connection");
        Emulator.WaitForRequests("ShowVpc", 1);

        StopAndRecord(running, "New-EcsVpc -Wait");

        var warning = Assert.Single(ps.Host.WarningLines);
        Assert.DoesNotContain("Wait-EcsJob", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("job", warning, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("VPC(s)", warning, StringComparison.Ordinal);
        Assert.Contains("were created", warning, StringComparison.Ordinal);
        Assert.Contains("Get-EcsVpc -VpcId ", warning, StringComparison.Ordinal);
    }

    // Stops the script as Ctrl+C does, records how long Stop() took, and returns what it wrote and what the emulator had seen by then.
    private (ScriptRun Run, System.Collections.Generic.IReadOnlyList<string> PathsWhenStopped) StopAndRecord(RunningScript running, string during)
    {
        var stopTook = running.Stop();
        var pathsWhenStopped = Emulator.Paths();
        var run = running.Wait();
        _output.WriteLine($"PowerShell.Stop() during {during} returned after {stopTook.TotalMilliseconds:F0} ms.");
        Assert.IsType<PipelineStoppedException>(run.Terminating);
        return (run, pathsWhenStopped);
    }
}
