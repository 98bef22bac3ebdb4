using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Errors;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.Integration;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Workflows;

/// <summary>
/// The wait until new resources are usable, against the emulator: each ready record is reported once, one that can never
/// become usable is an error with its state's code, and the timeout is one error naming every resource still not usable.
/// The waiter's waits are short (and a timeout runs on a virtual clock), so no test waits for real seconds.
/// </summary>
public sealed class WaitForResourcesTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public WaitForResourcesTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
    }

    [Fact]
    public async Task Reports_each_subnet_once_it_reads_active()
    {
        using var client = _emulator.Client();
        var a = await CreateSubnetAsync(client, "wait-a", "192.168.60.0/24");
        var b = await CreateSubnetAsync(client, "wait-b", "192.168.61.0/24");
        var sink = new RecordingSink();

        var wait = new WaitForResources<EcsSubnet>(ResourceWaits.Subnets(client), new[] { a, b, a }, 60, sink, clock: new QuickClock());
        await wait.RunAsync(CancellationToken.None);

        Assert.Equal(new[] { a.SubnetId, b.SubnetId }, wait.Ids);
        Assert.Empty(sink.Errors);
        var ready = sink.Outputs.Cast<EcsSubnet>().ToList();
        Assert.Equal(new[] { a.SubnetId, b.SubnetId }.OrderBy(x => x), ready.Select(s => s.SubnetId).OrderBy(x => x));
        Assert.All(ready, s => Assert.Equal("ACTIVE", s.Status));
        Assert.Equal("Waiting for 2 new subnet(s) to be ACTIVE", wait.Activity);
        Assert.True(sink.ProgressReports.Last().Completed);
    }

    [Fact]
    public async Task The_timeout_is_one_error_naming_every_subnet_still_not_active()
    {
        _emulator.Host.Settings.Vpc.SubnetActivationDelay = TimeSpan.FromHours(1);
        using var client = _emulator.Client();
        var a = await CreateSubnetAsync(client, "slow-a", "192.168.62.0/24");
        var b = await CreateSubnetAsync(client, "slow-b", "192.168.63.0/24");
        var sink = new RecordingSink();

        await new WaitForResources<EcsSubnet>(ResourceWaits.Subnets(client), new[] { a, b }, 7, sink, clock: new FakeClock())
            .RunAsync(CancellationToken.None);

        Assert.Empty(sink.Outputs);
        var reported = Assert.Single(sink.Errors);
        var timeout = Assert.IsType<EcsRefusalException>(reported.Error);
        Assert.Equal((ResourceWaits.TimeoutErrorId, EcsErrorKind.OperationTimeout), (timeout.ErrorId, timeout.Kind));
        Assert.Equal(
            $"Timed out after 7 s with 2 subnet(s) still not ACTIVE: {a.SubnetId} ('slow-a', UNKNOWN), {b.SubnetId} ('slow-b', UNKNOWN). " +
            "They were created and may still become ACTIVE.", timeout.Message);
        Assert.Equal($"Check it with ListSubnets(SubnetId {a.SubnetId}). Wait longer with TimeoutSec.", timeout.Remedy);
        var targets = Assert.IsType<object[]>(reported.Target);
        Assert.Equal(new[] { a.SubnetId, b.SubnetId }, targets.Cast<EcsSubnet>().Select(s => s.SubnetId));
    }

    [Fact]
    public async Task A_port_a_server_uses_can_never_become_ready_and_is_an_error_with_its_record()
    {
        using var client = _emulator.Client();
        var used = await client.GetPortAsync(_emulator.Account.Servers[0].Nics[0].PortId, CancellationToken.None);
        var free = await client.CreatePortAsync(new CreatePortOption { NetworkId = _emulator.Account.SecondSubnet.Id }, CancellationToken.None);
        var sink = new RecordingSink();

        await new WaitForResources<VpcPort>(ResourceWaits.Ports(client), new[] { used, free }, 60, sink, clock: new QuickClock())
            .RunAsync(CancellationToken.None);

        Assert.Equal(free.PortId, Assert.IsType<VpcPort>(Assert.Single(sink.Outputs)).PortId);
        var reported = Assert.Single(sink.Errors);
        var refusal = Assert.IsType<EcsRefusalException>(reported.Error);
        Assert.Equal(("EcsNic.PortInUse", EcsErrorKind.InvalidOperation), (refusal.ErrorId, refusal.Kind));
        Assert.Contains($"used by device {_emulator.Account.Servers[0].Id}", refusal.Message);
        Assert.Equal($"Check it with ListPorts(PortId {used.PortId}).", refusal.Remedy);
        Assert.EndsWith(refusal.Remedy, refusal.Message);
        Assert.Equal(used.PortId, Assert.IsType<VpcPort>(reported.Target).PortId);
    }

    [Fact]
    public async Task Nothing_to_wait_for_reports_nothing_and_sends_nothing()
    {
        using var client = _emulator.Client();
        _emulator.Host.ResetCounters();
        var sink = new RecordingSink();

        await new WaitForResources<EcsVpc>(ResourceWaits.Vpcs(client), Array.Empty<EcsVpc>(), 60, sink).RunAsync(CancellationToken.None);

        Assert.Empty(sink.Reports);
        Assert.Equal(0, _emulator.Host.GetCounters().TotalRequests);
    }

    private Task<EcsSubnet> CreateSubnetAsync(EcsClient client, string name, string cidr) =>
        client.CreateSubnetAsync(new CreateSubnetOption
        {
            Name = name, Cidr = cidr, GatewayIp = VpcInputValidation.DefaultGateway(cidr), VpcId = _emulator.Account.VpcId,
        }, CancellationToken.None);
}
