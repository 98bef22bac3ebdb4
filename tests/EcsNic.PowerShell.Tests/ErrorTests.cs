using System;
using System.Linq;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// One bad record is one non-terminating ErrorRecord with a stable ID and the rest go on; with -ErrorAction Stop the
/// pipeline ends at the first error and nothing behind it (nor the call in flight) reaches the cloud.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class ErrorTests
{
    private const string UnknownNic = "00000000-0000-4000-8000-000000000001";

    private readonly PowerShellFixture _fixture;

    public ErrorTests(PowerShellFixture fixture) => _fixture = fixture;

    private EmulatorProcess Emulator => _fixture.Emulator;

    [Fact]
    public void A_bad_record_is_one_error_with_a_stable_id_and_the_other_records_are_bound()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        var run = ps.Run("""
            @(
                [pscustomobject]@{ NicId = $args[0]; SubnetId = $args[3]; IpAddress = '192.168.0.150' }
                [pscustomobject]@{ NicId = $args[4]; SubnetId = $args[3]; IpAddress = '192.168.0.151' }
                [pscustomobject]@{ NicId = $args[1]; SubnetId = $args[3]; IpAddress = '192.168.0.152' }
                [pscustomobject]@{ NicId = $args[2]; SubnetId = $args[3]; IpAddress = '192.168.0.999' }
            ) | Set-EcsNicVirtualIp @Connection
            """, nics[0].PortId, nics[1].PortId, nics[2].PortId, nics[0].SubnetId, UnknownNic);

        Assert.Null(run.Terminating);
        Assert.Equal(new[] { nics[0].PortId, nics[1].PortId }, run.Output.Select(o => (string)o.Properties["NicId"].Value));
        Assert.Equal(2, run.Errors.Count);
        var unknown = Assert.Single(run.Errors, e => e.FullyQualifiedErrorId == "Ecs.0307,EcsNic.Commands.SetEcsNicVirtualIpCommand");
        AssertTargets(unknown, UnknownNic);
        Assert.Equal("ObjectNotFound", unknown.CategoryInfo.Category.ToString());
        var invalid = Assert.Single(run.Errors, e => e.FullyQualifiedErrorId == "EcsNic.InvalidParameter,EcsNic.Commands.SetEcsNicVirtualIpCommand");
        AssertTargets(invalid, nics[2].PortId);
        Assert.Contains("192.168.0.999", invalid.ToString(), StringComparison.Ordinal);
        Assert.Contains("IpAddress", invalid.ToString(), StringComparison.Ordinal);

        Assert.Equal(new[] { "192.168.0.150" }, Emulator.AllowedAddresses(nics[0].PortId));
        Assert.Equal(new[] { "192.168.0.152" }, Emulator.AllowedAddresses(nics[1].PortId));
        Assert.Empty(Emulator.AllowedAddresses(nics[2].PortId));
        // The malformed record was refused before anything was sent.
        Assert.Equal(3, Emulator.RequestsFor("AssociateServerVirtualIp"));
    }

    [Fact]
    public void ErrorAction_Stop_ends_at_a_bad_record_cancels_the_call_in_flight_and_sends_nothing_behind_it()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        // The first call is held by the emulator far longer than the test takes; the generator hands the bad record over
        // only once that call has arrived, so it is certainly in flight when the pipeline stops.
        Emulator.AddLatency("AssociateServerVirtualIp", 60_000);
        var run = ps.Run("""
            & {
                [pscustomobject]@{ NicId = $args[0]; SubnetId = $args[3]; IpAddress = '192.168.0.160' }
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while (-not (Invoke-RestMethod -Uri "$($args[4])counters" -NoProxy).requests.AssociateServerVirtualIp) {
                    if ([DateTime]::UtcNow -gt $deadline) { throw 'Hang guard: the first call never reached the emulator.' }
                    Start-Sleep -Milliseconds 20
                }
                [pscustomobject]@{ NicId = $args[1]; SubnetId = $args[3]; IpAddress = 'not-an-address' }
                [pscustomobject]@{ NicId = $args[2]; SubnetId = $args[3]; IpAddress = '192.168.0.162' }
            } $args[0] $args[1] $args[2] $args[3] $args[4] | Set-EcsNicVirtualIp @Connection -ErrorAction Stop
            """, nics[0].PortId, nics[1].PortId, nics[2].PortId, nics[0].SubnetId, Emulator.ControlUri.ToString());
        var pathsWhenStopped = Emulator.Paths();

        Assert.NotNull(run.Terminating);
        Assert.Equal("EcsNic.InvalidParameter,EcsNic.Commands.SetEcsNicVirtualIpCommand", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        Assert.Empty(run.Output);
        Assert.Equal(1, Emulator.RequestsFor("AssociateServerVirtualIp"));
        Assert.DoesNotContain(pathsWhenStopped, p => p.Contains(nics[2].PortId, StringComparison.Ordinal));
        AfterStop.AssertRunspaceWorksAndNothingElseWasSent(ps, Emulator, pathsWhenStopped, nics[0].ServerId);
    }

    [Fact]
    public void ErrorAction_Stop_on_an_error_of_the_cloud_writes_nothing_after_it_and_starts_no_further_record()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        // One call at a time, each held 3 s: when the first fails, the second is held in the emulator while the pipeline
        // (which looks at least every 200 ms) stops; the third and fourth never start.
        Emulator.AddLatency("AssociateServerVirtualIp", 3000);
        var run = ps.Run("""
            @(
                [pscustomobject]@{ NicId = $args[2]; SubnetId = $args[1]; IpAddress = '192.168.0.170' }
                [pscustomobject]@{ NicId = $args[0][0]; SubnetId = $args[1]; IpAddress = '192.168.0.171' }
                [pscustomobject]@{ NicId = $args[0][1]; SubnetId = $args[1]; IpAddress = '192.168.0.172' }
                [pscustomobject]@{ NicId = $args[0][2]; SubnetId = $args[1]; IpAddress = '192.168.0.173' }
            ) | Set-EcsNicVirtualIp -ThrottleLimit 1 @Connection -ErrorAction Stop
            """, nics.Select(n => n.PortId).ToArray(), nics[0].SubnetId, UnknownNic);
        var pathsWhenStopped = Emulator.Paths();

        Assert.NotNull(run.Terminating);
        Assert.Equal("Ecs.0307,EcsNic.Commands.SetEcsNicVirtualIpCommand", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        AssertTargets(run.Terminating.ErrorRecord, UnknownNic);
        // Results come in input order, so nothing can be written before the first record's error.
        Assert.Empty(run.Output);
        Assert.InRange(Emulator.RequestsFor("AssociateServerVirtualIp"), 1, 2);
        Assert.DoesNotContain(pathsWhenStopped, p => p.Contains(nics[1].PortId, StringComparison.Ordinal) || p.Contains(nics[2].PortId, StringComparison.Ordinal));
        AfterStop.AssertRunspaceWorksAndNothingElseWasSent(ps, Emulator, pathsWhenStopped, nics[0].ServerId);
    }

    // The NIC ID, or (as issue 13 asks) the piped record that carries it.
    private static void AssertTargets(System.Management.Automation.ErrorRecord error, string nicId)
    {
        var target = error.TargetObject is System.Management.Automation.PSObject wrapped && wrapped.BaseObject is not System.Management.Automation.PSCustomObject
            ? wrapped.BaseObject
            : error.TargetObject;
        var named = target as string ?? System.Management.Automation.PSObject.AsPSObject(target).Properties["NicId"]?.Value?.ToString();
        Assert.Equal(nicId, named);
    }
}
