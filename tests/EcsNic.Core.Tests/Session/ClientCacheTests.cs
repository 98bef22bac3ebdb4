using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Session;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Session;

public sealed class ClientCacheTests
{
    private readonly List<CredentialChainOptions> _chains = new();

    [Fact]
    public void Equal_settings_share_one_client_and_one_chain()
    {
        var cache = NewCache();
        var first = cache.GetOrCreate(Settings("cn-north-4"));
        var second = cache.GetOrCreate(Settings("cn-north-4"));
        Assert.Same(first, second);
        Assert.Single(_chains);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Different_settings_get_different_clients_configured_from_the_settings()
    {
        var cache = NewCache();
        var north = cache.GetOrCreate(Settings("cn-north-4"));
        var east = cache.GetOrCreate(Settings("cn-east-3"));
        Assert.NotSame(north, east);
        Assert.Equal("cn-north-4", north.Options.Region);
        Assert.Equal("cn-east-3", east.Options.Region);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void The_chain_gets_the_settings_chain_options()
    {
        var cache = NewCache();
        var credentials = new Credentials("AKAKAKAKAKAK", "secret");
        var client = cache.GetOrCreate(ClientSettings.Resolve(new ClientRequest("cn-north-4", null, null, null, credentials),
            SessionSnapshot.Empty, null, EnvironmentOverrides.None));
        Assert.Same(credentials, Assert.Single(_chains).Explicit);
        Assert.IsType<FixedCredentialProvider>(client.Credentials);
    }

    [Fact]
    public void The_least_recently_used_client_is_forgotten_beyond_capacity()
    {
        var cache = NewCache(capacity: 2);
        var a = cache.GetOrCreate(Settings("cn-north-1"));
        var b = cache.GetOrCreate(Settings("cn-north-2"));
        Assert.Same(a, cache.GetOrCreate(Settings("cn-north-1")));
        cache.GetOrCreate(Settings("cn-north-4"));
        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.GetOrCreate(Settings("cn-north-1")));
        Assert.NotSame(b, cache.GetOrCreate(Settings("cn-north-2")));
    }

    [Fact]
    public void Clear_forgets_every_client()
    {
        var cache = NewCache();
        var a = cache.GetOrCreate(Settings("cn-north-4"));
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.NotSame(a, cache.GetOrCreate(Settings("cn-north-4")));
    }

    [Fact]
    public void Uncached_clients_are_not_kept()
    {
        var cache = NewCache();
        var a = cache.CreateUncached(Settings("cn-north-4"));
        Assert.Equal(0, cache.Count);
        Assert.NotSame(a, cache.GetOrCreate(Settings("cn-north-4")));
    }

    [Fact]
    public async Task A_missing_region_is_taken_from_the_credentials_source()
    {
        var cache = new EcsClientCache(_ => new FixedCredentialProvider(new Credentials("AKAKAKAKAKAK", "secret").WithRegion("cn-east-3")));
        var settings = ClientSettings.Resolve(new ClientRequest(null, null, new Uri("http://127.0.0.1:9/"), "prod", null),
            SessionSnapshot.Empty, null, EnvironmentOverrides.None);
        var client = await cache.GetOrCreateAsync(settings, CancellationToken.None);
        Assert.Equal("cn-east-3", client.Options.Region);
        Assert.Same(client, await cache.GetOrCreateAsync(settings, CancellationToken.None));
        Assert.Equal("cn-east-3", (await cache.CreateUncachedAsync(settings, CancellationToken.None)).Options.Region);
    }

    [Fact]
    public async Task A_given_region_needs_no_credentials_yet()
    {
        var cache = new EcsClientCache(_ => new ThrowingProvider());
        var client = await cache.GetOrCreateAsync(Settings("cn-north-4"), CancellationToken.None);
        Assert.Equal("cn-north-4", client.Options.Region);
    }

    [Fact]
    public async Task Credential_failures_while_looking_for_a_region_surface_and_nothing_is_cached()
    {
        var cache = new EcsClientCache(_ => new ThrowingProvider());
        var settings = ClientSettings.Resolve(new ClientRequest(null, null, new Uri("http://127.0.0.1:9/"), null, null),
            SessionSnapshot.Empty, null, EnvironmentOverrides.None);
        await Assert.ThrowsAsync<CredentialChainException>(() => cache.GetOrCreateAsync(settings, CancellationToken.None));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_chain_that_is_not_needed_is_disposed()
    {
        var cache = NewCache();
        cache.GetOrCreate(Settings("cn-north-4"));
        var spare = new DisposableProvider();
        cache.GetOrCreate(Settings("cn-north-4"), spare);
        Assert.True(spare.Disposed);
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EcsClientCache(capacity: 0));
    }

    [Fact]
    public void Connect_sets_the_store_and_defaults_and_drops_cached_clients()
    {
        var session = new EcsSession(NewCache());
        var before = session.Clients.GetOrCreate(Settings("cn-north-4"));
        var credentials = new Credentials("AKAKAKAKAKAK", "secret");
        var info = new EcsConnectionInfo("cn-north-4", null, "proj1", "AKAK***", "explicit", null, true);

        session.Connect(new SessionSnapshot(credentials, "cn-north-4", new Uri("http://127.0.0.1:5000"), "proj1", null), info);

        Assert.Equal(0, session.Clients.Count);
        Assert.NotSame(before, session.Clients.GetOrCreate(Settings("cn-north-4")));
        Assert.Same(info, session.Connection);
        Assert.Equal("AKAKAKAKAKAK", session.Store.Current!.AccessKey);
        Assert.Equal("proj1", session.Store.Current.ProjectId);
        Assert.Equal("cn-north-4", session.Store.Region);
        var snapshot = session.Snapshot();
        Assert.Equal(new Uri("http://127.0.0.1:5000"), snapshot.Endpoint);
        Assert.Equal("proj1", snapshot.ProjectId);
        Assert.Equal("cn-north-4", snapshot.Region);
    }

    [Fact]
    public void Disconnect_clears_everything_and_returns_the_previous_connection()
    {
        var session = new EcsSession(NewCache());
        var info = new EcsConnectionInfo("cn-north-4", null, null, null, null, "prod", false);
        session.Connect(new SessionSnapshot(new Credentials("AKAKAKAKAKAK", "secret"), "cn-north-4", null, null, "prod"), info);
        session.Clients.GetOrCreate(Settings("cn-north-4"));

        Assert.Same(info, session.Disconnect());

        Assert.Null(session.Connection);
        Assert.Null(session.Store.Current);
        Assert.Null(session.Store.Region);
        Assert.Equal(0, session.Clients.Count);
        Assert.Null(session.Snapshot().ProfileName);
        Assert.Null(session.Disconnect());
    }

    [Fact]
    public void Connection_info_shows_no_secret()
    {
        var info = new EcsConnectionInfo("cn-north-4", null, "proj1", Redact.AccessKey("AKAKAKAKAKAK"), "explicit", null, true);
        Assert.Equal("AKAK***", info.AccessKey);
        Assert.DoesNotContain("AKAKAKAKAKAK", info.ToString());
    }

    private EcsClientCache NewCache(int capacity = 16) => new(options =>
    {
        _chains.Add(options);
        return new FixedCredentialProvider(new Credentials("AKAKAKAKAKAK", "secret"));
    }, null, capacity);

    private sealed class ThrowingProvider : ICredentialProvider
    {
        public string Name => "throwing";

        public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
            throw new CredentialChainException(new[] { new KeyValuePair<string, string>("environment", "not set") });
    }

    private sealed class DisposableProvider : ICredentialProvider, IDisposable
    {
        public bool Disposed { get; private set; }

        public string Name => "disposable";

        public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new Credentials("AKAKAKAKAKAK", "secret"));

        public void Dispose() => Disposed = true;
    }

    private static ClientSettings Settings(string region) =>
        ClientSettings.Resolve(new ClientRequest(region, null, null, null, null), SessionSnapshot.Empty, null, EnvironmentOverrides.None);
}
