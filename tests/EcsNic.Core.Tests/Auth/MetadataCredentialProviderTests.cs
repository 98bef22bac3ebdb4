using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Auth;

public sealed class MetadataCredentialProviderTests
{
    [Fact]
    public async Task Gets_a_session_token_then_the_security_key_with_it()
    {
        var clock = new FakeClock();
        using var server = MetadataServer.Start(clock);
        using var provider = server.Provider();

        var credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("AKMETA0001", credentials.AccessKey);
        Assert.Equal(server.Token, credentials.SecurityToken);
        Assert.Equal(server.Secret, System.Text.Encoding.UTF8.GetString(credentials.SecretKeyUtf8));
        Assert.Equal(("metadata", true), (credentials.Source, credentials.IsTemporary));
        Assert.Equal(clock.UtcNow + server.Lifetime, credentials.ExpiresAt);

        var requests = server.Requests;
        Assert.Equal(new[] { "PUT /meta-data/latest/api/token", "GET /openstack/latest/securitykey" },
            requests.Select(r => r.Method + " " + r.PathAndQuery));
        Assert.Equal("21600", requests[0].Headers["X-Metadata-Token-Ttl-Seconds"]);
        Assert.Equal(MetadataServer.SessionToken, requests[1].Headers["X-Metadata-Token"]);
    }

    [Theory]
    [InlineData("404")]
    [InlineData("500")]
    [InlineData("abort")]
    public async Task When_the_token_request_fails_the_security_key_is_asked_for_without_a_token(string behaviour)
    {
        using var server = MetadataServer.Start(new FakeClock());
        server.TokenBehaviour = behaviour;
        using var provider = server.Provider();

        var credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("AKMETA0001", credentials.AccessKey);
        var get = server.Requests.Single(r => r.Method == "GET");
        Assert.Null(get.Headers["X-Metadata-Token"]);
    }

    [Fact]
    public async Task The_token_request_can_be_turned_off()
    {
        using var server = MetadataServer.Start(new FakeClock());
        using var provider = new MetadataCredentialProvider(new MetadataCredentialOptions
        {
            Endpoint = server.BaseUri, Clock = server.Clock, UseSessionToken = false,
        });

        await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(0, server.TokenPuts);
        Assert.Equal(1, server.SecurityKeyGets);
    }

