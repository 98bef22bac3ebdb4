using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Errors;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Session;

/// <summary>One in-process emulator on a loopback port, shared by the tests of a class.</summary>
public sealed class SessionEmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; } = null!;

    public DemoAccount Account => Host.Account;

    public async Task InitializeAsync() => Host = await EmulatorHost.StartAsync(new EmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(50) });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The path a cmdlet takes (parameters and session defaults, merged into settings, a cached client, its credential chain)
/// against the emulator, with every credential source either given by the test or absent. This is what the Pester
/// tests exercise through PowerShell, minus PowerShell.
/// </summary>
public sealed class SessionEmulatorTests : IClassFixture<SessionEmulatorFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Well-formed, so the client sends it, and unknown to the emulator.
    private const string UnknownId = "00000000-0000-4000-8000-000000000001";

    private readonly SessionEmulatorFixture _emulator;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ecsnic-session-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly EnvironmentOverrides _noMetadata;

    public SessionEmulatorTests(SessionEmulatorFixture emulator)
    {
        _emulator = emulator;
        Directory.CreateDirectory(_directory);
        // Neither the real instance metadata service nor the user's own KooCLI profile may ever be consulted.
        _noMetadata = new EnvironmentOverrides(null, useInstanceMetadata: false, Path.Combine(_directory, "absent.json"));
    }

    private DemoAccount Account => _emulator.Account;

    private Uri Endpoint => _emulator.Host.BaseUri;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Explicit_credentials_list_nics_and_resolve_the_project()
    {
        var client = await ClientFor(new ClientRequest(Account.Region, null, Endpoint, null, Demo(), _emulator.Host.IamBaseUri));
        Assert.Equal(Account.ProjectId, await client.GetProjectIdAsync(None));
        var nics = await client.ListServerNicsAsync(Account.Servers[0].Id, None);
        Assert.Equal(Account.Servers[0].Nics.Select(n => n.PortId).OrderBy(i => i), nics.Select(n => n.PortId).OrderBy(i => i));
    }

    [Fact]
    public async Task Calls_after_connect_use_the_session_defaults()
    {
        var session = new EcsSession(new EcsClientCache());
        session.Connect(new SessionSnapshot(Demo(), Account.Region, Endpoint, Account.ProjectId, null),
            new EcsConnectionInfo(Account.Region, Endpoint, Account.ProjectId, null, "explicit", null, true));
        var settings = ClientSettings.Resolve(new ClientRequest(null, null, null, null, null, _emulator.Host.IamBaseUri), session.Snapshot(), session.Store,
            _noMetadata, Read);
        var client = await session.Clients.GetOrCreateAsync(settings, None);
        Assert.Equal(Endpoint, client.Options.Endpoint);
        Assert.NotEmpty(await client.ListServerNicsAsync(Account.Servers[0].Id, None));
        Assert.Same(client, await session.Clients.GetOrCreateAsync(settings, None));
    }

    [Fact]
    public async Task A_named_profile_supplies_the_region_and_beats_the_environment()
    {
        var config = WriteKooCliConfig("emu", withProjectId: false);
        _environment["HUAWEICLOUD_SDK_AK"] = "WRONGWRONGWRONGWRONG";
        _environment["HUAWEICLOUD_SDK_SK"] = "wrong";
        var overrides = new EnvironmentOverrides(null, useInstanceMetadata: false, config);
        var client = await ClientFor(new ClientRequest(null, null, Endpoint, "emu", null, _emulator.Host.IamBaseUri), overrides);
        Assert.Equal(Account.Region, client.Options.Region);
        Assert.Equal(Account.ProjectId, await client.GetProjectIdAsync(None));
        Assert.NotEmpty(await client.ListServerNicsAsync(Account.Servers[0].Id, None));
    }

    [Fact]
    public async Task Environment_variables_are_used_when_nothing_is_given()
    {
        _environment["HUAWEICLOUD_SDK_AK"] = Account.AccessKey;
        _environment["HUAWEICLOUD_SDK_SK"] = Account.SecretKey;
        var client = await ClientFor(new ClientRequest(Account.Region, null, Endpoint, null, null, _emulator.Host.IamBaseUri));
        Assert.NotEmpty(await client.ListServerNicsAsync(Account.Servers[0].Id, None));
    }

    [Fact]
    public async Task Instance_metadata_is_used_last_at_the_overridden_address()
    {
        var overrides = EnvironmentOverrides.Read(name => name switch
        {
            EnvironmentOverrides.MetadataEndpointVariable => _emulator.Host.MetadataBaseUri.AbsoluteUri,
            EnvironmentOverrides.KooCliConfigVariable => Path.Combine(_directory, "absent.json"),
            _ => null,
        });
        var client = await ClientFor(new ClientRequest(Account.Region, null, Endpoint, null, null, _emulator.Host.IamBaseUri), overrides);
        Assert.NotEmpty(await client.ListServerNicsAsync(Account.Servers[0].Id, None));
        var credentials = await client.Credentials.GetCredentialsAsync(None);
        Assert.True(credentials.IsTemporary);
    }

    [Fact]
    public async Task No_credentials_anywhere_is_classified_as_no_credentials()
    {
        var client = await ClientFor(new ClientRequest(Account.Region, null, Endpoint, null, null, _emulator.Host.IamBaseUri));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.ListServerNicsAsync(Account.Servers[0].Id, None));
        var info = EcsErrorClassifier.Classify(ex);
        Assert.Equal(EcsErrorIds.NoCredentials, info.ErrorId);
        Assert.Equal(EcsErrorKind.AuthenticationError, info.Kind);
    }

    [Fact]
    public async Task No_credentials_while_looking_for_a_region_is_classified_as_no_credentials()
    {
        var cache = new EcsClientCache();
        var settings = ClientSettings.Resolve(new ClientRequest(null, null, Endpoint, null, null, _emulator.Host.IamBaseUri), SessionSnapshot.Empty, null, _noMetadata, Read);
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => cache.GetOrCreateAsync(settings, None));
        Assert.Equal(EcsErrorIds.NoCredentials, EcsErrorClassifier.Classify(ex).ErrorId);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_security_error()
    {
        var client = await ClientFor(new ClientRequest(Account.Region, Account.ProjectId, Endpoint, null, new Credentials(Account.AccessKey, "not-the-secret"), _emulator.Host.IamBaseUri));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.ListServerNicsAsync(Account.Servers[0].Id, None));
        var info = EcsErrorClassifier.Classify(ex);
        Assert.Equal(EcsErrorKind.SecurityError, info.Kind);
        Assert.DoesNotContain("not-the-secret", info.Message);
    }

    [Fact]
    public async Task Cloud_errors_keep_the_huawei_code_and_get_the_right_category()
    {
        var client = await ClientFor(new ClientRequest(Account.Region, null, Endpoint, null, Demo(), _emulator.Host.IamBaseUri));

        var server = EcsErrorClassifier.Classify(await Assert.ThrowsAnyAsync<Exception>(() => client.ListServerNicsAsync(UnknownId, None)));
        Assert.Equal("Ecs.0114", server.ErrorId);
        Assert.Equal(EcsErrorKind.ObjectNotFound, server.Kind);
        Assert.Contains("request ID", server.Message);

        var nic = EcsErrorClassifier.Classify(await Assert.ThrowsAnyAsync<Exception>(
            () => client.BindVirtualIpAsync(UnknownId, Account.Subnet.Id, "192.168.0.200", false, None)));
        Assert.Equal("Ecs.0307", nic.ErrorId);
        Assert.Equal(EcsErrorKind.ObjectNotFound, nic.Kind);
    }

    [Fact]
    public async Task A_malformed_id_never_leaves_the_client()
    {
        var client = await ClientFor(new ClientRequest(Account.Region, null, Endpoint, null, Demo(), _emulator.Host.IamBaseUri));
        var info = EcsErrorClassifier.Classify(await Assert.ThrowsAnyAsync<Exception>(() => client.ListServerNicsAsync("no-such-server", None)));
        Assert.Equal(EcsErrorIds.InvalidParameter, info.ErrorId);
    }

    [Fact]
    public async Task Nothing_suggesting_a_region_is_a_clear_parameter_error()
    {
        var client = await ClientFor(new ClientRequest(null, null, Endpoint, null, Demo(), _emulator.Host.IamBaseUri));
        Assert.Null(client.Options.Region);
        var info = EcsErrorClassifier.Classify(await Assert.ThrowsAnyAsync<Exception>(() => client.GetProjectIdAsync(None)));
        Assert.Equal(EcsErrorIds.InvalidParameter, info.ErrorId);
        Assert.Contains("Region", info.Message);
    }

    [Fact]
    public async Task A_new_nic_is_picked_out_of_the_list_after_its_job()
    {
        var client = await ClientFor(new ClientRequest(Account.Region, null, Endpoint, null, Demo(), _emulator.Host.IamBaseUri));
        var server = Account.Servers[1].Id;
        var specs = new[] { NicSpecs.Build(Account.SecondSubnet.Id, null, null, null, false, null) };
        var before = await client.ListServerNicsAsync(server, None);
        var job = await client.AddServerNicsAsync(server, specs, None);
        var finished = job;
        for (var i = 0; i < 200 && !finished.IsFinished; i++)
        {
            await Task.Delay(20);
            finished = await client.GetJobAsync(job.JobId, None);
        }
        Assert.True(finished.IsFinished, "the attach job did not finish");
        var after = await client.ListServerNicsAsync(server, None);
        var added = Assert.Single(NewNicSelector.Select(finished, specs, before, after));
        Assert.Equal(Account.SecondSubnet.Id, added.SubnetId);
        Assert.DoesNotContain(before, n => n.PortId == added.PortId);
    }

    private async Task<EcsClient> ClientFor(ClientRequest request, EnvironmentOverrides? overrides = null)
    {
        var settings = ClientSettings.Resolve(request, SessionSnapshot.Empty, null, overrides ?? _noMetadata, Read);
        return await new EcsClientCache().GetOrCreateAsync(settings, None);
    }

    private string? Read(string name) => _environment.TryGetValue(name, out var value) ? value : null;

    private Credentials Demo() => new(Account.AccessKey, Account.SecretKey);

    private string WriteKooCliConfig(string profile, bool withProjectId)
    {
        var entry = new Dictionary<string, string>
        {
            ["name"] = profile,
            ["mode"] = "AKSK",
            ["accessKeyId"] = Account.AccessKey,
            ["secretAccessKey"] = Account.SecretKey,
            ["region"] = Account.Region,
        };
        if (withProjectId) entry["projectId"] = Account.ProjectId;
        var path = Path.Combine(_directory, "config.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["current"] = profile, ["profiles"] = new[] { entry } }));
        return path;
    }
}
