using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Auth;

public sealed class CredentialChainTests
{
    [Fact]
    public async Task The_first_provider_that_answers_wins_and_later_ones_are_not_asked()
    {
        var absent = new AbsentProvider("first", "not here");
        var second = new SwitchableProvider("second") { Answer = TestKeys.Make("AKSECOND") };
        var third = new SwitchableProvider("third") { Answer = TestKeys.Make("AKTHIRD") };
        var chain = new CredentialChain(new ICredentialProvider[] { absent, second, third });

        var credentials = await chain.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("AKSECOND", credentials.AccessKey);
        Assert.Equal(1, absent.Calls);
        Assert.Equal(0, third.Calls);
        Assert.Same(second, chain.SelectedProvider);
    }

    [Fact]
    public async Task The_first_success_is_remembered_and_later_calls_go_straight_to_it()
    {
        var absent = new AbsentProvider("first", "not here");
        var second = new FixedCredentialProvider(TestKeys.Make("AKSECOND"));
        var chain = new CredentialChain(new ICredentialProvider[] { absent, second });

        for (var i = 0; i < 5; i++) await chain.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(1, absent.Calls);
        Assert.Equal(5, second.Calls);
    }

    [Fact]
    public async Task When_the_remembered_provider_becomes_unavailable_the_chain_walks_again_without_asking_it_twice()
    {
        var first = new SwitchableProvider("first");
        var second = new SwitchableProvider("second") { Answer = TestKeys.Make("AKSECOND") };
        var chain = new CredentialChain(new ICredentialProvider[] { first, second });
        await chain.GetCredentialsAsync(CancellationToken.None);
        Assert.Same(second, chain.SelectedProvider);

        second.Answer = null;
        first.Answer = TestKeys.Make("AKFIRST");
        var credentials = await chain.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("AKFIRST", credentials.AccessKey);
        Assert.Same(first, chain.SelectedProvider);
        Assert.Equal(2, second.Calls);

        first.Answer = null;
        var error = await Assert.ThrowsAsync<CredentialChainException>(() => chain.GetCredentialsAsync(CancellationToken.None));
        Assert.Equal(new[] { "first", "second" }, error.Attempts.Select(a => a.Key));
        Assert.Equal(3, first.Calls);
        Assert.Equal(3, second.Calls);
    }

    [Fact]
    public async Task When_no_source_answers_one_error_lists_every_source_and_its_reason_in_order()
    {
        var chain = new CredentialChain(new ICredentialProvider[]
        {
            new AbsentProvider("environment", "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set"),
            new AbsentProvider("koocli", "KooCLI config file '/x/config.json' does not exist"),
            new AbsentProvider("metadata", "instance metadata not reachable at http://127.0.0.1:1/"),
        });

        var error = await Assert.ThrowsAsync<CredentialChainException>(() => chain.GetCredentialsAsync(CancellationToken.None));

        Assert.Equal(new[] { "environment", "koocli", "metadata" }, error.Attempts.Select(a => a.Key));
        Assert.Contains("environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set", error.Message);
        Assert.Contains("koocli: KooCLI config file '/x/config.json' does not exist", error.Message);
        Assert.Contains("metadata: instance metadata not reachable", error.Message);
        Assert.Null(chain.SelectedProvider);
    }

    [Fact]
    public async Task Any_other_failure_stops_the_chain_and_propagates()
    {
        var broken = new SwitchableProvider("broken") { Failure = new EcsException("profile 'prod' is encrypted") };
        var after = new SwitchableProvider("after") { Answer = TestKeys.Make() };
        var chain = new CredentialChain(new ICredentialProvider[] { broken, after });

        var error = await Assert.ThrowsAsync<EcsException>(() => chain.GetCredentialsAsync(CancellationToken.None));

        Assert.Equal("profile 'prod' is encrypted", error.Message);
        Assert.Equal(0, after.Calls);
    }

