using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator;
using EcsNic.Emulator.State;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class VirtualIpTests
{
    private static Task<EmulatorHost> StartAsync() =>
        EmulatorHost.StartAsync(new EmulatorOptions { RaceModelEnabled = false });

    [Fact]
    public async Task Binding_a_free_address_creates_a_vip_port_and_adds_the_vip_to_the_nic()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var nic = a.Servers[1].Nics[0];

        var response = await client.PutAsync(Api.Nic(a.ProjectId, nic.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100"));

        Assert.Equal(200, response.Status);
        Assert.Equal(nic.PortId, response.Json["port_id"]!.GetValue<string>());
        var vip = host.State.FindVirtualIp(a.Subnet.Id, "192.168.0.100");
        Assert.NotNull(vip);
        Assert.Equal("neutron:VIP_PORT", vip.DeviceOwner);
        Assert.Empty(vip.AllowedAddressPairs);
        Assert.Equal(new[] { new AddressPair("192.168.0.100", nic.MacAddress) }, host.AllowedAddressPairs(nic.PortId));
    }

    [Fact]
    public async Task Binding_the_same_vip_to_a_second_nic_reuses_the_vip_port()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var first = a.Servers[1].Nics[0];
        var second = a.Servers[2].Nics[0];

        Assert.Equal(200, (await client.PutAsync(Api.Nic(a.ProjectId, first.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100"))).Status);
        Assert.Equal(200, (await client.PutAsync(Api.Nic(a.ProjectId, second.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100"))).Status);

        Assert.Single(host.State.GetPorts(), p => p.IsVirtualIp && p.IpAddress == "192.168.0.100");
        Assert.Equal(new[] { new AddressPair("192.168.0.100", first.MacAddress) }, host.AllowedAddressPairs(first.PortId));
        Assert.Equal(new[] { new AddressPair("192.168.0.100", second.MacAddress) }, host.AllowedAddressPairs(second.PortId));
    }

    [Fact]
    public async Task Reverse_binding_puts_the_nic_ip_and_mac_on_the_vip_port_and_shows_in_the_vpc_port_api()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var first = a.Servers[1].Nics[0];
        var second = a.Servers[2].Nics[0];

        await client.PutAsync(Api.Nic(a.ProjectId, first.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100", reverse: true));
        await client.PutAsync(Api.Nic(a.ProjectId, second.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100", reverse: true));

        var vip = host.State.FindVirtualIp(a.Subnet.Id, "192.168.0.100")!;
        Assert.Equal(
            new[] { new AddressPair(first.IpAddress, first.MacAddress), new AddressPair(second.IpAddress, second.MacAddress) },
            vip.AllowedAddressPairs);

        var shown = await client.GetAsync($"/v1/{a.ProjectId}/ports/{vip.Id}");
        Assert.Equal(200, shown.Status);
        var port = shown.Json["port"]!;
        Assert.Equal("neutron:VIP_PORT", port["device_owner"]!.GetValue<string>());
        Assert.Equal("192.168.0.100", port["fixed_ips"]![0]!["ip_address"]!.GetValue<string>());
        Assert.Equal(a.Subnet.Id, port["network_id"]!.GetValue<string>());
        var pairs = port["allowed_address_pairs"]!.AsArray();
        Assert.Equal(2, pairs.Count);
        Assert.Equal(first.IpAddress, pairs[0]!["ip_address"]!.GetValue<string>());
        Assert.Equal(first.MacAddress, pairs[0]!["mac_address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Binding_twice_leaves_one_pair_on_the_nic_and_one_on_the_vip()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var nic = a.Servers[1].Nics[0];

        for (var i = 0; i < 2; i++)
            Assert.Equal(200, (await client.PutAsync(Api.Nic(a.ProjectId, nic.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100", true))).Status);

        Assert.Single(host.AllowedAddressPairs(nic.PortId));
        Assert.Single(host.State.FindVirtualIp(a.Subnet.Id, "192.168.0.100")!.AllowedAddressPairs);
    }

    [Fact]
    public async Task Unbinding_removes_the_vip_from_the_nic_and_the_nic_from_the_vip()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var first = a.Servers[1].Nics[0];
        var second = a.Servers[2].Nics[0];
        await client.PutAsync(Api.Nic(a.ProjectId, first.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100", true));
        await client.PutAsync(Api.Nic(a.ProjectId, second.PortId), Api.Bind(a.Subnet.Id, "192.168.0.100", true));

        var response = await client.PutAsync(Api.Nic(a.ProjectId, first.PortId), Api.Unbind());

        Assert.Equal(200, response.Status);
        Assert.Equal(first.PortId, response.Json["port_id"]!.GetValue<string>());
        Assert.Empty(host.AllowedAddressPairs(first.PortId));
        Assert.Single(host.AllowedAddressPairs(second.PortId));
        Assert.Equal(new[] { new AddressPair(second.IpAddress, second.MacAddress) },
            host.State.FindVirtualIp(a.Subnet.Id, "192.168.0.100")!.AllowedAddressPairs);
        Assert.Equal(1, host.GetCounters().RequestsFor("DisassociateServerVirtualIp"));
        Assert.Equal(2, host.GetCounters().RequestsFor("AssociateServerVirtualIp"));
    }

    [Theory]
    [InlineData("192.168.5.10")]    // outside the subnet
    [InlineData("192.168.0.0")]     // network address
    [InlineData("192.168.0.255")]   // broadcast address
    [InlineData("192.168.0.1")]     // gateway
    [InlineData("192.168.0.300")]   // not an address
    [InlineData("fe80::1")]         // not IPv4
    public async Task An_unusable_address_is_Ecs_0005_and_changes_nothing(string ip)
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var nic = a.Servers[1].Nics[0];
        var portsBefore = host.State.GetPorts().Count;

        var response = await client.PutAsync(Api.Nic(a.ProjectId, nic.PortId), Api.Bind(a.Subnet.Id, ip));

        Assert.Equal(400, response.Status);
        Assert.Equal("Ecs.0005", response.EcsCode);
        Assert.False(string.IsNullOrEmpty(response.Json["error"]!["message"]!.GetValue<string>()));
        Assert.Equal(portsBefore, host.State.GetPorts().Count);
        Assert.Empty(host.AllowedAddressPairs(nic.PortId));
    }

    [Fact]
    public async Task An_address_used_by_a_normal_nic_is_Ecs_0010()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var nic = a.Servers[1].Nics[0];

        var response = await client.PutAsync(Api.Nic(a.ProjectId, nic.PortId), Api.Bind(a.Subnet.Id, a.Servers[2].Nics[0].IpAddress));

        Assert.Equal(400, response.Status);
        Assert.Equal("Ecs.0010", response.EcsCode);
        Assert.Empty(host.AllowedAddressPairs(nic.PortId));
    }

    [Fact]
    public async Task An_unknown_nic_is_Ecs_0307()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var response = await client.PutAsync(Api.Nic(a.ProjectId, "00000000-0000-4000-8000-000000000000"), Api.Bind(a.Subnet.Id, "192.168.0.100"));

        Assert.Equal(400, response.Status);
        Assert.Equal("Ecs.0307", response.EcsCode);
    }

    [Fact]
    public async Task A_subnet_that_is_not_the_nics_subnet_is_Ecs_0005()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var other = await client.PutAsync(Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), Api.Bind(a.OtherSubnet.Id, "10.0.0.100"));
        var missing = await client.PutAsync(Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), Api.Bind("no-such-subnet", "192.168.0.100"));

        Assert.Equal("Ecs.0005", other.EcsCode);
        Assert.Equal("Ecs.0005", missing.EcsCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("{\"nic\":{\"subnet_id\":\"\",\"ip_address\":\"192.168.0.100\"}}")]
    [InlineData("{\"nic\":{\"subnet_id\":5,\"ip_address\":\"192.168.0.100\"}}")]
    [InlineData("{\"nic\":{\"ip_address\":\"192.168.0.100\"}}")]
    public async Task A_malformed_body_is_Ecs_0005(string body)
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var response = await client.SendAsync("PUT", Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), body);

        Assert.Equal(400, response.Status);
        Assert.Equal("Ecs.0005", response.EcsCode);
    }

    [Fact]
    public async Task A_foreign_project_id_is_refused()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var inPath = await client.PutAsync(Api.Nic("ffffffffffffffffffffffffffffffff", a.Servers[1].Nics[0].PortId), Api.Bind(a.Subnet.Id, "192.168.0.100"));
        var inHeader = await client.PutAsync(Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), Api.Bind(a.Subnet.Id, "192.168.0.100"),
            o => o.ProjectIdHeader = "ffffffffffffffffffffffffffffffff");
        var matching = await client.PutAsync(Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), Api.Bind(a.Subnet.Id, "192.168.0.100"),
            o => o.ProjectIdHeader = a.ProjectId);

        Assert.Equal("Ecs.0023", inPath.EcsCode);
        Assert.Equal("Ecs.0023", inHeader.EcsCode);
        Assert.Equal(200, matching.Status);
    }

    [Fact]
    public async Task A_vip_created_with_the_vpc_port_api_is_bound_without_a_second_port()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var created = await client.PostAsync($"/v1/{a.ProjectId}/ports", new JsonObject
        {
            ["port"] = new JsonObject
            {
                ["network_id"] = a.Subnet.Id,
                ["device_owner"] = "neutron:VIP_PORT",
                ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "192.168.0.150" }),
            },
        });
        Assert.Equal(200, created.Status);

        await client.PutAsync(Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), Api.Bind(a.Subnet.Id, "192.168.0.150", true));

        var vips = host.State.GetPorts().Where(p => p.IpAddress == "192.168.0.150").ToArray();
        Assert.Single(vips);
        Assert.Equal(created.Json["port"]!["id"]!.GetValue<string>(), vips[0].Id);
        Assert.Single(vips[0].AllowedAddressPairs);
    }
}
