using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Api;

public sealed class EcsClientOperationTests
{
    private const string P = TestClients.ProjectId;

    [Fact]
    public async Task Bind_puts_the_subnet_address_and_reverse_binding_on_the_nic()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.PortIdJson));
        using var client = TestClients.Client(transport, new FakeClock());

        var binding = await client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", true, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/v1/{P}/cloudservers/nics/{TestClients.NicId}", request.Uri.AbsolutePath);
        Assert.Equal($"{{\"nic\":{{\"subnet_id\":\"{TestClients.SubnetId}\",\"ip_address\":\"192.168.0.7\",\"reverse_binding\":true}}}}",
            request.Body);
        Assert.Equal(TestClients.NicId, binding.NicId);
        Assert.Equal("192.168.0.7", binding.IpAddress);
        Assert.Equal(TestClients.SubnetId, binding.SubnetId);
        Assert.True(binding.ReverseBinding);
        Assert.Equal(VirtualIpAction.Bound, binding.Action);
    }

    [Fact]
    public async Task Unbind_sends_the_empty_strings_and_false_the_service_requires()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.PortIdJson));
        using var client = TestClients.Client(transport, new FakeClock());

        var binding = await client.UnbindVirtualIpAsync(TestClients.NicId, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/v1/{P}/cloudservers/nics/{TestClients.NicId}", request.Uri.AbsolutePath);
        Assert.Equal("{\"nic\":{\"subnet_id\":\"\",\"ip_address\":\"\",\"reverse_binding\":false}}", request.Body);
        Assert.Equal(VirtualIpAction.Unbound, binding.Action);
        Assert.Null(binding.IpAddress);
    }

    [Fact]
    public async Task Add_posts_the_nic_specs_and_returns_the_submitted_job()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.JobIdJson));
        using var client = TestClients.Client(transport, new FakeClock());

        var job = await client.AddServerNicsAsync(TestClients.ServerId, new[]
        {
            new NicSpec
            {
                SubnetId = TestClients.SubnetId, IpAddress = "10.0.0.5",
                SecurityGroups = new List<SecurityGroupRef> { new() { Id = TestClients.SecurityGroupId } },
            },
            new NicSpec { SubnetId = TestClients.SubnetId, PortId = TestClients.NicId2 },
        }, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v1/{P}/cloudservers/{TestClients.ServerId}/nics", request.Uri.AbsolutePath);
        Assert.Equal("{\"nics\":[" +
                     $"{{\"subnet_id\":\"{TestClients.SubnetId}\",\"security_groups\":[{{\"id\":\"{TestClients.SecurityGroupId}\"}}],\"ip_address\":\"10.0.0.5\"}}," +
                     $"{{\"subnet_id\":\"{TestClients.SubnetId}\",\"port_id\":\"{TestClients.NicId2}\"}}]}}", request.Body);
        Assert.Equal(TestClients.JobId, job.JobId);
        Assert.Equal("addNicsForServer", job.JobType);
        Assert.Equal(TestClients.ServerId, job.ServerId);
        Assert.Equal(JobStatus.Init, job.Status);
    }

    [Fact]
    public async Task Delete_posts_the_nic_ids_and_returns_the_submitted_job()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.JobIdJson));
        using var client = TestClients.Client(transport, new FakeClock());

        var job = await client.DeleteServerNicsAsync(TestClients.ServerId, new[] { TestClients.NicId, TestClients.NicId2 },
            CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v1/{P}/cloudservers/{TestClients.ServerId}/nics/delete", request.Uri.AbsolutePath);
        Assert.Equal($"{{\"nics\":[{{\"id\":\"{TestClients.NicId}\"}},{{\"id\":\"{TestClients.NicId2}\"}}]}}", request.Body);
        Assert.Equal("deleteNicsForServer", job.JobType);
        Assert.Equal(TestClients.JobId, job.JobId);
    }

    [Fact]
    public async Task List_reads_the_interface_attachments_into_server_nics()
    {
        const string body = "{\"interfaceAttachments\":[" +
            "{\"port_state\":\"ACTIVE\",\"fixed_ips\":[{\"subnet_id\":\"aaaaaaaa-0000-4000-8000-000000000001\",\"ip_address\":\"192.168.0.10\"}]," +
            "\"net_id\":\"" + TestClients.SubnetId + "\",\"port_id\":\"" + TestClients.NicId + "\",\"mac_addr\":\"fa:16:3e:00:00:01\"," +
            "\"delete_on_termination\":true,\"driver_mode\":\"virtio\",\"min_rate\":0,\"multiqueue_num\":1,\"pci_address\":\"0000:00:03.0\"}," +
            "{\"port_state\":\"DOWN\",\"fixed_ips\":[],\"net_id\":\"" + TestClients.SubnetId + "\",\"port_id\":\"" + TestClients.NicId2 + "\"}]," +
            "\"attachableQuantity\":{\"free_nic\":10}}";
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, body));
        using var client = TestClients.Client(transport, new FakeClock());

        var nics = await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v1/{P}/cloudservers/{TestClients.ServerId}/os-interface", request.Uri.AbsolutePath);
        Assert.Equal("", request.Body);
        Assert.Equal(2, nics.Count);
        Assert.Equal(TestClients.NicId, nics[0].PortId);
        Assert.Equal(TestClients.SubnetId, nics[0].SubnetId);
        Assert.Equal(new[] { "192.168.0.10" }, nics[0].FixedIps);
        Assert.Equal("fa:16:3e:00:00:01", nics[0].MacAddress);
        Assert.Equal("ACTIVE", nics[0].State);
        Assert.Equal(TestClients.ServerId, nics[0].ServerId);
        Assert.Equal(TestClients.NicId2, nics[1].PortId);
        Assert.Empty(nics[1].FixedIps);
    }

    [Fact]
    public async Task Get_job_reads_status_and_the_new_nic_ids()
    {
        const string body = "{\"job_id\":\"" + TestClients.JobId + "\",\"job_type\":\"batchAddNics\",\"status\":\"SUCCESS\"," +
            "\"begin_time\":\"2025-01-02T03:04:05.000+0000\",\"end_time\":\"2025-01-02T03:05:00.000+0000\"," +
            "\"entities\":{\"server_id\":\"" + TestClients.ServerId + "\",\"sub_jobs_total\":1,\"sub_jobs\":[" +
            "{\"job_id\":\"ff80808288d41e1b018990260955686b\",\"job_type\":\"addNic\",\"status\":\"SUCCESS\"," +
            "\"entities\":{\"nic_id\":\"" + TestClients.NicId + "\"}}]}}";
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, body));
        using var client = TestClients.Client(transport, new FakeClock());

        var job = await client.GetJobAsync(TestClients.JobId, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v1/{P}/jobs/{TestClients.JobId}", request.Uri.AbsolutePath);
        Assert.Equal(JobStatus.Success, job.Status);
        Assert.Equal(TestClients.ServerId, job.ServerId);
        Assert.Equal(new[] { TestClients.NicId }, job.NicIds);
    }

    public static TheoryData<string, Func<EcsClient, Task>> InvalidCalls() => new()
    {
        { "NicId", c => c.BindVirtualIpAsync("../../jobs/x", TestClients.SubnetId, "192.168.0.7", false, CancellationToken.None) },
        { "SubnetId", c => c.BindVirtualIpAsync(TestClients.NicId, "%2F", "192.168.0.7", false, CancellationToken.None) },
        { "IpAddress", c => c.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.1", false, CancellationToken.None) },
        { "IpAddress", c => c.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "fe80::1%eth0", false, CancellationToken.None) },
        { "NicId", c => c.UnbindVirtualIpAsync(TestClients.NicId + "?x", CancellationToken.None) },
        { "ServerId", c => c.AddServerNicsAsync(TestClients.ServerId + "#", new[] { new NicSpec { SubnetId = TestClients.SubnetId } }, CancellationToken.None) },
        { "Nic", c => c.AddServerNicsAsync(TestClients.ServerId, Array.Empty<NicSpec>(), CancellationToken.None) },
        { "Nic[0].SubnetId", c => c.AddServerNicsAsync(TestClients.ServerId, new[] { new NicSpec { SubnetId = " " + TestClients.SubnetId } }, CancellationToken.None) },
        { "NicId[0]", c => c.DeleteServerNicsAsync(TestClients.ServerId, new[] { "x" }, CancellationToken.None) },
        { "ServerId", c => c.ListServerNicsAsync("\u0441erver", CancellationToken.None) },
        { "JobId", c => c.GetJobAsync("../cloudservers", CancellationToken.None) },
        { "JobId", c => c.GetJobAsync(new string('f', 10 * 1024 * 1024), CancellationToken.None) },
    };

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public async Task Invalid_input_is_rejected_before_anything_is_sent(string parameter, Func<EcsClient, Task> call)
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, "{}"));
        using var client = TestClients.Client(transport, new FakeClock());

        var error = await Assert.ThrowsAsync<EcsValidationException>(() => call(client));

        Assert.Equal(parameter, error.ParameterName);
        Assert.Equal(0, transport.Count);
    }

    [Fact]
    public async Task A_disposed_client_refuses_calls()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        var client = TestClients.Client(transport, new FakeClock());
        client.Dispose();
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));
        Assert.Equal(0, transport.Count);
    }

    [Fact]
    public async Task Disposing_a_client_leaves_a_borrowed_transport_usable()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        TestClients.Client(transport, new FakeClock()).Dispose();

        using var second = TestClients.Client(transport, new FakeClock());
        await second.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        Assert.Equal(1, transport.Count);
    }

    [Fact]
    public async Task Operations_work_end_to_end_over_a_real_socket()
    {
        using var server = new LoopbackHttpServer((context, request) => LoopbackHttpServer.WriteAsync(context, 200,
            request.PathAndQuery.Contains("/jobs/", StringComparison.Ordinal)
                ? "{\"job_id\":\"" + TestClients.JobId + "\",\"status\":\"RUNNING\"}"
                : request.Method == "GET" ? TestClients.EmptyNicsJson
                : request.Method == "PUT" ? TestClients.PortIdJson : TestClients.JobIdJson));
        using var client = new EcsClient(TestClients.Options(null, new FakeClock(), server.BaseUri),
            new FixedCredentialProvider(TestClients.Permanent()));

        await client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", false, CancellationToken.None);
        await client.UnbindVirtualIpAsync(TestClients.NicId, CancellationToken.None);
        await client.AddServerNicsAsync(TestClients.ServerId, new[] { new NicSpec { SubnetId = TestClients.SubnetId } }, CancellationToken.None);
        await client.DeleteServerNicsAsync(TestClients.ServerId, new[] { TestClients.NicId }, CancellationToken.None);
        Assert.Empty(await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));
        Assert.Equal(JobStatus.Running, (await client.GetJobAsync(TestClients.JobId, CancellationToken.None)).Status);

        Assert.Equal(6, server.Requests.Count);
    }
}
