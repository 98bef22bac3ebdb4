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
/// Deleting VPCs, subnets and NICs against the emulator: what is in the way is refused before sending, with the cloud's
/// code and what is in the way named; a delete that fails is an error about its ID; with pass-through the record read
/// before the delete is reported.
/// </summary>
public sealed class RemoveVpcResourcesTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public RemoveVpcResourcesTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
    }

    [Fact]
    public async Task A_vpc_with_subnets_is_refused_with_vpc_0104_naming_them()
    {
        using var client = _emulator.Client();
        var sink = new RecordingSink();
        var vpcId = _emulator.Account.VpcId;

        await new RemoveVpcResources(client, sink).RemoveVpcAsync(vpcId, passThru: true, CancellationToken.None);

        var reported = Assert.Single(sink.Reports);
        var refusal = Refusal(reported, RemoveVpcResources.VpcHasSubnets);
        Assert.Equal(vpcId, ((RecordingSink.ReportedError)reported).Target);
        var subnet = _emulator.Account.Subnet;
        Assert.StartsWith($"VPC {vpcId} still has ", refusal.Message);
        Assert.Contains($"{subnet.Id} ('{subnet.Name}', {subnet.Cidr})", refusal.Message);
        Assert.EndsWith(". Nothing was deleted.", refusal.Message);
        Assert.Equal($"Delete the subnets first: DeleteVpcSubnets(VpcId {vpcId}).", refusal.Remedy);
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor("DeleteVpc"));
    }

    [Fact]
    public async Task An_empty_vpc_is_deleted_and_with_pass_through_its_record_reported()
    {
        using var client = _emulator.Client();
        var vpc = await client.CreateVpcAsync(new CreateVpcOption { Name = "doomed", Cidr = "10.80.0.0/16" }, CancellationToken.None);
        var sink = new RecordingSink();

        await new RemoveVpcResources(client, sink).RemoveVpcAsync(vpc.VpcId, passThru: true, CancellationToken.None);

        Assert.Empty(sink.Errors);
        Assert.Equal(vpc.VpcId, Assert.IsType<EcsVpc>(Assert.Single(sink.Outputs)).VpcId);
        Assert.Null(_emulator.Host.State.GetVpc(vpc.VpcId));
    }

    [Fact]
    public async Task A_subnet_whose_ports_servers_use_is_refused_with_vpc_0209_naming_port_and_server()
    {
        using var client = _emulator.Client();
        var sink = new RecordingSink();
        var subnetId = _emulator.Account.Subnet.Id;
        var server = _emulator.Account.Servers[0];

        await new RemoveVpcResources(client, sink).RemoveSubnetAsync(subnetId, null, passThru: false, CancellationToken.None);

        var refusal = Refusal(Assert.Single(sink.Reports), RemoveVpcResources.SubnetPortsInUse);
        Assert.Contains($"{server.Nics[0].PortId} ({server.Nics[0].IpAddress}, server {server.Id})", refusal.Message);
        Assert.Equal("Detach the NICs from their servers first (DetachNics), then delete the remaining ports: " +
            $"DeleteSubnetPorts(SubnetId {subnetId}).", refusal.Remedy);
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor("DeleteSubnet"));
    }

    [Fact]
    public async Task A_subnet_holding_only_a_free_nic_is_refused_with_vpc_0208_and_an_empty_one_is_deleted_in_its_vpc()
    {
        using var client = _emulator.Client();
        var subnet = await client.CreateSubnetAsync(new CreateSubnetOption
        {
            Name = "held", Cidr = "192.168.40.0/24", GatewayIp = "192.168.40.1", VpcId = _emulator.Account.VpcId,
        }, CancellationToken.None);
        var port = await client.CreatePortAsync(new CreatePortOption { NetworkId = subnet.SubnetId }, CancellationToken.None);
        var sink = new RecordingSink();
        var removals = new RemoveVpcResources(client, sink);

        await removals.RemoveSubnetAsync(subnet.SubnetId, _emulator.Account.VpcId, passThru: true, CancellationToken.None);
        var refusal = Refusal(Assert.Single(sink.Reports), RemoveVpcResources.SubnetHasPorts);
        Assert.Contains($"{port.PortId} ({port.PrimaryIp}, not attached)", refusal.Message);
        Assert.Equal($"Delete the ports first: DeleteSubnetPorts(SubnetId {subnet.SubnetId}).", refusal.Remedy);

        await removals.RemovePortAsync(port.PortId, passThru: false, CancellationToken.None);
        await removals.RemoveSubnetAsync(subnet.SubnetId, null, passThru: true, CancellationToken.None);
        Assert.Single(sink.Errors);
        Assert.Equal(subnet.SubnetId, Assert.IsType<EcsSubnet>(Assert.Single(sink.Outputs)).SubnetId);
        Assert.Contains($"DELETE /v1/{_emulator.Account.ProjectId}/vpcs/{_emulator.Account.VpcId}/subnets/{subnet.SubnetId}",
            _emulator.Host.GetCounters().Paths);
    }

    [Fact]
    public async Task A_nic_a_server_uses_is_refused_with_vpc_2500_and_its_record_as_target()
    {
        using var client = _emulator.Client();
        var sink = new RecordingSink();
        var server = _emulator.Account.Servers[0];
        var portId = server.Nics[0].PortId;

        await new RemoveVpcResources(client, sink).RemovePortAsync(portId, passThru: true, CancellationToken.None);

        var reported = Assert.Single(sink.Reports);
        var refusal = Refusal(reported, RemoveVpcResources.PortInUse);
        Assert.StartsWith($"NIC {portId} ({server.Nics[0].IpAddress}) is still used by server {server.Id} (device_owner compute:", refusal.Message);
        Assert.Equal($"Detach it first: DetachNics(ServerId {server.Id}, NicId {portId}, Wait).", refusal.Remedy);
        Assert.Equal(portId, Assert.IsType<VpcPort>(((RecordingSink.ReportedError)reported).Target).PortId);
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor("DeletePort"));
    }

    [Fact]
    public async Task A_failed_delete_is_an_error_about_its_id_and_the_next_one_goes_on()
    {
        using var client = _emulator.Client();
        var port = await client.CreatePortAsync(new CreatePortOption { NetworkId = _emulator.Account.SecondSubnet.Id }, CancellationToken.None);
        var sink = new RecordingSink();
        var removals = new RemoveVpcResources(client, sink);
        const string missing = "00000000-0000-4000-8000-000000000000";

        await removals.RemovePortAsync(missing, passThru: false, CancellationToken.None);
        await removals.RemovePortAsync(port.PortId, passThru: true, CancellationToken.None);

        var reported = Assert.Single(sink.Errors);
        Assert.Equal((404, "VPC.2502"), (Assert.IsType<EcsApiException>(reported.Error).StatusCode, ((EcsApiException)reported.Error).ErrorCode));
        Assert.Equal(missing, reported.Target);
        Assert.Equal(port.PortId, Assert.IsType<VpcPort>(sink.Reports.Last()).PortId);
    }

    private static EcsRefusalException Refusal(object reported, string code)
    {
        var refusal = Assert.IsType<EcsRefusalException>(Assert.IsType<RecordingSink.ReportedError>(reported).Error);
        Assert.Equal((code, EcsErrorKind.InvalidOperation), (refusal.ErrorId, refusal.Kind));
        return refusal;
    }
}
