using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.Integration;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Workflows;

/// <summary>Reading VPCs, subnets and ports against the emulator: filters, and a failed read by ID as one error about the ID as typed.</summary>
public sealed class ReadVpcResourcesTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public ReadVpcResourcesTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
    }

    [Fact]
    public async Task Lists_filter_by_name_vpc_and_port_filter()
    {
        using var client = _emulator.Client();
        var sink = new RecordingSink();
        var reads = new ReadVpcResources(client, sink);
        var subnet = _emulator.Account.Subnet;

        await reads.ListVpcsAsync(_emulator.Account.Vpcs[0].Name, CancellationToken.None);
        await reads.ListSubnetsAsync(subnet.VpcId, subnet.Name, CancellationToken.None);
        await reads.ListPortsAsync(new PortFilter { FixedIpAddress = _emulator.Account.Servers[0].Nics[0].IpAddress }, CancellationToken.None);

        Assert.Empty(sink.Errors);
        Assert.Collection(sink.Outputs,
            r => Assert.Equal(_emulator.Account.VpcId, Assert.IsType<EcsVpc>(r).VpcId),
            r => Assert.Equal(subnet.Id, Assert.IsType<EcsSubnet>(r).SubnetId),
            r => Assert.Equal(_emulator.Account.Servers[0].Nics[0].PortId, Assert.IsType<VpcPort>(r).PortId));
    }

    [Fact]
    public async Task A_read_by_id_reports_the_record_unless_filtered_out_and_a_failure_names_the_id_as_typed()
    {
        using var client = _emulator.Client();
        var sink = new RecordingSink();
        var reads = new ReadVpcResources(client, sink);
        var subnet = _emulator.Account.Subnet;
        const string missing = "00000000-0000-4000-8000-000000000000";

        await reads.ShowVpcAsync(missing, " " + missing, null, CancellationToken.None);
        await reads.ShowVpcAsync(_emulator.Account.VpcId, _emulator.Account.VpcId, "another name", CancellationToken.None);
        await reads.ShowSubnetAsync(subnet.Id, subnet.Id, _emulator.Account.OtherVpcId, null, CancellationToken.None);
        await reads.ShowSubnetAsync(subnet.Id, subnet.Id, subnet.VpcId, subnet.Name, CancellationToken.None);
        await reads.ShowPortAsync(missing, missing, CancellationToken.None);

        Assert.Collection(sink.Reports,
            r => Assert.Equal((" " + missing, "VPC.0003"), Failure(r)),
            r => Assert.Equal(subnet.Id, Assert.IsType<EcsSubnet>(r).SubnetId),
            r => Assert.Equal((missing, "VPC.2502"), Failure(r)));
    }

    private static (object? Target, string? Code) Failure(object report)
    {
        var error = Assert.IsType<RecordingSink.ReportedError>(report);
        return (error.Target, Assert.IsType<EcsApiException>(error.Error).ErrorCode);
    }
}