    [Fact]
    public async Task Cancellation_propagates_and_is_not_recorded_as_a_reason()
    {
        var chain = new CredentialChain(new ICredentialProvider[] { new SwitchableProvider("a") { Answer = TestKeys.Make() } });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chain.GetCredentialsAsync(cts.Token));
    }

    [Fact]
    public void A_chain_needs_providers()
    {
        Assert.Throws<ArgumentException>(() => new CredentialChain(Array.Empty<ICredentialProvider>()));
        Assert.Throws<ArgumentException>(() => new CredentialChain(new ICredentialProvider[] { null! }));
    }

    [Fact]
    public void The_default_chain_is_explicit_session_environment_koocli_metadata()
    {
        using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
        {
            Explicit = TestKeys.Make(),
            Session = new SessionCredentialStore(),
            GetEnvironmentVariable = Env.Empty,
            MetadataEndpoint = new Uri("http://127.0.0.1:9/"),
        });

        Assert.Equal(new[] { "explicit", "session", "environment", "koocli", "metadata" }, chain.Providers.Select(p => p.Name));
    }

    [Fact]
    public void The_default_chain_leaves_out_what_was_not_given_or_was_turned_off()
    {
        using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
        {
            GetEnvironmentVariable = Env.Empty,
            UseInstanceMetadata = false,
        });

        Assert.Equal(new[] { "environment", "koocli" }, chain.Providers.Select(p => p.Name));
    }

    [Fact]
    public void A_named_profile_ranks_after_explicit_credentials_and_replaces_the_other_sources()
    {
        using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
        {
            Explicit = TestKeys.Make(),
            Session = new SessionCredentialStore(),
            ProfileName = "prod",
            GetEnvironmentVariable = Env.Empty,
        });

        Assert.Equal(new[] { "explicit", "koocli" }, chain.Providers.Select(p => p.Name));
        Assert.Equal("prod", ((KooCliProfileProvider)chain.Providers[1]).ProfileName);
    }

    // The full default order, each source present, removed one at a time from the front.
    [Fact]
    public async Task Explicit_beats_session_beats_environment_beats_koocli_beats_metadata()
    {
        using var server = MetadataServer.Start(new FakeClock());
        using var home = new TempDir();
        home.Write(".hcloud/config.json", KooCliFiles.Single("default", "AKFILE", TestKeys.SecretKey, region: "cn-east-3"));
        var store = new SessionCredentialStore { Current = TestKeys.Make("AKSESSION") };
        var env = Env.Of(("HOME", home.Path), ("HUAWEICLOUD_SDK_AK", "AKENV"), ("HUAWEICLOUD_SDK_SK", TestKeys.SecretKey));
        var envWithoutKeys = Env.Of(("HOME", home.Path));

        async Task<Credentials> Resolve(Credentials? explicitCredentials, SessionCredentialStore? session, Func<string, string?> variables)
        {
            using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
            {
                Explicit = explicitCredentials,
                Session = session,
                GetEnvironmentVariable = variables,
                MetadataEndpoint = server.BaseUri,
                MetadataTimeout = TimeSpan.FromSeconds(10),
                Clock = server.Clock,
            });
            return await chain.GetCredentialsAsync(CancellationToken.None);
        }

        Assert.Equal("explicit", (await Resolve(TestKeys.Make("AKEXPLICIT", "explicit"), store, env)).Source);
        Assert.Equal("AKSESSION", (await Resolve(null, store, env)).AccessKey);
        Assert.Equal("AKENV", (await Resolve(null, new SessionCredentialStore(), env)).AccessKey);
        var fromFile = await Resolve(null, null, envWithoutKeys);
        Assert.Equal(("AKFILE", "koocli", "cn-east-3"), (fromFile.AccessKey, fromFile.Source, fromFile.Region));
        File.Delete(Path.Combine(home.Path, ".hcloud", "config.json"));
        var fromMetadata = await Resolve(null, null, envWithoutKeys);
        Assert.Equal(("metadata", true), (fromMetadata.Source, fromMetadata.IsTemporary));
        Assert.Equal(1, server.SecurityKeyGets);
    }

    [Fact]
    public async Task The_default_chain_with_nothing_configured_reports_each_source()
    {
        using var home = new TempDir();
        using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
        {
            Session = new SessionCredentialStore(),
            GetEnvironmentVariable = Env.Of(("HOME", home.Path)),
            MetadataEndpoint = new Uri($"http://127.0.0.1:{MetadataServer.ClosedPort()}/"),
        });

        var error = await Assert.ThrowsAsync<CredentialChainException>(() => chain.GetCredentialsAsync(CancellationToken.None));

        Assert.Equal(new[] { "session", "environment", "koocli", "metadata" }, error.Attempts.Select(a => a.Key));
        Assert.Contains("run Connect to set one", error.Attempts[0].Value);
        Assert.Contains("HUAWEICLOUD_SDK_AK", error.Attempts[1].Value);
        Assert.Contains("does not exist", error.Attempts[2].Value);
        Assert.Contains("not reachable", error.Attempts[3].Value);
    }

    [Fact]
    public async Task A_broken_koocli_file_is_reported_in_the_aggregate_when_no_profile_was_named()
    {
        using var home = new TempDir();
        home.Write(".hcloud/config.json", "{ \"current\": ");
        using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
        {
            GetEnvironmentVariable = Env.Of(("HOME", home.Path)),
            UseInstanceMetadata = false,
        });

        var error = await Assert.ThrowsAsync<CredentialChainException>(() => chain.GetCredentialsAsync(CancellationToken.None));

        Assert.Contains("is not valid JSON", error.Attempts.Single(a => a.Key == "koocli").Value);
    }

    [Fact]
    public async Task A_named_profile_that_fails_is_fatal_even_when_the_environment_has_keys()
    {
        using var home = new TempDir();
        using var chain = CredentialChain.CreateDefault(new CredentialChainOptions
        {
            ProfileName = "prod",
            GetEnvironmentVariable = Env.Of(("HOME", home.Path), ("HUAWEICLOUD_SDK_AK", "AKENV"), ("HUAWEICLOUD_SDK_SK", TestKeys.SecretKey)),
        });

        var error = await Assert.ThrowsAsync<CredentialSourceException>(() => chain.GetCredentialsAsync(CancellationToken.None));

        Assert.IsNotType<CredentialUnavailableException>(error);
        Assert.IsNotType<CredentialChainException>(error);
        Assert.Contains("profile 'prod'", error.Message);
    }
}
