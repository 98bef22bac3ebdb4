using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class FaultTests
{
    private static Task<EmulatorHost> StartAsync() => EmulatorHost.StartAsync(new EmulatorOptions
    {
        RaceModelEnabled = false,
        JobDuration = TimeSpan.Zero,
    });

    private static Task<ApiResponse> BindAsync(EmulatorHost host, EmulatorClient client, string ip = "192.168.0.100") =>
        client.PutAsync(Api.Nic(host.Account.ProjectId, host.Account.Servers[1].Nics[0].PortId), Api.Bind(host.Account.Subnet.Id, ip));

    private static bool IsBound(EmulatorHost host, string ip = "192.168.0.100") =>
        host.AllowedAddressPairs(host.Account.Servers[1].Nics[0].PortId).Any(p => p.IpAddress == ip);

    [Fact]
    public async Task Throttle_is_429_APIGW_0308_without_retry_after_and_does_nothing()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = Operations.AssociateServerVirtualIp, Kind = FaultKind.Throttle });

        var throttled = await BindAsync(host, client);

        Assert.Equal(429, throttled.Status);
        Assert.Equal("APIGW.0308", throttled.GatewayCode);
        Assert.StartsWith("The throttling threshold has been reached", throttled.Json["error_msg"]!.GetValue<string>());
        Assert.Null(throttled.Header("Retry-After"));
        Assert.False(IsBound(host));
        Assert.Equal(200, (await BindAsync(host, client)).Status);
        Assert.True(IsBound(host));
        Assert.Equal(1, host.GetCounters().FaultsOf(FaultKind.Throttle));
    }

    [Fact]
    public async Task Throttle_with_retry_after_sends_the_header()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Kind = FaultKind.Throttle, RetryAfterSeconds = 3, Count = 2 });

        var first = await BindAsync(host, client);
        var second = await client.GetAsync(Api.Interfaces(host.Account.ProjectId, host.Account.Servers[0].Id));
        var third = await BindAsync(host, client);

        Assert.Equal((429, "3"), (first.Status, first.Header("Retry-After")));
        Assert.Equal((429, "3"), (second.Status, second.Header("Retry-After")));
        Assert.Equal(200, third.Status);
        Assert.Equal(2, host.GetCounters().FaultsOf(FaultKind.Throttle));
    }

    [Fact]
    public async Task Server_error_and_service_unavailable_do_nothing()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Kind = FaultKind.ServerError });
        host.AddFault(new FaultRule { Kind = FaultKind.ServiceUnavailable });

        var error = await BindAsync(host, client);
        var unavailable = await BindAsync(host, client);

        Assert.Equal(500, error.Status);
        Assert.Equal("Ecs.0002", error.EcsCode);
        Assert.Equal(503, unavailable.Status);
        Assert.Equal("APIGW.0201", unavailable.GatewayCode);
        Assert.False(IsBound(host));
    }

    [Fact]
    public async Task A_vpc_server_error_uses_the_vpc_body()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = Operations.ShowSubnet, Kind = FaultKind.ServerError });

        var response = await client.GetAsync($"/v1/{host.Account.ProjectId}/subnets/{host.Account.Subnet.Id}");

        Assert.Equal(500, response.Status);
        Assert.Equal("VPC.0105", response.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_drop_before_processing_aborts_the_connection_and_changes_nothing()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = Operations.AssociateServerVirtualIp, Kind = FaultKind.DropBeforeProcessing });

        await Assert.ThrowsAsync<HttpRequestException>(() => BindAsync(host, client));

        Assert.False(IsBound(host));
        Assert.Null(host.State.FindVirtualIp(host.Account.Subnet.Id, "192.168.0.100"));
        Assert.Equal(1, host.GetCounters().FaultsOf(FaultKind.DropBeforeProcessing));
    }

    [Fact]
    public async Task A_drop_after_processing_aborts_the_connection_after_the_work_was_done()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = Operations.BatchAddServerNics, Kind = FaultKind.DropAfterProcessing });
        var server = host.Account.Servers[1];

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.PostAsync(Api.Nics(host.Account.ProjectId, server.Id), Api.AddNics(host.Account.Subnet.Id)));

        var job = Assert.Single(host.State.GetJobs());
        Assert.Equal("SUCCESS", job.Status);
        Assert.Equal(2, host.State.GetServerNics(server.Id).Count);
        Assert.Equal(1, host.GetCounters().RequestsFor(Operations.BatchAddServerNics));
    }

    [Fact]
    public async Task A_drop_after_processing_on_a_reused_keep_alive_connection_is_seen_once_and_not_replayed()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host, pooled: true);
        var a = host.Account;
        Assert.Equal(200, (await client.GetAsync(Api.Interfaces(a.ProjectId, a.Servers[0].Id))).Status);
        host.AddFault(new FaultRule { Operation = Operations.BatchAddServerNics, Kind = FaultKind.DropAfterProcessing });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(Api.Nics(a.ProjectId, a.Servers[1].Id), Api.AddNics(a.Subnet.Id)));

        Assert.Equal(1, host.GetCounters().RequestsFor(Operations.BatchAddServerNics));
        Assert.Single(host.State.GetJobs());
    }

    [Fact]
    public async Task An_html_error_page_is_502_text_html_and_does_nothing()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Kind = FaultKind.HtmlErrorPage });

        var response = await BindAsync(host, client);

        Assert.Equal(502, response.Status);
        Assert.StartsWith("text/html", response.ContentType);
        Assert.StartsWith("<html>", response.Body);
        Assert.False(IsBound(host));
    }

    [Fact]
    public async Task Truncated_json_does_the_work_and_answers_200_with_a_cut_body()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = Operations.AssociateServerVirtualIp, Kind = FaultKind.TruncatedJson });

        var response = await BindAsync(host, client);

        Assert.Equal(200, response.Status);
        Assert.Equal(response.Body.Length, response.ContentLength);
        Assert.StartsWith("{\"port_id\":", response.Body);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(response.Body));
        Assert.True(IsBound(host));
    }

    [Fact]
    public async Task A_fault_aimed_at_one_operation_leaves_the_others_alone()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = Operations.ShowJob, Kind = FaultKind.ServerError, Count = null });

        var bind = await BindAsync(host, client);
        var list = await client.GetAsync(Api.Interfaces(host.Account.ProjectId, host.Account.Servers[0].Id));
        var job1 = await client.GetAsync(Api.Job(host.Account.ProjectId, "x"));
        var job2 = await client.GetAsync(Api.Job(host.Account.ProjectId, "y"));

        Assert.Equal(200, bind.Status);
        Assert.Equal(200, list.Status);
        Assert.Equal(500, job1.Status);
        Assert.Equal(500, job2.Status);
        Assert.Single(host.Faults.Faults);
    }

    [Fact]
    public async Task Faults_can_be_armed_through_the_control_api()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);

        var armed = await client.RawAsync("POST", "/_emulator/faults",
            "{\"rules\":[{\"operation\":\"AssociateServerVirtualIp\",\"kind\":\"throttle\",\"count\":1,\"retry_after_seconds\":2}," +
            "{\"operation\":\"AssociateServerVirtualIp\",\"kind\":\"drop_before\"}]}");
        var listed = await client.RawAsync("GET", "/_emulator/faults");
        var first = await BindAsync(host, client);
        await Assert.ThrowsAsync<HttpRequestException>(() => BindAsync(host, client));
        var third = await BindAsync(host, client);
        var bad = await client.RawAsync("POST", "/_emulator/faults", "{\"kind\":\"explode\"}");

        Assert.Equal(200, armed.Status);
        Assert.Equal(2, listed.Json["rules"]!.AsArray().Count);
        Assert.Equal("throttle", listed.Json["rules"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal((429, "2"), (first.Status, first.Header("Retry-After")));
        Assert.Equal(200, third.Status);
        Assert.Equal(400, bad.Status);
        Assert.Contains("explode", bad.Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metadata_calls_are_faulted_only_when_named()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = "*", Kind = FaultKind.ServiceUnavailable, Count = null });

        var untouched = await client.RawAsync("GET", "/openstack/latest/securitykey");
        host.ClearFaults();
        host.AddFault(new FaultRule { Operation = Operations.MetadataSecurityKey, Kind = FaultKind.ServerError });
        var faulted = await client.RawAsync("GET", "/openstack/latest/securitykey");

        Assert.Equal(200, untouched.Status);
        Assert.Equal(500, faulted.Status);
    }

    [Fact]
    public async Task Latency_delays_the_matching_operation_at_least_as_long_as_asked()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddLatency(new LatencyRule { Operation = Operations.ListServerInterfaces, Fixed = TimeSpan.FromMilliseconds(300), Count = 1 });

        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync(Api.Interfaces(host.Account.ProjectId, host.Account.Servers[0].Id));
        watch.Stop();

        Assert.Equal(200, response.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), "latency was not applied: " + watch.Elapsed);
        Assert.Empty(host.Faults.Latency);
    }

    [Fact]
    public async Task A_rate_below_one_faults_some_requests_but_not_all()
    {
        await using var host = await StartAsync();
        using var client = new EmulatorClient(host);
        host.AddFault(new FaultRule { Operation = Operations.ShowJob, Kind = FaultKind.ServerError, Count = null, Rate = 0.5 });

        var statuses = new int[40];
        for (var i = 0; i < statuses.Length; i++) statuses[i] = (await client.GetAsync(Api.Job(host.Account.ProjectId, "x"))).Status;

        Assert.Contains(500, statuses);
        Assert.Contains(400, statuses);
    }
}
