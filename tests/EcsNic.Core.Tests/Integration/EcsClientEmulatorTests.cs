using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Integration;

/// <summary>The real client against the real emulator: every operation, its errors and its authentication paths.</summary>
public sealed class EcsClientEmulatorTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public EcsClientEmulatorTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
        _emulator.Host.SetRaceModel(false);
        _emulator.Host.SetJobDuration(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public async Task Bind_creates_a_vip_then_binds_a_second_nic_with_reverse_binding_then_unbinds()
    {
        var account = _emulator.Account;
        var nicA = account.Servers[0].Nics[0];
        var nicB = account.Servers[1].Nics[0];
        using var client = _emulator.Client();

        var first = await client.BindVirtualIpAsync(nicA.PortId, nicA.SubnetId, "192.168.0.200", false, CancellationToken.None);
        Assert.Equal(VirtualIpAction.Bound, first.Action);
        Assert.Equal(nicA.PortId, first.NicId);
        var vip = _emulator.Host.State.FindVirtualIp(nicA.SubnetId, "192.168.0.200");
        Assert.NotNull(vip);
        Assert.True(vip!.IsVirtualIp);
        Assert.Contains(_emulator.Host.AllowedAddressPairs(nicA.PortId), p => p.IpAddress == "192.168.0.200");
        Assert.Empty(_emulator.Host.AllowedAddressPairs(vip.Id));

        await client.BindVirtualIpAsync(nicB.PortId, nicB.SubnetId, "192.168.0.200", true, CancellationToken.None);
        Assert.Contains(_emulator.Host.AllowedAddressPairs(nicB.PortId), p => p.IpAddress == "192.168.0.200");
        Assert.Contains(_emulator.Host.AllowedAddressPairs(vip.Id), p => p.IpAddress == nicB.IpAddress && p.MacAddress == nicB.MacAddress);
        Assert.Single(_emulator.Host.State.GetPorts(), p => p.IsVirtualIp);

        var unbound = await client.UnbindVirtualIpAsync(nicB.PortId, CancellationToken.None);
        Assert.Equal(VirtualIpAction.Unbound, unbound.Action);
        Assert.DoesNotContain(_emulator.Host.AllowedAddressPairs(nicB.PortId), p => p.IpAddress == "192.168.0.200");
        Assert.DoesNotContain(_emulator.Host.AllowedAddressPairs(vip.Id), p => p.IpAddress == nicB.IpAddress);
        Assert.Contains(_emulator.Host.AllowedAddressPairs(nicA.PortId), p => p.IpAddress == "192.168.0.200");
    }

    [Theory]
    [InlineData("10.9.9.9", "Ecs.0005")]
    [InlineData("192.168.0.255", "Ecs.0005")]
    [InlineData("192.168.0.12", "Ecs.0010")]
    public async Task Bind_errors_surface_with_code_and_request_id(string address, string code)
    {
        var nic = _emulator.Account.Servers[0].Nics[0];
        using var client = _emulator.Client();

        var error = await Assert.ThrowsAsync<EcsApiException>(() =>
            client.BindVirtualIpAsync(nic.PortId, nic.SubnetId, address, false, CancellationToken.None));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Contains(error.RequestId!, error.Message);
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor("AssociateServerVirtualIp"));
    }

    [Fact]
    public async Task Unknown_ids_give_huawei_errors()
    {
        using var client = _emulator.Client();
        var unknown = "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f";

        var nic = await Assert.ThrowsAsync<EcsApiException>(() => client.UnbindVirtualIpAsync(unknown, CancellationToken.None));
        var server = await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(unknown, CancellationToken.None));
        var job = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", CancellationToken.None));

        Assert.Equal("Ecs.0307", nic.ErrorCode);
        Assert.Equal("Ecs.0114", server.ErrorCode);
        Assert.Equal(404, server.StatusCode);
        Assert.Equal("Common.0011", job.ErrorCode);
    }

    [Fact]
    public async Task Attach_job_succeeds_and_the_new_nic_is_listed_then_detach_removes_it()
    {
        var server = _emulator.Account.Servers[2];
        using var client = _emulator.Client();

        var submitted = await client.AddServerNicsAsync(server.Id,
            new[] { new NicSpec { SubnetId = _emulator.Account.Subnet.Id } }, CancellationToken.None);
        var done = await PollUntilFinished(client, submitted.JobId);

        Assert.Equal(JobStatus.Success, done.Status);
        var newNic = Assert.Single(done.NicIds);
        var nics = await client.ListServerNicsAsync(server.Id, CancellationToken.None);
        var listed = Assert.Single(nics, n => n.PortId == newNic);
        Assert.Equal(_emulator.Account.Subnet.Id, listed.SubnetId);
        Assert.Equal(server.Id, listed.ServerId);

        var detach = await client.DeleteServerNicsAsync(server.Id, new[] { newNic }, CancellationToken.None);
        Assert.Equal(JobStatus.Success, (await PollUntilFinished(client, detach.JobId)).Status);
        Assert.DoesNotContain(await client.ListServerNicsAsync(server.Id, CancellationToken.None), n => n.PortId == newNic);
    }

    [Fact]
    public async Task Attach_to_a_subnet_of_another_vpc_fails_with_the_job_error()
    {
        var server = _emulator.Account.Servers[0];
        using var client = _emulator.Client();

        var submitted = await client.AddServerNicsAsync(server.Id,
            new[] { new NicSpec { SubnetId = _emulator.Account.OtherSubnet.Id } }, CancellationToken.None);
        var done = await PollUntilFinished(client, submitted.JobId);

        Assert.Equal(JobStatus.Fail, done.Status);
        Assert.Equal("Ecs.0014", done.ErrorCode);
        Assert.False(string.IsNullOrEmpty(done.FailReason));
        Assert.Contains(done.SubJobs, s => s.Status == JobStatus.Fail && s.ErrorCode == "Ecs.0014");
    }

    [Fact]
    public async Task Project_id_is_looked_up_through_iam_once_and_cached()
    {
        EcsClient.ClearProjectIdCache(_emulator.Host.IamBaseUri);
        var withoutProject = new FixedCredentialProvider(_emulator.Account.CreateCredentials().WithProjectId(null));
        using (var first = _emulator.Client(credentials: withoutProject, withProjectId: false))
            await first.ListServerNicsAsync(_emulator.Account.Servers[0].Id, CancellationToken.None);
        using (var second = _emulator.Client(credentials: withoutProject, withProjectId: false))
            Assert.Equal(_emulator.Account.ProjectId, await second.GetProjectIdAsync(CancellationToken.None));

        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor("KeystoneListProjects"));

        // Forgetting this endpoint's entries (and only those) makes the next client look it up again.
        EcsClient.ClearProjectIdCache(_emulator.Host.IamBaseUri);
        using (var third = _emulator.Client(credentials: withoutProject, withProjectId: false))
            await third.GetProjectIdAsync(CancellationToken.None);
        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor("KeystoneListProjects"));
        EcsClient.ClearProjectIdCache(_emulator.Host.IamBaseUri);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_rejected_by_the_gateway()
    {
        var wrong = new Credentials(_emulator.Account.AccessKey, "not-the-secret-key-at-all");
        using var client = _emulator.Client(credentials: new FixedCredentialProvider(wrong));

        var error = await Assert.ThrowsAsync<EcsApiException>(() =>
            client.ListServerNicsAsync(_emulator.Account.Servers[0].Id, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("APIGW.0301", error.ErrorCode);
        Assert.DoesNotContain("not-the-secret-key-at-all", error.ToString());
    }

    [Fact]
    public async Task Clock_skew_of_twenty_minutes_is_corrected_once_and_remembered()
    {
        _emulator.Host.SetClockOffset(TimeSpan.FromMinutes(20));
        using var client = _emulator.Client();
        var server = _emulator.Account.Servers[0].Id;

        await client.ListServerNicsAsync(server, CancellationToken.None);
        await client.ListServerNicsAsync(server, CancellationToken.None);

        Assert.InRange(client.ClockOffset, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(21));
        Assert.Equal(3, _emulator.Host.GetCounters().RequestsFor("ListServerInterfaces"));
        Assert.Equal(1, _emulator.Host.GetCounters().AuthFailures);
    }

    [Fact]
    public async Task Instance_metadata_credentials_work_end_to_end_and_a_wrong_token_is_rejected()
    {
        using var metadata = new MetadataCredentialProvider(new MetadataCredentialOptions { Endpoint = _emulator.Host.MetadataBaseUri });
        using var client = _emulator.Client(credentials: metadata);

        var nics = await client.ListServerNicsAsync(_emulator.Account.Servers[0].Id, CancellationToken.None);
        Assert.NotEmpty(nics);

        var issued = await metadata.GetCredentialsAsync(CancellationToken.None);
        Assert.True(issued.IsTemporary);
        var forged = new Credentials(issued.AccessKey, issued.SecretKeyUtf8, "forged-token-value");
        using var forgedClient = _emulator.Client(credentials: new FixedCredentialProvider(forged));
        var error = await Assert.ThrowsAsync<EcsApiException>(() =>
            forgedClient.ListServerNicsAsync(_emulator.Account.Servers[0].Id, CancellationToken.None));
        Assert.Equal("APIGW.0301", error.ErrorCode);
        Assert.Contains("token", error.ErrorMessage);
    }

    [Fact]
    public async Task A_poll_makes_one_attempt_so_the_waiters_budget_holds_on_the_wire()
    {
        using var client = _emulator.Client();
        var job = await client.AddServerNicsAsync(_emulator.Account.Servers[2].Id,
            new[] { new NicSpec { SubnetId = _emulator.Account.Subnet.Id } }, CancellationToken.None);
        _emulator.Host.ResetCounters();
        _emulator.Host.AddFault(new EcsNic.Emulator.Runtime.FaultRule
        {
            Operation = "ShowJob", Kind = EcsNic.Emulator.Runtime.FaultKind.ServiceUnavailable, Count = 1,
        });

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.PollJobAsync(job.JobId, CancellationToken.None));
        Assert.True(error.IsTransient);
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor("ShowJob"));

        var polled = await client.PollJobAsync(job.JobId, CancellationToken.None);
        Assert.Equal(job.JobId, polled.JobId);
        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor("ShowJob"));
    }

    private static async Task<EcsJob> PollUntilFinished(EcsClient client, string jobId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await client.GetJobAsync(jobId, deadline.Token);
            if (job.IsFinished) return job;
            await Task.Delay(50, deadline.Token);
        }
    }
}
