using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class NicJobTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    private static async Task<(EmulatorHost Host, ManualTimeProvider Time)> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var time = new ManualTimeProvider();
        var options = new EmulatorOptions { JobDuration = Duration, TimeProvider = time };
        configure?.Invoke(options);
        return (await EmulatorHost.StartAsync(options), time);
    }

    private static async Task<JsonNode> ShowJobAsync(EmulatorClient client, string jobId)
    {
        var response = await client.GetAsync(Api.Job(client.Project, jobId));
        Assert.Equal(200, response.Status);
        return response.Json;
    }

    private static async Task<string> PostJobAsync(EmulatorClient client, string path, JsonNode body)
    {
        var response = await client.PostAsync(path, body);
        Assert.Equal(200, response.Status);
        var jobId = response.Json["job_id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", jobId);
        return jobId;
    }

    [Fact]
    public async Task An_attach_job_goes_INIT_RUNNING_SUCCESS_and_only_then_shows_the_new_nic()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var server = a.Servers[1];

        var jobId = await PostJobAsync(client, Api.Nics(a.ProjectId, server.Id), Api.AddNics(a.SecondSubnet.Id));

        var init = await ShowJobAsync(client, jobId);
        Assert.Equal("INIT", init["status"]!.GetValue<string>());
        Assert.Equal("addNicsForServer", init["job_type"]!.GetValue<string>());
        Assert.Equal(server.Id, init["entities"]!["server_id"]!.GetValue<string>());
        Assert.Equal(1, init["entities"]!["sub_jobs_total"]!.GetValue<int>());
        Assert.Null(init["end_time"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", init["begin_time"]!.GetValue<string>());

        time.Advance(TimeSpan.FromSeconds(5));
        var running = await ShowJobAsync(client, jobId);
        Assert.Equal("RUNNING", running["status"]!.GetValue<string>());
        Assert.Equal("RUNNING", running["entities"]!["sub_jobs"]![0]!["status"]!.GetValue<string>());
        var listed = await client.GetAsync(Api.Interfaces(a.ProjectId, server.Id));
        Assert.Single(listed.Json["interfaceAttachments"]!.AsArray());

        time.Advance(TimeSpan.FromSeconds(5));
        var done = await ShowJobAsync(client, jobId);
        Assert.Equal("SUCCESS", done["status"]!.GetValue<string>());
        Assert.Null(done["error_code"]);
        Assert.Null(done["fail_reason"]);
        Assert.NotNull(done["end_time"]);
        var sub = done["entities"]!["sub_jobs"]![0]!;
        Assert.Equal("SUCCESS", sub["status"]!.GetValue<string>());
        Assert.Equal("addNic", sub["job_type"]!.GetValue<string>());
        var nicId = sub["entities"]!["nic_id"]!.GetValue<string>();

        var after = await client.GetAsync(Api.Interfaces(a.ProjectId, server.Id));
        var attachments = after.Json["interfaceAttachments"]!.AsArray();
        Assert.Equal(2, attachments.Count);
        var added = attachments.Single(x => x!["port_id"]!.GetValue<string>() == nicId)!;
        Assert.Equal(a.SecondSubnet.Id, added["net_id"]!.GetValue<string>());
        Assert.Equal(a.SecondSubnet.NeutronSubnetId, added["fixed_ips"]![0]!["subnet_id"]!.GetValue<string>());
        Assert.Equal("192.168.1.2", added["fixed_ips"]![0]!["ip_address"]!.GetValue<string>());
        Assert.Equal("ACTIVE", added["port_state"]!.GetValue<string>());
        Assert.Matches("^fa:16:3e(:[0-9a-f]{2}){3}$", added["mac_addr"]!.GetValue<string>());
        Assert.Equal(12 - 2, after.Json["attachableQuantity"]!["free_nic"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_attach_to_a_subnet_of_another_vpc_fails_with_the_code_on_job_and_sub_job()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var jobId = await PostJobAsync(client, Api.Nics(a.ProjectId, a.Servers[1].Id), Api.AddNics(a.OtherSubnet.Id));
        time.Advance(Duration);
        var job = await ShowJobAsync(client, jobId);

        Assert.Equal("FAIL", job["status"]!.GetValue<string>());
        Assert.Equal("Ecs.0014", job["error_code"]!.GetValue<string>());
        Assert.Contains(a.OtherSubnet.Id, job["fail_reason"]!.GetValue<string>());
        var sub = job["entities"]!["sub_jobs"]![0]!;
        Assert.Equal("FAIL", sub["status"]!.GetValue<string>());
        Assert.Equal("Ecs.0014", sub["error_code"]!.GetValue<string>());
        Assert.Null(sub["entities"]!["nic_id"]);
        Assert.Single(host.State.GetServerNics(a.Servers[1].Id));
    }

    [Fact]
    public async Task An_attach_beyond_the_nic_quota_fails_only_the_sub_jobs_over_the_limit()
    {
        var (host, time) = await StartAsync(o => o.MaxNicsPerServer = 2);
        await using var _ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var jobId = await PostJobAsync(client, Api.Nics(a.ProjectId, a.Servers[1].Id), Api.AddNics(a.Subnet.Id, a.Subnet.Id));
        time.Advance(Duration);
        var job = await ShowJobAsync(client, jobId);

        Assert.Equal("FAIL", job["status"]!.GetValue<string>());
        Assert.Equal("Ecs.0050", job["error_code"]!.GetValue<string>());
        var subs = job["entities"]!["sub_jobs"]!.AsArray();
        Assert.Equal("SUCCESS", subs[0]!["status"]!.GetValue<string>());
        Assert.Equal("FAIL", subs[1]!["status"]!.GetValue<string>());
        Assert.Equal("Ecs.0050", subs[1]!["error_code"]!.GetValue<string>());
        Assert.Equal(2, host.State.GetServerNics(a.Servers[1].Id).Count);
        var listed = await client.GetAsync(Api.Interfaces(a.ProjectId, a.Servers[1].Id));
        Assert.Equal(0, listed.Json["attachableQuantity"]!["free_nic"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_batch_delete_job_removes_the_nic_and_cleans_its_reverse_pair()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var server = a.Servers[0];
        var secondary = server.Nics[1];
        await client.PutAsync(Api.Nic(a.ProjectId, secondary.PortId), Api.Bind(a.SecondSubnet.Id, "192.168.1.200", reverse: true));

        var jobId = await PostJobAsync(client, Api.DeleteNics(a.ProjectId, server.Id), Api.RemoveNics(secondary.PortId));
        var pending = await ShowJobAsync(client, jobId);
        Assert.Equal("deleteNicsForServer", pending["job_type"]!.GetValue<string>());
        Assert.Equal(secondary.PortId, pending["entities"]!["sub_jobs"]![0]!["entities"]!["nic_id"]!.GetValue<string>());
        Assert.Equal(2, host.State.GetServerNics(server.Id).Count);

        time.Advance(Duration);
        var job = await ShowJobAsync(client, jobId);

        Assert.Equal("SUCCESS", job["status"]!.GetValue<string>());
        Assert.Equal(new[] { server.Nics[0].PortId }, host.State.GetServerNics(server.Id).Select(n => n.Id));
        Assert.Null(host.State.GetPort(secondary.PortId));
        Assert.Empty(host.State.FindVirtualIp(a.SecondSubnet.Id, "192.168.1.200")!.AllowedAddressPairs);
    }

    [Fact]
    public async Task Deleting_the_primary_or_a_foreign_nic_fails_the_sub_job()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var server = a.Servers[0];

        var jobId = await PostJobAsync(client, Api.DeleteNics(a.ProjectId, server.Id),
            Api.RemoveNics(server.Nics[0].PortId, a.Servers[1].Nics[0].PortId));
        time.Advance(Duration);
        var subs = (await ShowJobAsync(client, jobId))["entities"]!["sub_jobs"]!.AsArray();

        Assert.Equal("Ecs.0005", subs[0]!["error_code"]!.GetValue<string>());
        Assert.Equal("Ecs.0307", subs[1]!["error_code"]!.GetValue<string>());
        Assert.Equal(2, host.State.GetServerNics(server.Id).Count);
        Assert.Single(host.State.GetServerNics(a.Servers[1].Id));
    }

    [Fact]
    public async Task Unknown_servers_are_404_Ecs_0114_and_unknown_jobs_are_Common_0011()
    {
        var (host, _) = await StartAsync();
        await using var __ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;
        const string missing = "00000000-0000-4000-8000-000000000000";

        var add = await client.PostAsync(Api.Nics(a.ProjectId, missing), Api.AddNics(a.Subnet.Id));
        var delete = await client.PostAsync(Api.DeleteNics(a.ProjectId, missing), Api.RemoveNics(a.Servers[0].Nics[0].PortId));
        var list = await client.GetAsync(Api.Interfaces(a.ProjectId, missing));
        var job = await client.GetAsync(Api.Job(a.ProjectId, "ff80808288d41e1b018990260955686a"));

        foreach (var r in new[] { add, delete, list })
        {
            Assert.Equal(404, r.Status);
            Assert.Equal("Ecs.0114", r.EcsCode);
        }
        Assert.Equal(400, job.Status);
        Assert.Equal("Common.0011", job.EcsCode);
        Assert.Empty(host.State.GetJobs());
    }

    [Theory]
    [InlineData("{\"nics\":[]}")]
    [InlineData("{\"nics\":[{}]}")]
    [InlineData("{\"nics\":[{\"subnet_id\":\"no-such-subnet\"}]}")]
    [InlineData("{}")]
    public async Task A_bad_attach_body_is_Ecs_0005_and_creates_no_job(string body)
    {
        var (host, _) = await StartAsync();
        await using var __ = host;
        using var client = new EmulatorClient(host);

        var response = await client.SendAsync("POST", Api.Nics(host.Account.ProjectId, host.Account.Servers[0].Id), body);

        Assert.Equal(400, response.Status);
        Assert.Equal("Ecs.0005", response.EcsCode);
        Assert.Empty(host.State.GetJobs());
    }

    [Fact]
    public async Task Queued_durations_and_the_hook_give_each_job_its_own_finish_time()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;
        host.EnqueueJobDurations(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        host.SetJobDurationHook(r => TimeSpan.FromSeconds(5 + r.Sequence));

        var slow = await PostJobAsync(client, Api.Nics(a.ProjectId, a.Servers[0].Id), Api.AddNics(a.Subnet.Id));
        var fast = await PostJobAsync(client, Api.Nics(a.ProjectId, a.Servers[1].Id), Api.AddNics(a.Subnet.Id));
        var hooked = await PostJobAsync(client, Api.Nics(a.ProjectId, a.Servers[2].Id), Api.AddNics(a.Subnet.Id));

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("SUCCESS", (await ShowJobAsync(client, fast))["status"]!.GetValue<string>());
        Assert.NotEqual("SUCCESS", (await ShowJobAsync(client, slow))["status"]!.GetValue<string>());
        Assert.NotEqual("SUCCESS", (await ShowJobAsync(client, hooked))["status"]!.GetValue<string>());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("SUCCESS", (await ShowJobAsync(client, hooked))["status"]!.GetValue<string>());
        Assert.NotEqual("SUCCESS", (await ShowJobAsync(client, slow))["status"]!.GetValue<string>());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("SUCCESS", (await ShowJobAsync(client, slow))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_seeded_attach_workflow_vpc_subnet_port_attach_poll_works_end_to_end()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var p = a.ProjectId;

        var vpc = await client.PostAsync($"/v1/{p}/vpcs", new JsonObject
        {
            ["vpc"] = new JsonObject { ["name"] = "vpc", ["description"] = "test", ["cidr"] = "172.16.0.0/16" },
        });
        Assert.Equal(200, vpc.Status);
        Assert.Equal("CREATING", vpc.Json["vpc"]!["status"]!.GetValue<string>());
        var vpcId = vpc.Json["vpc"]!["id"]!.GetValue<string>();
        Assert.Equal("OK", (await client.GetAsync($"/v1/{p}/vpcs/{vpcId}")).Json["vpc"]!["status"]!.GetValue<string>());

        var subnet = await client.PostAsync($"/v1/{p}/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject
            {
                ["name"] = "subnet", ["cidr"] = "172.16.20.0/24", ["gateway_ip"] = "172.16.20.1", ["vpc_id"] = vpcId,
            },
        });
        Assert.Equal(200, subnet.Status);
        var subnetId = subnet.Json["subnet"]!["id"]!.GetValue<string>();
        Assert.Equal(subnetId, subnet.Json["subnet"]!["neutron_network_id"]!.GetValue<string>());
        var shownSubnet = await client.GetAsync($"/v1/{p}/subnets/{subnetId}");
        Assert.Equal("ACTIVE", shownSubnet.Json["subnet"]!["status"]!.GetValue<string>());
        Assert.Equal("172.16.20.0/24", shownSubnet.Json["subnet"]!["cidr"]!.GetValue<string>());

        var port = await client.PostAsync($"/v1/{p}/ports", new JsonObject
        {
            ["port"] = new JsonObject
            {
                ["network_id"] = subnetId,
                ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "172.16.20.38" }),
                ["security_groups"] = new JsonArray("f2c5b3fc-b971-4a86-87b9-032586260e3e"),
            },
        });
        Assert.Equal(200, port.Status);
        Assert.Equal("DOWN", port.Json["port"]!["status"]!.GetValue<string>());
        Assert.Equal("", port.Json["port"]!["device_owner"]!.GetValue<string>());
        var portId = port.Json["port"]!["id"]!.GetValue<string>();

        // The demo servers live in the demo VPC: attaching the new VPC's port fails, as the real API does.
        var wrongVpc = await PostJobAsync(client, Api.Nics(p, a.Servers[0].Id), new JsonObject
        {
            ["nics"] = new JsonArray(new JsonObject { ["subnet_id"] = subnetId, ["port_id"] = portId }),
        });
        time.Advance(Duration);
        Assert.Equal("FAIL", (await ShowJobAsync(client, wrongVpc))["status"]!.GetValue<string>());

        // A port in the server's VPC attaches, keeping its fixed IP.
        var local = await client.PostAsync($"/v1/{p}/ports", new JsonObject
        {
            ["port"] = new JsonObject
            {
                ["network_id"] = a.SecondSubnet.Id,
                ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "192.168.1.38", ["subnet_id"] = a.SecondSubnet.NeutronSubnetId }),
            },
        });
        var localId = local.Json["port"]!["id"]!.GetValue<string>();
        var attach = await PostJobAsync(client, Api.Nics(p, a.Servers[1].Id), new JsonObject
        {
            ["nics"] = new JsonArray(new JsonObject { ["subnet_id"] = a.SecondSubnet.Id, ["port_id"] = localId }),
        });
        time.Advance(Duration);
        var job = await ShowJobAsync(client, attach);
        Assert.Equal("SUCCESS", job["status"]!.GetValue<string>());
        Assert.Equal(localId, job["entities"]!["sub_jobs"]![0]!["entities"]!["nic_id"]!.GetValue<string>());
        var shown = await client.GetAsync($"/v1/{p}/ports/{localId}");
        Assert.Equal("ACTIVE", shown.Json["port"]!["status"]!.GetValue<string>());
        Assert.StartsWith("compute:", shown.Json["port"]!["device_owner"]!.GetValue<string>());
        Assert.Equal(a.Servers[1].Id, shown.Json["port"]!["device_id"]!.GetValue<string>());
        Assert.Equal("192.168.1.38", host.State.GetServerNics(a.Servers[1].Id)[1].IpAddress);
    }

    [Fact]
    public async Task Vpc_api_errors_use_vpc_codes()
    {
        var (host, _) = await StartAsync();
        await using var __ = host;
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var p = a.ProjectId;

        var outside = await client.PostAsync($"/v1/{p}/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["name"] = "s", ["cidr"] = "10.9.0.0/24", ["gateway_ip"] = "10.9.0.1", ["vpc_id"] = a.VpcId },
        });
        var overlapping = await client.PostAsync($"/v1/{p}/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["name"] = "s", ["cidr"] = "192.168.0.0/25", ["gateway_ip"] = "192.168.0.1", ["vpc_id"] = a.VpcId },
        });
        var noVpc = await client.GetAsync($"/v1/{p}/vpcs/00000000-0000-4000-8000-000000000000");
        var noSubnet = await client.GetAsync($"/v1/{p}/subnets/00000000-0000-4000-8000-000000000000");
        var inUse = await client.PostAsync($"/v1/{p}/ports", new JsonObject
        {
            ["port"] = new JsonObject
            {
                ["network_id"] = a.Subnet.Id,
                ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = a.Servers[0].Nics[0].IpAddress }),
            },
        });

        Assert.Equal((400, "VPC.0203"), (outside.Status, outside.Json["code"]!.GetValue<string>()));
        Assert.Equal((400, "VPC.0204"), (overlapping.Status, overlapping.Json["code"]!.GetValue<string>()));
        Assert.Equal((404, "VPC.0003"), (noVpc.Status, noVpc.Json["code"]!.GetValue<string>()));
        Assert.Equal((404, "VPC.0202"), (noSubnet.Status, noSubnet.Json["code"]!.GetValue<string>()));
        Assert.Equal((409, "VPC.0701"), (inUse.Status, inUse.Json["code"]!.GetValue<string>()));
    }
}
