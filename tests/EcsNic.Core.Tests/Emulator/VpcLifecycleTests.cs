using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

/// <summary>
/// The emulated VPC resources live as the VPC API reference describes them: CREATING → OK, UNKNOWN → ACTIVE, BUILD → DOWN
/// after configurable delays; conflicts and quotas answer the documented codes; list calls filter and page.
/// </summary>
public sealed class VpcLifecycleTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);

    private static async Task<(EmulatorHost Host, ManualTimeProvider Time, EmulatorClient Client)> StartAsync()
    {
        var time = new ManualTimeProvider();
        var host = await EmulatorHost.StartAsync(new EmulatorOptions { TimeProvider = time });
        return (host, time, new EmulatorClient(host));
    }

    private static string Status(ApiResponse response, string resource) => response.Json[resource]!["status"]!.GetValue<string>();

    private static string Code(ApiResponse response) => response.Json["code"]!.GetValue<string>();

    [Fact]
    public async Task Each_resource_reads_its_transient_status_until_its_delay_has_passed()
    {
        var (host, time, client) = await StartAsync();
        await using var _ = host;
        using var __ = client;
        var p = host.Account.ProjectId;
        host.Settings.Vpc.VpcCreatingDelay = Delay;
        host.Settings.Vpc.SubnetActivationDelay = Delay;
        host.Settings.Vpc.PortBuildDelay = Delay;

        var vpc = await client.PostAsync($"/v1/{p}/vpcs", new JsonObject { ["vpc"] = new JsonObject { ["name"] = "life", ["cidr"] = "10.1.0.0/16" } });
        var vpcId = vpc.Json["vpc"]!["id"]!.GetValue<string>();
        Assert.Equal("CREATING", Status(vpc, "vpc"));
        Assert.Equal("CREATING", Status(await client.GetAsync($"/v1/{p}/vpcs/{vpcId}"), "vpc"));
        var early = await client.PostAsync($"/v1/{p}/subnets", Subnet(vpcId, "10.1.1.0/24", "10.1.1.1"));
        Assert.Equal((400, "VPC.0004"), (early.Status, Code(early)));

        time.Advance(Delay);
        Assert.Equal("OK", Status(await client.GetAsync($"/v1/{p}/vpcs/{vpcId}"), "vpc"));
        var subnet = await client.PostAsync($"/v1/{p}/subnets", Subnet(vpcId, "10.1.1.0/24", "10.1.1.1"));
        var subnetId = subnet.Json["subnet"]!["id"]!.GetValue<string>();
        Assert.Equal("UNKNOWN", Status(subnet, "subnet"));
        Assert.Equal("UNKNOWN", Status(await client.GetAsync($"/v1/{p}/subnets/{subnetId}"), "subnet"));
        var port = await client.PostAsync($"/v1/{p}/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = subnetId } });
        var portId = port.Json["port"]!["id"]!.GetValue<string>();
        Assert.Equal("BUILD", Status(port, "port"));

        time.Advance(Delay);
        Assert.Equal("ACTIVE", Status(await client.GetAsync($"/v1/{p}/subnets/{subnetId}"), "subnet"));
        Assert.Equal("DOWN", Status(await client.GetAsync($"/v1/{p}/ports/{portId}"), "port"));
    }

    [Fact]
    public async Task Deletes_are_refused_while_something_is_still_there_naming_it_and_answer_204_when_empty()
    {
        var (host, _, client) = await StartAsync();
        await using var _1 = host;
        using var _2 = client;
        var a = host.Account;
        var p = a.ProjectId;

        var vpcInUse = await client.SendAsync("DELETE", $"/v1/{p}/vpcs/{a.VpcId}", null);
        Assert.Equal((409, "VPC.0104"), (vpcInUse.Status, Code(vpcInUse)));
        Assert.Contains(a.Subnet.Id, vpcInUse.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var subnetInUse = await client.SendAsync("DELETE", $"/v1/{p}/vpcs/{a.VpcId}/subnets/{a.Subnet.Id}", null);
        Assert.Equal((500, "VPC.0209"), (subnetInUse.Status, Code(subnetInUse)));
        Assert.Contains(a.Servers[0].Nics[0].PortId, subnetInUse.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var wrongVpc = await client.SendAsync("DELETE", $"/v1/{p}/vpcs/{a.Vpcs[1].Id}/subnets/{a.Subnet.Id}", null);
        Assert.Equal((400, "VPC.0207"), (wrongVpc.Status, Code(wrongVpc)));

        var attached = await client.SendAsync("DELETE", $"/v1/{p}/ports/{a.Servers[0].Nics[0].PortId}", null);
        Assert.Equal((400, "VPC.2500"), (attached.Status, Code(attached)));
        Assert.Contains(a.Servers[0].Id, attached.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var vpc = await client.PostAsync($"/v1/{p}/vpcs", new JsonObject { ["vpc"] = new JsonObject { ["name"] = "gone", ["cidr"] = "10.2.0.0/16" } });
        var vpcId = vpc.Json["vpc"]!["id"]!.GetValue<string>();
        var subnet = await client.PostAsync($"/v1/{p}/subnets", Subnet(vpcId, "10.2.1.0/24", "10.2.1.1"));
        var subnetId = subnet.Json["subnet"]!["id"]!.GetValue<string>();
        var port = await client.PostAsync($"/v1/{p}/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = subnetId } });
        var portId = port.Json["port"]!["id"]!.GetValue<string>();
        var privateIp = await client.SendAsync("DELETE", $"/v1/{p}/vpcs/{vpcId}/subnets/{subnetId}", null);
        Assert.Equal((500, "VPC.0208"), (privateIp.Status, Code(privateIp)));

        var deletedPort = await client.SendAsync("DELETE", $"/v1/{p}/ports/{portId}", null);
        Assert.Equal((204, ""), (deletedPort.Status, deletedPort.Body));
        Assert.Equal(204, (await client.SendAsync("DELETE", $"/v1/{p}/vpcs/{vpcId}/subnets/{subnetId}", null)).Status);
        Assert.Equal(204, (await client.SendAsync("DELETE", $"/v1/{p}/vpcs/{vpcId}", null)).Status);
        Assert.Equal((404, "VPC.2502"), ((await client.GetAsync($"/v1/{p}/ports/{portId}")).Status, Code(await client.GetAsync($"/v1/{p}/ports/{portId}"))));
        var again = await client.SendAsync("DELETE", $"/v1/{p}/ports/{portId}", null);
        Assert.Equal((404, "VPC.2500"), (again.Status, Code(again)));
        Assert.Null(host.State.GetVpc(vpcId));
    }

    [Fact]
    public async Task Quotas_names_and_documented_limits_answer_their_codes()
    {
        var (host, _, client) = await StartAsync();
        await using var _1 = host;
        using var _2 = client;
        var p = host.Account.ProjectId;

        var duplicate = await client.PostAsync($"/v1/{p}/vpcs", new JsonObject { ["vpc"] = new JsonObject { ["name"] = "vpc-demo", ["cidr"] = "10.3.0.0/16" } });
        Assert.Equal((400, "VPC.0115"), (duplicate.Status, Code(duplicate)));
        var tooSmall = await client.PostAsync($"/v1/{p}/vpcs", new JsonObject { ["vpc"] = new JsonObject { ["name"] = "small", ["cidr"] = "10.3.0.0/25" } });
        Assert.Equal((400, "VPC.0101"), (tooSmall.Status, Code(tooSmall)));
        var badName = await client.PostAsync($"/v1/{p}/vpcs", new JsonObject { ["vpc"] = new JsonObject { ["name"] = "bad name", ["cidr"] = "10.3.0.0/16" } });
        Assert.Equal((400, "VPC.0101"), (badName.Status, Code(badName)));
        var subnet29 = await client.PostAsync($"/v1/{p}/subnets", Subnet(host.Account.VpcId, "192.168.9.0/29", "192.168.9.1"));
        Assert.Equal((400, "VPC.0212"), (subnet29.Status, Code(subnet29)));

        host.Settings.Vpc.VpcQuota = host.State.GetVpcs().Count;
        var overQuota = await client.PostAsync($"/v1/{p}/vpcs", new JsonObject { ["vpc"] = new JsonObject { ["name"] = "one-more", ["cidr"] = "10.4.0.0/16" } });
        Assert.Equal((409, "VPC.0114"), (overQuota.Status, Code(overQuota)));
        host.Settings.Vpc.PortQuota = host.State.GetPorts().Count;
        var portOverQuota = await client.PostAsync($"/v1/{p}/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = host.Account.Subnet.Id } });
        Assert.Equal(409, portOverQuota.Status);

        host.Reset();
        Assert.Equal(5, host.Settings.Vpc.VpcQuota);
        Assert.Equal(TimeSpan.Zero, host.Settings.Vpc.SubnetActivationDelay);
    }

    [Fact]
    public async Task ListPorts_filters_by_network_device_owner_and_fixed_ips_and_lists_page_by_marker()
    {
        var (host, _, client) = await StartAsync();
        await using var _1 = host;
        using var _2 = client;
        var a = host.Account;
        var p = a.ProjectId;
        var nic = a.Servers[0].Nics[0];

        var byIp = await client.GetAsync($"/v1/{p}/ports?fixed_ips=ip_address%3D{nic.IpAddress}&network_id={nic.SubnetId}");
        Assert.Equal(nic.PortId, Assert.Single(byIp.Json["ports"]!.AsArray())!["id"]!.GetValue<string>());
        var bySubnet = await client.GetAsync($"/v1/{p}/ports?fixed_ips=subnet_id%3D{nic.NeutronSubnetId}");
        Assert.All(bySubnet.Json["ports"]!.AsArray(), port => Assert.Equal(nic.SubnetId, port!["network_id"]!.GetValue<string>()));
        var free = await client.GetAsync($"/v1/{p}/ports?device_owner=neutron%3AVIP_PORT");
        Assert.Empty(free.Json["ports"]!.AsArray());
        var bad = await client.GetAsync($"/v1/{p}/ports?fixed_ips=mac%3Dx");
        Assert.Equal((400, "VPC.2500"), (bad.Status, Code(bad)));

        var all = (await client.GetAsync($"/v1/{p}/subnets")).Json["subnets"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToArray();
        var first = (await client.GetAsync($"/v1/{p}/subnets?limit=2")).Json["subnets"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToArray();
        var rest = (await client.GetAsync($"/v1/{p}/subnets?limit=2&marker={first[^1]}")).Json["subnets"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(all, first.Concat(rest).ToArray());
        var ofVpc = await client.GetAsync($"/v1/{p}/subnets?vpc_id={a.Vpcs[1].Id}");
        Assert.Equal(a.Vpcs[1].Id, Assert.Single(ofVpc.Json["subnets"]!.AsArray())!["vpc_id"]!.GetValue<string>());
    }

    private static JsonObject Subnet(string vpcId, string cidr, string gateway) => new()
    {
        ["subnet"] = new JsonObject { ["name"] = "s", ["cidr"] = cidr, ["gateway_ip"] = gateway, ["vpc_id"] = vpcId },
    };
}
