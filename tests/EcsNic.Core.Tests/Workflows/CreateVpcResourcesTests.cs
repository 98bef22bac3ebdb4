using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.Emulator;
using EcsNic.Core.Tests.Integration;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Workflows;

/// <summary>
/// What a subnet or NIC creation builds on, against the emulator: the VPC or subnet is read (an unknown one is a bad input
/// of this region), a VPC still CREATING is waited for, ranges, gateways and fixed IPs are checked, and records of another
/// region are refused; none of these sends a create.
/// </summary>
public sealed class CreateVpcResourcesTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public CreateVpcResourcesTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
    }

    [Fact]
    public async Task A_subnet_gets_the_first_host_address_as_gateway_and_its_range_is_checked_against_the_vpc()
    {
        using var client = _emulator.Client();
        var plans = new CreateVpcResources(client, new RecordingSink(), 60, new FakeClock());

        var option = await plans.PlanSubnetAsync(Subnet("192.168.70.0/24"), "VpcId", null, CancellationToken.None);
        Assert.Equal(("192.168.70.0/24", "192.168.70.1"), (option!.Cidr, option.GatewayIp));

        var outside = await Assert.ThrowsAsync<EcsValidationException>(() =>
            plans.PlanSubnetAsync(Subnet("10.9.0.0/24"), "VpcId", null, CancellationToken.None));
        Assert.Equal("Cidr", outside.ParameterName);
        var gateway = await Assert.ThrowsAsync<EcsValidationException>(() =>
            plans.PlanSubnetAsync(Subnet("192.168.80.0/24"), "VpcId", "192.168.81.1", CancellationToken.None));
        Assert.Equal("GatewayIp", gateway.ParameterName);
        Assert.Equal(0, _emulator.Host.GetCounters().RequestsFor("CreateSubnet"));
    }

    [Fact]
    public async Task An_unknown_vpc_is_a_bad_input_of_this_region_naming_the_parameter()
    {
        using var client = _emulator.Client();
        var plans = new CreateVpcResources(client, new RecordingSink(), 60, new FakeClock());
        var option = Subnet("10.0.1.0/24");
        option.VpcId = "00000000-0000-4000-8000-000000000000";

        var error = await Assert.ThrowsAsync<EcsValidationException>(() => plans.PlanSubnetAsync(option, "Vpc.VpcId", null, CancellationToken.None));

        Assert.Equal(("Vpc.VpcId", option.VpcId), (error.ParameterName, error.Value));
        Assert.Contains($"is not a VPC of region {_emulator.Account.Region}: VPC.0003", error.Message);
        Assert.EndsWith("A VPC of another region is not visible here; check the ID and Region.", error.Message);
    }

    [Fact]
    public async Task A_vpc_still_creating_is_waited_for_before_the_subnet_is_planned()
    {
        // An emulator of its own, on a clock the wait moves: the VPC turns OK once the wait has begun, before its first poll.
        var time = new ManualTimeProvider();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { TimeProvider = time, RaceModelEnabled = false });
        host.Settings.Vpc.VpcCreatingDelay = TimeSpan.FromSeconds(30);
        using var client = new EcsClient(new EcsClientOptions
        {
            Region = host.Account.Region, Endpoint = host.BaseUri, IamEndpoint = host.IamBaseUri, ProjectId = host.Account.ProjectId,
            Clock = new InstantDelayClock(),
        }, new FixedCredentialProvider(host.Account.CreateCredentials()));
        var option = await CreatingVpcSubnetAsync(client);
        host.ResetCounters();
        var sink = new RecordingSink();
        var moved = 0;
        var clock = new QuickClock(() =>
        {
            if (Interlocked.Exchange(ref moved, 1) == 0) time.Advance(TimeSpan.FromSeconds(31));
        });

        var planned = await new CreateVpcResources(client, sink, 60, clock).PlanSubnetAsync(option, "VpcId", null, CancellationToken.None);

        Assert.Equal("10.70.1.1", planned!.GatewayIp);
        Assert.Empty(sink.Errors);
        Assert.Empty(sink.Outputs);
        Assert.Equal(2, host.GetCounters().RequestsFor("ShowVpc"));
        Assert.Contains(sink.ProgressReports, p => p.Activity == "Waiting for 1 new VPC(s) to be OK");
    }

    [Fact]
    public async Task A_vpc_that_stays_creating_is_a_timeout_naming_it_and_nothing_is_planned()
    {
        _emulator.Host.Settings.Vpc.VpcCreatingDelay = TimeSpan.FromHours(1);
        using var client = _emulator.Client();
        var option = await CreatingVpcSubnetAsync(client);
        var sink = new RecordingSink();

        var planned = await new CreateVpcResources(client, sink, 5, new FakeClock()).PlanSubnetAsync(option, "VpcId", null, CancellationToken.None);

        Assert.Null(planned);
        Assert.Equal(string.Empty, option.GatewayIp);
        var reported = Assert.Single(sink.Errors);
        var timeout = Assert.IsType<EcsRefusalException>(reported.Error);
        Assert.Equal(ResourceWaits.TimeoutErrorId, timeout.ErrorId);
        Assert.StartsWith($"Timed out after 5 s with 1 VPC(s) still not OK: {option.VpcId} ('slow', CREATING).", timeout.Message);
        Assert.Equal($"Check it with ListVpcs(VpcId {option.VpcId}). Wait longer with TimeoutSec.", timeout.Remedy);
        Assert.Equal(option.VpcId, Assert.IsType<EcsVpc>(Assert.Single(Assert.IsType<object[]>(reported.Target))).VpcId);
    }

    [Fact]
    public async Task A_record_of_another_region_is_refused_naming_both_regions()
    {
        using var client = _emulator.Client();
        var plans = new CreateVpcResources(client, new RecordingSink(), 60);

        plans.RequireSameRegion(_emulator.Account.Region.ToUpperInvariant(), "Vpc.VpcId", "v", "VPC");
        plans.RequireSameRegion(null, "Vpc.VpcId", "v", "VPC");
        var error = Assert.Throws<EcsValidationException>(() => plans.RequireSameRegion("ap-southeast-1", "Subnet.SubnetId", "s1", "subnet"));

        Assert.Equal(("Subnet.SubnetId", "s1"), (error.ParameterName, error.Value));
        Assert.Contains($"is a subnet of region ap-southeast-1, but this call works in region {_emulator.Account.Region}: " +
            $"give Region ap-southeast-1, or use a subnet of {_emulator.Account.Region}.", error.Message);
    }

    [Fact]
    public async Task A_fixed_ip_is_checked_against_the_subnet_read_and_names_its_neutron_subnet()
    {
        using var client = _emulator.Client();
        var plans = new CreateVpcResources(client, new RecordingSink(), 60);
        var subnet = _emulator.Account.SecondSubnet;

        var option = await plans.PlanPortAsync(new CreatePortOption { NetworkId = subnet.Id }, null, "SubnetId", "192.168.1.38", CancellationToken.None);
        var fixedIp = Assert.Single(option.FixedIps!);
        Assert.Equal(("192.168.1.38", subnet.NeutronSubnetId), (fixedIp.IpAddress, fixedIp.SubnetId));
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor("ShowSubnet"));

        var gateway = await Assert.ThrowsAsync<EcsValidationException>(() =>
            plans.PlanPortAsync(new CreatePortOption { NetworkId = subnet.Id }, null, "SubnetId", subnet.GatewayIp, CancellationToken.None));
        Assert.Equal("IpAddress", gateway.ParameterName);
        Assert.Contains("gateway", gateway.Message);

        var known = await client.GetSubnetAsync(subnet.Id, CancellationToken.None);
        _emulator.Host.ResetCounters();
        var free = await plans.PlanPortAsync(new CreatePortOption { NetworkId = subnet.Id }, known, "Subnet.SubnetId", null, CancellationToken.None);
        Assert.Null(free.FixedIps);
        Assert.Equal(0, _emulator.Host.GetCounters().TotalRequests);
    }

    private static async Task<CreateSubnetOption> CreatingVpcSubnetAsync(EcsClient client)
    {
        var vpc = await client.CreateVpcAsync(new CreateVpcOption { Name = "slow", Cidr = "10.70.0.0/16" }, CancellationToken.None);
        Assert.Equal("CREATING", vpc.Status);
        return new CreateSubnetOption { Name = "plan", Cidr = "10.70.1.0/24", VpcId = vpc.VpcId };
    }

    private CreateSubnetOption Subnet(string cidr) => new() { Name = "plan", Cidr = cidr, VpcId = _emulator.Account.VpcId };
}
