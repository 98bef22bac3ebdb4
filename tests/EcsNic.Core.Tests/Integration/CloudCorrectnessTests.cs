using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Errors;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Integration;

/// <summary>
/// The client against the emulator where the one-region, always-200 emulator used to hide real-cloud bugs: project IDs
/// per region, throttling carried in 2xx bodies, Ecs.0002, temporary credentials expired early, and validation.
/// </summary>
public sealed class CloudCorrectnessTests : IClassFixture<EmulatorFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly EmulatorFixture _emulator;

    public CloudCorrectnessTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
        _emulator.Host.SetRaceModel(false);
        _emulator.Host.SetJobDuration(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public async Task A_project_id_given_for_one_region_is_not_sent_to_another()
    {
        var a = _emulator.Account;
        // Credentials that name the main region's project, as a KooCLI profile or Connect-EcsCloud's session would.
        var credentials = a.CreateCredentials().WithRegion(a.Region);
        using var client = _emulator.Client(credentials: new FixedCredentialProvider(credentials), withProjectId: false,
            configure: o =>
            {
                o.Region = a.SecondRegion;
                o.Endpoint = _emulator.Host.RegionBaseUri(a.SecondRegion);
            });

        Assert.Equal(a.SecondProjectId, await client.GetProjectIdAsync(None));
        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(a.Servers[0].Id, None));

        // The server lives in the main region; what matters is that the second region accepted the project.
        Assert.Equal("Ecs.0114", error.ErrorCode);
        Assert.Contains(_emulator.Host.GetCounters().Paths, p => p.Contains("/v1/" + a.SecondProjectId + "/cloudservers/"));
    }

    [Fact]
    public async Task The_session_project_serves_the_connected_region_only()
    {
        var a = _emulator.Account;
        var session = new EcsSession(new EcsClientCache());
        session.Connect(new SessionSnapshot(a.CreateCredentials(), a.Region, _emulator.Host.BaseUri, a.ProjectId, null,
            _emulator.Host.IamBaseUri), new EcsConnectionInfo(a.Region, _emulator.Host.BaseUri, a.ProjectId, null, "explicit", null, true));
        var settings = ClientSettings.Resolve(
            new ClientRequest(a.SecondRegion, null, _emulator.Host.RegionBaseUri(a.SecondRegion), null, null),
            session.Snapshot(), session.Store, new EnvironmentOverrides(null, false, "absent-koocli.json"), _ => null);
        var client = await session.Clients.GetOrCreateAsync(settings, None);

        Assert.Equal(a.SecondProjectId, await client.GetProjectIdAsync(None));
        Assert.Equal(_emulator.Host.IamBaseUri, client.Options.IamEndpoint);
    }

    [Fact]
    public async Task A_throttled_bind_answered_202_is_retried_instead_of_failing_as_a_missing_field()
    {
        var a = _emulator.Account;
        var nic = a.Servers[0].Nics[0];
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.AssociateServerVirtualIp, Kind = FaultKind.FlowControl });
        using var client = _emulator.Client();

        var binding = await client.BindVirtualIpAsync(nic.PortId, nic.SubnetId, "192.168.0.200", false, None);

        Assert.Equal(nic.PortId, binding.NicId);
        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor(Operations.AssociateServerVirtualIp));
    }

    [Theory]
    [InlineData(FaultKind.FlowControl, null)]
    [InlineData(FaultKind.FlowControl, 400)]
    [InlineData(FaultKind.SystemBusy, null)]
    [InlineData(FaultKind.TaskSubmissionFailed, null)]
    public async Task An_attach_refused_without_a_job_is_sent_again_and_submitted_once(FaultKind kind, int? status)
    {
        var a = _emulator.Account;
        var server = a.Servers[1];
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.BatchAddServerNics, Kind = kind, StatusCode = status });
        using var client = _emulator.Client();

        var job = await client.AddServerNicsAsync(server.Id, new[] { new NicSpec { SubnetId = a.Subnet.Id } }, None);

        Assert.False(string.IsNullOrEmpty(job.JobId));
        Assert.Equal("addNicsForServer", job.JobType);
        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor(Operations.BatchAddServerNics));
        Assert.Single(_emulator.Host.State.GetJobs(), j => j.ServerId == server.Id);
    }

    [Fact]
    public async Task An_attach_that_stays_throttled_is_an_error_that_says_nothing_was_submitted_not_outcome_unknown()
    {
        var a = _emulator.Account;
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.BatchAddServerNics, Kind = FaultKind.FlowControl, Count = null });
        using var client = _emulator.Client(configure: o => o.Retry.MaxAttempts = 2);

        var error = await Assert.ThrowsAsync<EcsApiException>(() =>
            client.AddServerNicsAsync(a.Servers[1].Id, new[] { new NicSpec { SubnetId = a.Subnet.Id } }, None));

        Assert.Equal("Common.0024", error.ErrorCode);
        Assert.Equal(202, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(EcsErrorKind.LimitsExceeded, EcsErrorClassifier.Classify(error).Kind);
        Assert.Empty(_emulator.Host.State.GetJobs());
    }

    [Fact]
    public async Task A_throttled_job_poll_is_retried_instead_of_ending_the_wait()
    {
        var a = _emulator.Account;
        using var client = _emulator.Client();
        var job = await client.AddServerNicsAsync(a.Servers[1].Id, new[] { new NicSpec { SubnetId = a.Subnet.Id } }, None);
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.ShowJob, Kind = FaultKind.FlowControl });

        var shown = await client.GetJobAsync(job.JobId, None);
        var polled = await Assert.ThrowsAsync<EcsApiException>(async () =>
        {
            _emulator.Host.AddFault(new FaultRule { Operation = Operations.ShowJob, Kind = FaultKind.FlowControl });
            await client.PollJobAsync(job.JobId, None);
        });

        Assert.Equal(job.JobId, shown.JobId);
        Assert.Equal("Common.0024", polled.ErrorCode);
        Assert.True(polled.IsTransient);
    }

    [Fact]
    public async Task Temporary_credentials_expired_early_are_fetched_again_once_and_the_call_succeeds()
    {
        var a = _emulator.Account;
        using var metadata = new MetadataCredentialProvider(new MetadataCredentialOptions { Endpoint = _emulator.Host.MetadataBaseUri });
        using var chain = new CredentialChain(new ICredentialProvider[] { metadata });
        using var client = _emulator.Client(credentials: chain);
        await client.ListServerNicsAsync(a.Servers[0].Id, None);
        var first = await chain.GetCredentialsAsync(None);

        _emulator.Host.ExpireTemporaryCredentials();
        var nics = await client.ListServerNicsAsync(a.Servers[0].Id, None);

        Assert.NotEmpty(nics);
        Assert.NotEqual(first.AccessKey, (await chain.GetCredentialsAsync(None)).AccessKey);
        var counters = _emulator.Host.GetCounters();
        Assert.Equal(2, counters.RequestsFor(Operations.MetadataSecurityKey));
        Assert.Equal(3, counters.RequestsFor(Operations.ListServerInterfaces));
    }

    [Fact]
    public async Task A_free_port_attaches_without_a_subnet_and_efi_enable_is_sent()
    {
        var a = _emulator.Account;
        using var raw = new Emulator.EmulatorClient(_emulator.Host);
        var created = await raw.PostAsync($"/v1/{a.ProjectId}/ports", new System.Text.Json.Nodes.JsonObject
        {
            ["port"] = new System.Text.Json.Nodes.JsonObject { ["network_id"] = a.Subnet.Id },
        });
        var portId = created.Json["port"]!["id"]!.GetValue<string>();
        var specs = NicSpecs.Check(new NicSpec?[] { new() { PortId = portId, EfiEnable = false } });
        using var client = _emulator.Client();

        var job = await client.AddServerNicsAsync(a.Servers[1].Id, specs, None);

        Assert.Null(specs[0].SubnetId);
        Assert.Equal("port " + portId, NicSpecs.Describe(specs));
        Assert.False(string.IsNullOrEmpty(job.JobId));
        var sent = System.Text.Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new BatchAddNicsRequest { Nics = specs.ToList() }, EcsJsonContext.Default.BatchAddNicsRequest));
        Assert.Equal("{\"nics\":[{\"port_id\":\"" + portId + "\",\"efi_enable\":false}]}", sent);
    }

    [Fact]
    public async Task Without_an_agency_the_chains_error_says_to_configure_one()
    {
        _emulator.Host.Settings.MetadataAgencyConfigured = false;
        using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
        {
            GetEnvironmentVariable = _ => null,
            KooCliConfigPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ecsnic-absent-" + Guid.NewGuid().ToString("N"), "config.json"),
            MetadataEndpoint = _emulator.Host.MetadataBaseUri,
        });

        var error = await Assert.ThrowsAsync<CredentialChainException>(() => chain.GetCredentialsAsync(None));

        Assert.Contains("Please configure Cloud Service Agency first", error.Message);
        Assert.Equal(EcsErrorIds.NoCredentials, EcsErrorClassifier.Classify(error).ErrorId);
    }

    [Fact]
    public async Task Verifying_access_sends_a_signed_request_even_with_a_known_project_and_fails_for_a_wrong_secret()
    {
        var a = _emulator.Account;
        using var good = _emulator.Client();
        using var wrong = _emulator.Client(credentials: new FixedCredentialProvider(new Credentials(a.AccessKey, "not-the-secret-key")));

        Assert.Equal(a.ProjectId, await good.VerifyAccessAsync(None));
        var error = await Assert.ThrowsAsync<EcsApiException>(() => wrong.VerifyAccessAsync(None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor(Operations.ShowServerLimits));
    }
}