    [Fact]
    public async Task Credentials_are_cached_and_refreshed_once_less_than_a_minute_remains()
    {
        var clock = new FakeClock();
        using var server = MetadataServer.Start(clock);
        using var provider = server.Provider();

        Assert.Equal("AKMETA0001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal("AKMETA0001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("AKMETA0001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        Assert.Equal(1, server.SecurityKeyGets);

        clock.Advance(TimeSpan.FromSeconds(2)); // 59 s left
        Assert.Equal("AKMETA0002", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        Assert.Equal(2, server.SecurityKeyGets);
        Assert.Equal("AKMETA0002", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        Assert.Equal(2, server.SecurityKeyGets);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_cached_credentials_while_they_are_valid()
    {
        var clock = new FakeClock();
        using var server = MetadataServer.Start(clock);
        using var provider = server.Provider();
        await provider.GetCredentialsAsync(CancellationToken.None);

        server.SecurityKeyOverride = () => (500, "{}");
        clock.Advance(TimeSpan.FromMinutes(9.5)); // 30 s left
        Assert.Equal("AKMETA0001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        Assert.Equal(2, server.SecurityKeyGets);

        // Right after a failed refresh the cached credentials are used without asking again, then it tries once more.
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("AKMETA0001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        Assert.Equal(2, server.SecurityKeyGets);
        clock.Advance(TimeSpan.FromSeconds(2)); // 19 s left
        Assert.Equal("AKMETA0001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        Assert.Equal(3, server.SecurityKeyGets);

        clock.Advance(TimeSpan.FromSeconds(20)); // expired
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));
        Assert.Contains("HTTP 500", error.Message);

        server.SecurityKeyOverride = null;
        Assert.Equal("AKMETA0002", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
    }

    [Fact]
    public async Task Fifty_concurrent_callers_cause_one_fetch()
    {
        var clock = new FakeClock();
        using var server = MetadataServer.Start(clock);
        server.SecurityKeyGate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var provider = server.Provider();

        // Every call is started before the first fetch may finish, so all fifty find the cache empty.
        var calls = Enumerable.Range(0, 50).Select(_ => provider.GetCredentialsAsync(CancellationToken.None)).ToArray();
        await server.FirstSecurityKeyGet.Task;
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        server.SecurityKeyGate.SetResult(true);
        var results = await Task.WhenAll(calls);

        Assert.All(results, c => Assert.Equal("AKMETA0001", c.AccessKey));
        Assert.Equal(1, server.SecurityKeyGets);
        Assert.Equal(1, server.TokenPuts);
    }

    [Fact]
    public async Task A_closed_port_is_unavailable_as_not_reachable()
    {
        var endpoint = new Uri($"http://127.0.0.1:{MetadataServer.ClosedPort()}");
        using var provider = new MetadataCredentialProvider(new MetadataCredentialOptions { Endpoint = endpoint });

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));

        Assert.StartsWith($"instance metadata not reachable at {endpoint}", error.Message);
    }

    [Fact]
    public async Task A_service_that_never_answers_is_unavailable_when_the_budget_runs_out()
    {
        using var server = MetadataServer.Start(new FakeClock());
        server.TokenBehaviour = "404";
        server.SecurityKeyGate = new TaskCompletionSource<bool>(); // never released
        using var provider = server.Provider(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));

        Assert.Contains("not reachable at " + server.BaseUri + " within 0.3 s", error.Message);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_disguised_as_unavailable()
    {
        using var server = MetadataServer.Start(new FakeClock());
        server.SecurityKeyGate = new TaskCompletionSource<bool>();
        using var provider = server.Provider();
        using var cts = new CancellationTokenSource();

        var call = provider.GetCredentialsAsync(cts.Token);
        await server.FirstSecurityKeyGet.Task;
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task An_ECS_without_agency_is_unavailable()
    {
        using var server = MetadataServer.Start(new FakeClock());
        server.SecurityKeyOverride = () => (404, "{\"error\":\"not found\"}");
        using var provider = server.Provider();

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));

        Assert.Contains("no agency", error.Message);
    }

    [Fact]
    public async Task An_ECS_without_agency_answering_401_is_unavailable_and_says_why()
    {
        using var server = MetadataServer.Start(new FakeClock());
        server.SecurityKeyOverride = () => (401, "Please configure Cloud Service Agency first");
        using var provider = server.Provider();

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));

        Assert.Contains("Please configure Cloud Service Agency first", error.Message);
        Assert.Contains("no agency attached", error.Message);
    }

    [Fact]
    public async Task Invalidated_credentials_are_fetched_again_before_they_expire()
    {
        var clock = new FakeClock();
        using var server = MetadataServer.Start(clock);
        using var provider = server.Provider();
        var first = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.False(provider.Invalidate(TestClients.Permanent("AKSOMEONEELSE0000001")));
        Assert.Same(first, await provider.GetCredentialsAsync(CancellationToken.None));
        Assert.True(provider.Invalidate(first));
        var second = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.NotEqual(first.AccessKey, second.AccessKey);
    }

    [Theory]
    [InlineData("{\"credential\":{\"access\":\"AK1\"", "unreadable JSON")]
    [InlineData("{}", "without credential")]
    [InlineData("{\"credential\":{\"secret\":\"s\",\"securitytoken\":\"t\",\"expires_at\":\"2030-01-01T00:00:00Z\"}}", "without credential.access")]
    [InlineData("{\"credential\":{\"access\":\"AK1\",\"securitytoken\":\"t\",\"expires_at\":\"2030-01-01T00:00:00Z\"}}", "without credential.secret")]
    [InlineData("{\"credential\":{\"access\":\"AK1\",\"secret\":\"s\",\"expires_at\":\"2030-01-01T00:00:00Z\"}}", "without credential.securitytoken")]
    [InlineData("{\"credential\":{\"access\":\"AK1\",\"secret\":\"s\",\"securitytoken\":\"t\"}}", "without credential.expires_at")]
    [InlineData("{\"credential\":{\"access\":\"AK1\",\"secret\":\"s\",\"securitytoken\":\"t\",\"expires_at\":\"soon\"}}", "unreadable credential.expires_at")]
    [InlineData("{\"credential\":{\"access\":\"AK1\",\"secret\":\"s\",\"securitytoken\":\"t\",\"expires_at\":\"2020-01-01T00:00:00Z\"}}", "expired at")]
    public async Task An_unusable_answer_is_unavailable_with_the_reason(string body, string expected)
    {
        using var server = MetadataServer.Start(new FakeClock());
        server.SecurityKeyOverride = () => (200, body);
        using var provider = server.Provider();

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));

        Assert.Contains(expected, error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task A_base_url_with_a_path_keeps_its_path()
    {
        using var server = MetadataServer.Start(new FakeClock());
        using var provider = new MetadataCredentialProvider(new MetadataCredentialOptions
        {
            Endpoint = new Uri(server.BaseUri, "prefix"), Clock = server.Clock,
        });

        await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));

        Assert.Contains(server.Requests, r => r.PathAndQuery == "/prefix/openstack/latest/securitykey");
    }

    [Fact]
    public void The_default_endpoint_is_the_link_local_service()
    {
        using var provider = new MetadataCredentialProvider();
        Assert.Equal(new Uri("http://169.254.169.254/"), provider.Endpoint);
        Assert.Throws<ArgumentException>(() => new MetadataCredentialProvider(new MetadataCredentialOptions { Endpoint = new Uri("ftp://x/") }));
    }
}
