using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator.Runtime;
using EcsNic.Emulator.State;
using Xunit;

namespace EcsNic.Core.Tests.Integration;

/// <summary>
/// The VPC port route for virtual IPs (UpdatePort, CreatePort with neutron:VIP_PORT) against the emulator: what it
/// creates, what it writes to which port, the race model, bad input, and a lost CreatePort.
/// </summary>
public sealed class VpcVirtualIpRouteTests : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly EmulatorFixture _emulator;

    public VpcVirtualIpRouteTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
        _emulator.Host.SetRaceModel(false);
    }

    private PortSnapshot[] VipPorts(string ip) =>
        _emulator.Host.State.GetPorts().Where(p => p.DeviceOwner == VpcPort.VirtualIpOwner && p.IpAddress == ip).ToArray();

    [Fact]
    public async Task A_bind_creates_the_virtual_ip_port_once_and_lists_the_nic_on_it()
    {
        using var client = _emulator.Client();
        var first = _emulator.Account.Servers[0].Nics[0];
        var second = _emulator.Account.Servers[1].Nics[0];

        var binding = await client.BindVirtualIpThroughVpcAsync(first.PortId, first.SubnetId, "192.168.0.230", CancellationToken.None);
        await client.BindVirtualIpThroughVpcAsync(second.PortId, second.SubnetId, "192.168.0.230", CancellationToken.None);
        await client.BindVirtualIpThroughVpcAsync(first.PortId, first.SubnetId, "192.168.0.230", CancellationToken.None);

        Assert.Equal((first.PortId, "192.168.0.230", first.SubnetId, VirtualIpAction.Bound, true),
            (binding.NicId, binding.IpAddress, binding.SubnetId, binding.Action, binding.ReverseBinding));
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor(Operations.CreatePort));
        var vip = Assert.Single(VipPorts("192.168.0.230"));
        Assert.Equal(new[] { new AddressPair(first.IpAddress, first.MacAddress), new AddressPair(second.IpAddress, second.MacAddress) },
            vip.AllowedAddressPairs);
        // The NIC's own port gets 1.1.1.1/0 once; the service fills in the port's MAC.
        Assert.Equal(new[] { new AddressPair("1.1.1.1/0", first.MacAddress) }, _emulator.Host.AllowedAddressPairs(first.PortId));
        // The third call changed nothing, so it wrote nothing: two binds, two writes each.
        Assert.Equal(4, _emulator.Host.GetCounters().RequestsFor(Operations.UpdatePort));
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor(Operations.AssociateServerVirtualIp));
    }

    [Fact]
    public async Task An_ha_pair_bound_through_the_bulk_runner_keeps_both_pairs_with_the_race_model_on()
    {
        _emulator.Host.SetRaceModel(true, TimeSpan.FromMilliseconds(30));
        var nics = _emulator.Account.Servers.Take(2).Select(s => s.Nics[0]).ToArray();
        using var client = _emulator.Client();
        var options = new BulkOptions { ThrottleLimit = 8, Coordinator = new BulkKeyCoordinator() };
        using var runner = VirtualIpBulk.CreateRunner(client, new CapturingLogger(), options, CancellationToken.None);
        foreach (var ip in new[] { "192.168.0.231", "192.168.0.232" })
        foreach (var nic in nics)
            runner.Post(VirtualIpCall.Bind(nic.PortId, nic.SubnetId, ip, true, nic.PortId).Through(VirtualIpApi.Vpc));

        var results = await runner.DrainAsync();

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var expected = nics.Select(n => new AddressPair(n.IpAddress, n.MacAddress)).ToHashSet();
        foreach (var ip in new[] { "192.168.0.231", "192.168.0.232" })
            Assert.Equal(expected, Assert.Single(VipPorts(ip)).AllowedAddressPairs.ToHashSet());
        Assert.All(nics, n => Assert.Equal(new[] { new AddressPair("1.1.1.1/0", n.MacAddress) }, _emulator.Host.AllowedAddressPairs(n.PortId)));
    }

    [Fact]
    public async Task An_unbind_removes_exactly_the_nics_pair_and_restores_its_port()
    {
        using var client = _emulator.Client();
        var first = _emulator.Account.Servers[0].Nics[0];
        var second = _emulator.Account.Servers[1].Nics[0];
        // A pair the NIC had before stays: the route adds 1.1.1.1/0 beside it and takes only that away again.
        await client.UpdatePortAsync(first.PortId, new UpdatePortOption
        {
            AllowedAddressPairs = new List<AddressPairOption> { new() { IpAddress = "192.168.0.128/25" } },
        }, CancellationToken.None);
        foreach (var ip in new[] { "192.168.0.233", "192.168.0.234" })
        {
            await client.BindVirtualIpThroughVpcAsync(first.PortId, first.SubnetId, ip, CancellationToken.None);
            await client.BindVirtualIpThroughVpcAsync(second.PortId, second.SubnetId, ip, CancellationToken.None);
        }
        Assert.Equal(2, _emulator.Host.AllowedAddressPairs(first.PortId).Count);

        var result = await client.UnbindVirtualIpThroughVpcAsync(first.PortId, CancellationToken.None);

        Assert.Equal((first.PortId, VirtualIpAction.Unbound), (result.NicId, result.Action));
        foreach (var ip in new[] { "192.168.0.233", "192.168.0.234" })
            Assert.Equal(new[] { new AddressPair(second.IpAddress, second.MacAddress) }, Assert.Single(VipPorts(ip)).AllowedAddressPairs);
        Assert.Equal(new[] { new AddressPair("192.168.0.128/25", first.MacAddress) }, _emulator.Host.AllowedAddressPairs(first.PortId));
        Assert.Equal(new[] { new AddressPair("1.1.1.1/0", second.MacAddress) }, _emulator.Host.AllowedAddressPairs(second.PortId));
    }

    [Theory]
    [InlineData("not-a-uuid", null, "192.168.0.235", "NicId")]
    [InlineData(null, "subnet", "192.168.0.235", "SubnetId")]
    [InlineData(null, null, "2001:db8::1", "IpAddress")]
    [InlineData(null, null, "192.168.0.300", "IpAddress")]
    public async Task Bad_input_is_rejected_before_anything_is_sent(string? nicId, string? subnetId, string ip, string parameter)
    {
        using var client = _emulator.Client();
        var nic = _emulator.Account.Servers[0].Nics[0];
        _emulator.Host.ResetCounters();

        var ex = await Assert.ThrowsAsync<EcsValidationException>(() =>
            client.BindVirtualIpThroughVpcAsync(nicId ?? nic.PortId, subnetId ?? nic.SubnetId, ip, CancellationToken.None));

        Assert.Equal(parameter, ex.ParameterName);
        Assert.Contains(nicId ?? subnetId ?? ip, ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Host.GetCounters().Paths);
    }

    [Fact]
    public async Task Pairs_the_vpc_api_refuses_are_rejected_before_sending_and_by_the_emulator()
    {
        using var client = _emulator.Client();
        var nic = _emulator.Account.Servers[0].Nics[0];
        _emulator.Host.ResetCounters();
        var zero = new UpdatePortOption { AllowedAddressPairs = new List<AddressPairOption> { new() { IpAddress = "0.0.0.0/0" } } };

        var local = await Assert.ThrowsAsync<EcsValidationException>(() => client.UpdatePortAsync(nic.PortId, zero, CancellationToken.None));
        Assert.Equal(("AllowedAddressPairs", "0.0.0.0/0"), (local.ParameterName, local.Value));
        Assert.Empty(_emulator.Host.GetCounters().Paths);

        var eleven = new UpdatePortOption
        {
            AllowedAddressPairs = Enumerable.Range(1, 11).Select(i => new AddressPairOption { IpAddress = "10.1.1." + i }).ToList(),
        };
        var refused = await Assert.ThrowsAsync<EcsApiException>(() => client.UpdatePortAsync(nic.PortId, eleven, CancellationToken.None));
        Assert.Equal((400, "VPC.2500"), (refused.StatusCode, refused.ErrorCode));
        Assert.Empty(_emulator.Host.AllowedAddressPairs(nic.PortId));
    }

    [Fact]
    public async Task A_subnet_that_is_not_the_nics_is_named_and_nothing_is_written()
    {
        using var client = _emulator.Client();
        var nic = _emulator.Account.Servers[0].Nics[0];
        var other = _emulator.Account.SecondSubnet.Id;

        var ex = await Assert.ThrowsAsync<EcsValidationException>(() =>
            client.BindVirtualIpThroughVpcAsync(nic.PortId, other, "192.168.1.235", CancellationToken.None));

        Assert.Equal(("SubnetId", other), (ex.ParameterName, ex.Value));
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor(Operations.CreatePort));
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor(Operations.UpdatePort));
    }

    [Fact]
    public async Task A_lost_create_port_is_outcome_unknown_and_not_repeated()
    {
        using var client = _emulator.Client();
        var nic = _emulator.Account.Servers[0].Nics[0];
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.CreatePort, Kind = FaultKind.DropAfterProcessing });

        var ex = await Assert.ThrowsAsync<OutcomeUnknownException>(() =>
            client.BindVirtualIpThroughVpcAsync(nic.PortId, nic.SubnetId, "192.168.0.236", CancellationToken.None));

        Assert.Equal("CreatePort", ex.Operation);
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor(Operations.CreatePort));
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor(Operations.UpdatePort));
        // The port was created although the answer was lost; binding again finds it instead of creating another.
        Assert.Single(VipPorts("192.168.0.236"));
        await client.BindVirtualIpThroughVpcAsync(nic.PortId, nic.SubnetId, "192.168.0.236", CancellationToken.None);
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor(Operations.CreatePort));
        Assert.Equal(new[] { new AddressPair(nic.IpAddress, nic.MacAddress) }, Assert.Single(VipPorts("192.168.0.236")).AllowedAddressPairs);
    }

    [Fact]
    public async Task An_update_port_whose_answer_is_lost_is_sent_again()
    {
        using var client = _emulator.Client();
        var nic = _emulator.Account.Servers[0].Nics[0];
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.UpdatePort, Kind = FaultKind.DropAfterProcessing });

        await client.BindVirtualIpThroughVpcAsync(nic.PortId, nic.SubnetId, "192.168.0.237", CancellationToken.None);

        Assert.Equal(3, _emulator.Host.GetCounters().RequestsFor(Operations.UpdatePort));
        Assert.Equal(new[] { new AddressPair(nic.IpAddress, nic.MacAddress) }, Assert.Single(VipPorts("192.168.0.237")).AllowedAddressPairs);
    }
}
