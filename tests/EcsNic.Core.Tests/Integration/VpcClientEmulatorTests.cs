using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Integration;

/// <summary>The VPC v1 client calls against the emulator: the create-read-delete cycle, filters, POST safety, polling.</summary>
public sealed class VpcClientEmulatorTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public VpcClientEmulatorTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
        _emulator.Host.SetRaceModel(false);
    }

    [Fact]
    public async Task Creates_reads_lists_and_deletes_a_vpc_a_subnet_and_a_port()
    {
        using var client = _emulator.Client();
        var ct = CancellationToken.None;

        var vpc = await client.CreateVpcAsync(new CreateVpcOption { Name = "cycle", Cidr = "10.9.0.0/16", Description = "d" }, ct);
        Assert.Equal("CREATING", vpc.Status);
        Assert.Equal(_emulator.Account.Region, vpc.Region);
        Assert.Equal("OK", (await client.GetVpcAsync(vpc.VpcId, ct)).Status);
        Assert.Contains(await client.ListVpcsAsync(ct), v => v.VpcId == vpc.VpcId && v.Name == "cycle");

        var subnet = await client.CreateSubnetAsync(new CreateSubnetOption
        {
            Name = "cycle-a", Cidr = "10.9.1.0/24", GatewayIp = "10.9.1.1", VpcId = vpc.VpcId, PrimaryDns = "100.125.1.250",
        }, ct);
        Assert.Equal("UNKNOWN", subnet.Status);
        Assert.False(string.IsNullOrEmpty(subnet.NeutronSubnetId));
        var shown = await client.GetSubnetAsync(subnet.SubnetId, ct);
        Assert.Equal(("ACTIVE", "10.9.1.1", "100.125.1.250"), (shown.Status, shown.GatewayIp, shown.PrimaryDns));
        Assert.Equal(subnet.SubnetId, Assert.Single(await client.ListSubnetsAsync(vpc.VpcId, ct)).SubnetId);

        var port = await client.CreatePortAsync(new CreatePortOption
        {
            NetworkId = subnet.SubnetId,
            FixedIps = new() { new PortFixedIpOption { IpAddress = "10.9.1.38", SubnetId = subnet.NeutronSubnetId } },
            SecurityGroups = new() { "f2c5b3fc-b971-4a86-87b9-032586260e3e" },
        }, ct);
        Assert.Equal(("DOWN", "10.9.1.38", subnet.SubnetId), (port.Status, port.PrimaryIp, port.SubnetId));
        Assert.True(port.IsAttachable);
        Assert.Equal(port.PortId, (await client.GetPortAsync(port.PortId, ct)).PortId);
        Assert.Equal(port.PortId, Assert.Single(await client.ListPortsAsync(new PortFilter { FixedIpAddress = "10.9.1.38" }, ct)).PortId);
        Assert.Equal(port.PortId, Assert.Single(await client.ListPortsAsync(new PortFilter { NetworkId = subnet.SubnetId }, ct)).PortId);
        Assert.Equal(port.PortId, Assert.Single(await client.ListPortsAsync(new PortFilter { FixedIpSubnetId = subnet.NeutronSubnetId, DeviceOwner = "" }, ct)).PortId);

        await client.DeletePortAsync(port.PortId, ct);
        await client.DeleteSubnetAsync(vpc.VpcId, subnet.SubnetId, ct);
        await client.DeleteVpcAsync(vpc.VpcId, ct);
        Assert.Null(_emulator.Host.State.GetVpc(vpc.VpcId));
        var gone = await Assert.ThrowsAsync<EcsApiException>(() => client.GetPortAsync(port.PortId, ct));
        Assert.Equal((404, "VPC.2502"), (gone.StatusCode, gone.ErrorCode));
    }

    [Fact]
    public async Task Lists_the_virtual_ip_ports_of_a_subnet_with_the_nics_bound_to_them()
    {
        using var client = _emulator.Client();
        var nic = _emulator.Account.Servers[0].Nics[0];
        await client.BindVirtualIpAsync(nic.PortId, nic.SubnetId, "192.168.0.210", true, CancellationToken.None);

        var vips = await client.ListPortsAsync(new PortFilter { NetworkId = nic.SubnetId, DeviceOwner = VpcPort.VirtualIpOwner }, CancellationToken.None);
        var vip = Assert.Single(vips);
        Assert.True(vip.IsVirtualIp);
        Assert.Equal("192.168.0.210", vip.PrimaryIp);
        Assert.Contains(vip.AllowedAddressPairs, p => p.IpAddress == nic.IpAddress && p.MacAddress == nic.MacAddress);
        Assert.Contains("GET /v1/" + _emulator.Account.ProjectId + "/ports?limit=200&network_id=" + nic.SubnetId + "&device_owner=neutron%3AVIP_PORT",
            _emulator.Host.GetCounters().Paths);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_not_repeated_and_says_how_to_check()
    {
        using var client = _emulator.Client();
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.CreateSubnet, Kind = FaultKind.DropAfterProcessing });
        var option = new CreateSubnetOption { Name = "lost", Cidr = "192.168.77.0/24", GatewayIp = "192.168.77.1", VpcId = _emulator.Account.VpcId };

        var ex = await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.CreateSubnetAsync(option, CancellationToken.None));

        Assert.Contains($"ListSubnets(VpcId {_emulator.Account.VpcId}, Name lost)", ex.HowToCheck, StringComparison.Ordinal);
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor(Operations.CreateSubnet));
        Assert.Contains(_emulator.Host.State.GetSubnets(), s => s.Name == "lost");
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_is_repeated_and_the_404_that_follows_counts_as_done()
    {
        using var client = _emulator.Client();
        var port = await client.CreatePortAsync(new CreatePortOption { NetworkId = _emulator.Account.SecondSubnet.Id }, CancellationToken.None);
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.DeletePort, Kind = FaultKind.DropAfterProcessing });

        await client.DeletePortAsync(port.PortId, CancellationToken.None);

        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor(Operations.DeletePort));
        Assert.Null(_emulator.Host.State.GetPort(port.PortId));
    }

    [Fact]
    public async Task Polls_make_one_attempt_while_reads_retry()
    {
        using var client = _emulator.Client();
        var subnet = _emulator.Account.Subnet.Id;
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.ShowSubnet, Kind = FaultKind.ServiceUnavailable, Count = 1 });
        Assert.Equal("ACTIVE", (await client.GetSubnetAsync(subnet, CancellationToken.None)).Status);
        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor(Operations.ShowSubnet));

        _emulator.Host.ResetCounters();
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.ShowSubnet, Kind = FaultKind.ServiceUnavailable, Count = 1 });
        var ex = await Assert.ThrowsAsync<EcsApiException>(() => client.PollSubnetAsync(subnet, CancellationToken.None));
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor(Operations.ShowSubnet));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_is_sent()
    {
        using var client = _emulator.Client();
        _emulator.Host.ResetCounters();
        var ct = CancellationToken.None;
        Assert.Equal("Cidr", (await Assert.ThrowsAsync<EcsValidationException>(() =>
            client.CreateVpcAsync(new CreateVpcOption { Name = "x", Cidr = "8.8.8.0/24" }, ct))).ParameterName);
        Assert.Equal("GatewayIp", (await Assert.ThrowsAsync<EcsValidationException>(() => client.CreateSubnetAsync(
            new CreateSubnetOption { Name = "x", Cidr = "10.0.1.0/24", GatewayIp = "10.0.2.1", VpcId = _emulator.Account.VpcId }, ct))).ParameterName);
        Assert.Equal("SecurityGroupId", (await Assert.ThrowsAsync<EcsValidationException>(() => client.CreatePortAsync(new CreatePortOption
        {
            NetworkId = _emulator.Account.Subnet.Id,
            SecurityGroups = Enumerable.Range(1, 6).Select(i => $"f2c5b3fc-b971-4a86-87b9-03258626000{i}").ToList(),
        }, ct))).ParameterName);
        Assert.Equal("VpcId", (await Assert.ThrowsAsync<EcsValidationException>(() => client.DeleteVpcAsync("../x", ct))).ParameterName);
        Assert.Equal(0, _emulator.Host.GetCounters().TotalRequests);
    }
}
