using System;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class ControlAndCountersTests
{
    [Fact]
    public async Task Counters_count_every_request_per_operation_rejected_ones_included_and_log_the_paths()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { RaceModelEnabled = false });
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var nic = a.Servers[1].Nics[0].PortId;
        host.AddFault(new FaultRule { Operation = Operations.ShowJob, Kind = FaultKind.Throttle });

        await client.PutAsync(Api.Nic(a.ProjectId, nic), Api.Bind(a.Subnet.Id, "192.168.0.100"));
        await client.PutAsync(Api.Nic(a.ProjectId, nic), Api.Unbind());
        await client.GetAsync(Api.Job(a.ProjectId, "abc"));
        await client.GetAsync(Api.Interfaces(a.ProjectId, a.Servers[0].Id), o => o.SdkDate = DateTime.UtcNow.AddHours(-1));
        await client.RawAsync("GET", "/_emulator/state");

        var counters = host.GetCounters();
        Assert.Equal(1, counters.RequestsFor(Operations.AssociateServerVirtualIp));
        Assert.Equal(1, counters.RequestsFor(Operations.DisassociateServerVirtualIp));
        Assert.Equal(1, counters.RequestsFor(Operations.ShowJob));
        Assert.Equal(1, counters.RequestsFor(Operations.ListServerInterfaces));
        Assert.Equal(4, counters.TotalRequests);
        Assert.Equal(1, counters.AuthFailures);
        Assert.Equal(1, counters.FaultsOf(FaultKind.Throttle));
        Assert.Equal(new[]
        {
            "PUT " + Api.Nic(a.ProjectId, nic),
            "PUT " + Api.Nic(a.ProjectId, nic),
            "GET " + Api.Job(a.ProjectId, "abc"),
            "GET " + Api.Interfaces(a.ProjectId, a.Servers[0].Id),
        }, counters.Paths);

        var json = await client.RawAsync("GET", "/_emulator/counters");
        Assert.Equal(4, json.Json["total_requests"]!.GetValue<long>());
        Assert.Equal(1, json.Json["requests"]!["DisassociateServerVirtualIp"]!.GetValue<long>());
        Assert.Equal(1, json.Json["faults"]!["throttle"]!.GetValue<long>());
        Assert.Equal(1, json.Json["auth_failures"]!.GetValue<long>());
        Assert.Equal(4, json.Json["paths"]!.AsArray().Count);

        Assert.Equal(204, (await client.RawAsync("DELETE", "/_emulator/counters")).Status);
        Assert.Equal(0, host.GetCounters().TotalRequests);
        Assert.Empty(host.GetCounters().Paths);
    }

    [Fact]
    public async Task Reset_restores_the_seeded_state_with_the_same_ids_and_the_start_settings()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { RaceModelEnabled = false });
        using var client = new EmulatorClient(host);
        var a = host.Account;
        await client.PutAsync(Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), Api.Bind(a.Subnet.Id, "192.168.0.100"));
        host.SetMaxNicsPerServer(1);
        host.SetClockOffset(TimeSpan.FromHours(1));
        host.AddFault(new FaultRule { Kind = FaultKind.ServerError, Count = null });

        var reset = await client.RawAsync("POST", "/_emulator/reset");

        Assert.Equal(200, reset.Status);
        Assert.Equal(a.Servers[1].Nics[0].PortId, host.Account.Servers[1].Nics[0].PortId);
        Assert.Equal(a.Servers[1].Nics[0].PortId, reset.Json["servers"]![1]!["nics"]![0]!["port_id"]!.GetValue<string>());
        Assert.Empty(host.AllowedAddressPairs(a.Servers[1].Nics[0].PortId));
        Assert.DoesNotContain(host.State.GetPorts(), p => p.IsVirtualIp);
        Assert.Equal(12, host.Settings.MaxNicsPerServer);
        Assert.Equal(TimeSpan.Zero, host.Settings.ClockOffset);
        Assert.Empty(host.Faults.Faults);
        Assert.Equal(0, host.GetCounters().TotalRequests);
        Assert.Equal(200, (await client.GetAsync(Api.Interfaces(a.ProjectId, a.Servers[0].Id))).Status);
    }

    [Fact]
    public async Task The_seed_decides_the_ids()
    {
        await using var one = await EmulatorHost.StartAsync();
        await using var same = await EmulatorHost.StartAsync();
        await using var other = await EmulatorHost.StartAsync(new EmulatorOptions { Seed = 2 });

        Assert.Equal(one.Account.Servers[0].Id, same.Account.Servers[0].Id);
        Assert.Equal(one.Account.Servers[0].Nics[0].MacAddress, same.Account.Servers[0].Nics[0].MacAddress);
        Assert.NotEqual(one.Account.Servers[0].Id, other.Account.Servers[0].Id);
        Assert.NotEqual(one.BaseUri, same.BaseUri);
    }

    [Fact]
    public async Task The_seeded_account_matches_the_documented_layout()
    {
        await using var host = await EmulatorHost.StartAsync();
        var a = host.Account;

        Assert.Equal("127.0.0.1", host.BaseUri.Host);
        Assert.Equal(DemoAccount.DefaultAccessKey, a.AccessKey);
        Assert.Equal(DemoAccount.DefaultRegion, a.Region);
        Assert.Equal(("192.168.0.0/16", "10.0.0.0/16"), (a.Vpcs[0].Cidr, a.Vpcs[1].Cidr));
        Assert.Equal(("192.168.0.0/24", "192.168.1.0/24", "10.0.0.0/24"), (a.Subnet.Cidr, a.SecondSubnet.Cidr, a.OtherSubnet.Cidr));
        Assert.Equal(3, a.Servers.Count);
        Assert.Equal(new[] { "192.168.0.11", "192.168.1.11" }, a.Servers[0].Nics.Select(n => n.IpAddress));
        Assert.Equal("192.168.0.12", a.Servers[1].Nics[0].IpAddress);
        Assert.Equal(a.OtherVpcId, a.OtherServer.VpcId);
        Assert.Equal(a.ProjectId, a.CreateCredentials().ProjectId);
        Assert.All(a.Servers.SelectMany(s => s.Nics), n => Assert.Matches("^fa:16:3e(:[0-9a-f]{2}){3}$", n.MacAddress));
    }

    [Fact]
    public async Task The_control_api_dumps_state_settings_and_ports()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var info = await client.RawAsync("GET", "/_emulator");
        var state = await client.RawAsync("GET", "/_emulator/state");
        var port = await client.RawAsync("GET", "/_emulator/ports/" + a.Servers[0].Nics[0].PortId);
        var missing = await client.RawAsync("GET", "/_emulator/ports/nope");
        var settings = await client.RawAsync("PUT", "/_emulator/settings",
            "{\"job_duration_ms\":150,\"next_durations_ms\":[10,20],\"clock_offset_seconds\":-60,\"max_nics_per_server\":4}");

        Assert.Equal(a.AccessKey, info.Json["account"]!["access_key"]!.GetValue<string>());
        Assert.Equal(host.ControlUri.ToString(), info.Json["control_url"]!.GetValue<string>());
        Assert.Equal(a.Servers.Count + 1, state.Json["servers"]!.AsArray().Count);
        Assert.Equal(a.Servers[0].Nics[0].IpAddress, port.Json["fixed_ips"]![0]!["ip_address"]!.GetValue<string>());
        Assert.Equal(404, missing.Status);
        Assert.Equal(200, settings.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(150), host.Settings.JobDuration);
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20) }, host.Settings.QueuedJobDurations);
        Assert.Equal(TimeSpan.FromSeconds(-60), host.Settings.ClockOffset);
        Assert.Equal(4, host.Settings.MaxNicsPerServer);
        Assert.Equal(400, (await client.RawAsync("PUT", "/_emulator/settings", "{\"max_nics_per_server\":\"many\"}")).Status);
        Assert.Equal(0, host.GetCounters().TotalRequests);
    }

    [Fact]
    public async Task Jobs_finish_on_the_real_clock_with_a_short_duration()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(50) });
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var created = await client.PostAsync(Api.Nics(a.ProjectId, a.Servers[2].Id), Api.AddNics(a.Subnet.Id));
        var jobId = created.Json["job_id"]!.GetValue<string>();

        string status;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(20);
            status = (await client.GetAsync(Api.Job(a.ProjectId, jobId))).Json["status"]!.GetValue<string>();
        } while (status != "SUCCESS" && DateTime.UtcNow < deadline);

        Assert.Equal("SUCCESS", status);
        Assert.Equal(2, host.State.GetServerNics(a.Servers[2].Id).Count);
    }
}
