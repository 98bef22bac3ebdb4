using System;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Emulator;
using EcsNic.Emulator.State;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class RaceModelTests
{
    private const int Nics = 10;
    private const string Vip = "192.168.0.200";

    private static async Task BindAllConcurrentlyAsync(EmulatorHost host)
    {
        var a = host.Account;
        // One client per request, all started before any is awaited: the unsynchronised updates a careless client makes.
        var tasks = a.Servers.Select(async server =>
        {
            using var client = new EmulatorClient(host);
            return await client.PutAsync(Api.Nic(a.ProjectId, server.Nics[0].PortId), Api.Bind(a.Subnet.Id, Vip, reverse: true));
        }).ToArray();
        var responses = await Task.WhenAll(tasks);
        Assert.All(responses, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task With_the_race_model_on_concurrent_reverse_binds_lose_entries_on_the_vip_port()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            ServerCount = Nics,
            RaceModelEnabled = true,
            RacePause = TimeSpan.FromMilliseconds(200),
        });

        await BindAllConcurrentlyAsync(host);

        var vip = Assert.Single(host.State.GetPorts(), p => p.IsVirtualIp);
        Assert.InRange(vip.AllowedAddressPairs.Count, 1, Nics - 1);
        // Every NIC's own update touched only its own port, so none of those was lost.
        Assert.All(host.Account.Servers, s => Assert.Single(host.AllowedAddressPairs(s.Nics[0].PortId)));
    }

    [Fact]
    public async Task With_the_race_model_off_no_entry_is_lost()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            ServerCount = Nics,
            RaceModelEnabled = false,
            RacePause = TimeSpan.FromMilliseconds(200),
        });

        await BindAllConcurrentlyAsync(host);

        var vip = host.State.FindVirtualIp(host.Account.Subnet.Id, Vip)!;
        Assert.Equal(Nics, vip.AllowedAddressPairs.Count);
        Assert.Equal(
            host.Account.Servers.Select(s => new AddressPair(s.Nics[0].IpAddress, s.Nics[0].MacAddress)).OrderBy(p => p.IpAddress),
            vip.AllowedAddressPairs.OrderBy(p => p.IpAddress));
    }

    [Fact]
    public async Task Concurrent_binds_of_different_vips_to_one_nic_lose_entries_on_the_nic()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { RacePause = TimeSpan.FromMilliseconds(200) });
        var a = host.Account;
        var nic = a.Servers[1].Nics[0];

        var tasks = Enumerable.Range(0, 6).Select(async i =>
        {
            using var client = new EmulatorClient(host);
            return await client.PutAsync(Api.Nic(a.ProjectId, nic.PortId), Api.Bind(a.Subnet.Id, "192.168.0." + (150 + i)));
        }).ToArray();
        await Task.WhenAll(tasks);

        Assert.Equal(6, host.State.GetPorts().Count(p => p.IsVirtualIp));
        Assert.InRange(host.AllowedAddressPairs(nic.PortId).Count, 1, 5);
    }

    [Fact]
    public async Task The_race_model_can_be_switched_through_the_control_api()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await client.RawAsync("PUT", "/_emulator/race", "{\"enabled\":false,\"pause_ms\":25}");

        Assert.Equal(200, response.Status);
        Assert.False(response.Json["race_model"]!["enabled"]!.GetValue<bool>());
        Assert.False(host.Settings.RaceModelEnabled);
        Assert.Equal(TimeSpan.FromMilliseconds(25), host.Settings.RacePause);
    }
}
