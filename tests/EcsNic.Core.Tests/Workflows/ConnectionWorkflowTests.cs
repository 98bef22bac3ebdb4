using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Logging;
using EcsNic.Core.Session;
using EcsNic.Core.Tests.Integration;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Workflows;

/// <summary>
/// The connection workflows (<see cref="ConnectSession"/>, <see cref="ShowContext"/>) on a session of their own, against
/// the emulator, with no credential source but what the test gives.
/// </summary>
public sealed class ConnectionWorkflowTests : IClassFixture<EmulatorFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EmulatorFixture _emulator;
    private readonly EcsSession _session = new(new EcsClientCache());
    private readonly EventRecordingSink _sink = new();
    // Neither instance metadata nor the user's own KooCLI profile may ever be consulted.
    private readonly EnvironmentOverrides _closed =
        new(null, useInstanceMetadata: false, Path.Combine(Path.GetTempPath(), "ecsnic-absent-" + Guid.NewGuid().ToString("N") + ".json"));

    public ConnectionWorkflowTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
        _emulator.Host.ClearFaults();
        _emulator.Host.ResetCounters();
    }

    [Fact]
    public async Task A_checked_connection_is_stored_and_reported_without_its_secret()
    {
        var account = _emulator.Account;

        var info = await new ConnectSession(_session, _sink).ConnectAsync(Settings(account.SecretKey), validate: true, None);

        Assert.NotNull(info);
        Assert.Same(info, Assert.Single(_sink.Outputs));
        Assert.Same(info, _session.Connection);
        Assert.True(info!.Validated);
        Assert.Equal(account.ProjectId, info.ProjectId);
        Assert.Equal(account.ProjectId, _session.Snapshot().ProjectId);
        Assert.NotEqual(account.AccessKey, info.AccessKey);
        Assert.Equal(Redact.AccessKey(account.AccessKey), info.AccessKey);
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor(Operations.ShowServerLimits));
        Assert.DoesNotContain(_sink.Events, e => e.Item?.ToString()?.Contains(account.SecretKey, StringComparison.Ordinal) == true);
        Assert.Equal("Log", _sink.Events[0].Kind);
        Assert.StartsWith("Connected: region " + account.Region, Assert.Single(_sink.Lines(EcsLogLevel.Verbose)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_check_is_an_error_about_the_region_and_changes_nothing()
    {
        var account = _emulator.Account;
        var before = new EcsConnectionInfo(account.Region, null, null, null, "explicit", null, false);
        _session.Connect(new SessionSnapshot(null, account.Region, null, null, null), before);

        var info = await new ConnectSession(_session, _sink).ConnectAsync(Settings("WrongSecretKey000000000000000000000000001"), validate: true, None);

        Assert.Null(info);
        var error = Assert.Single(_sink.Errors);
        Assert.Equal(account.Region, error.Target);
        Assert.Empty(_sink.Outputs);
        Assert.Same(before, _session.Connection);
    }

    [Fact]
    public async Task Without_the_check_nothing_is_sent_and_the_connection_says_it_was_not_checked()
    {
        var info = await new ConnectSession(_session, _sink).ConnectAsync(Settings("not-checked"), validate: false, None);

        Assert.False(info!.Validated);
        Assert.Same(info, _session.Connection);
        Assert.Equal(0, _emulator.Host.GetCounters().TotalRequests);
    }

    [Fact]
    public async Task The_context_shows_the_credentials_a_call_would_use_and_sends_nothing()
    {
        var account = _emulator.Account;

        var context = await new ShowContext(_session, _sink).ShowAsync(Settings(account.SecretKey), None);

        Assert.Same(context, Assert.Single(_sink.Outputs));
        Assert.Equal(Redact.AccessKey(account.AccessKey), context.AccessKey);
        Assert.Equal(_emulator.Host.BaseUri, context.Endpoint);
        Assert.False(context.Connected);
        Assert.Empty(_sink.Lines(EcsLogLevel.Warning));
        Assert.Equal(0, _emulator.Host.GetCounters().TotalRequests);
    }

    [Fact]
    public async Task A_context_without_credentials_is_a_warning_and_still_a_record()
    {
        var settings = ClientSettings.Resolve(new ClientRequest(_emulator.Account.Region, null, _emulator.Host.BaseUri, null, null,
            _emulator.Host.IamBaseUri), SessionSnapshot.Empty, null, _closed, _ => null);

        var context = await new ShowContext(_session, _sink).ShowAsync(settings, None);

        Assert.Same(context, Assert.Single(_sink.Outputs));
        Assert.Null(context.AccessKey);
        Assert.Null(context.CredentialSource);
        Assert.NotEmpty(Assert.Single(_sink.Lines(EcsLogLevel.Warning)));
        Assert.Equal(new[] { "Log", "Output" }, new[] { _sink.Events[0].Kind, _sink.Events[1].Kind });
    }

    private ClientSettings Settings(string secretKey) =>
        ClientSettings.Resolve(new ClientRequest(_emulator.Account.Region, null, _emulator.Host.BaseUri, null,
                new Credentials(_emulator.Account.AccessKey, secretKey), _emulator.Host.IamBaseUri),
            SessionSnapshot.Empty, null, _closed, _ => null);
}
