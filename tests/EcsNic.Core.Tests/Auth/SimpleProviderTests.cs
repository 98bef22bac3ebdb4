using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using Xunit;

namespace EcsNic.Core.Tests.Auth;

public sealed class SimpleProviderTests
{
    [Fact]
    public async Task Static_returns_what_it_was_given()
    {
        var credentials = TestKeys.Make();
        var provider = new StaticCredentialProvider(credentials);
        Assert.Equal("explicit", provider.Name);
        Assert.Same(credentials, await provider.GetCredentialsAsync(CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => new StaticCredentialProvider(null!));
    }

    [Fact]
    public async Task Session_reads_the_store_on_every_call()
    {
        var store = new SessionCredentialStore();
        var provider = new SessionCredentialProvider(store);

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));
        Assert.Contains("run Connect to set one", error.Message);

        store.Current = TestKeys.Make("AKSESSION");
        Assert.Equal("AKSESSION", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);

        store.Current = null;
        await Assert.ThrowsAsync<CredentialUnavailableException>(() => provider.GetCredentialsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Session_carries_the_connect_region_unless_the_credentials_name_one()
    {
        var store = new SessionCredentialStore { Current = TestKeys.Make(), Region = "cn-north-4" };
        var provider = new SessionCredentialProvider(store);
        Assert.Equal("cn-north-4", (await provider.GetCredentialsAsync(CancellationToken.None)).Region);

        store.Current = TestKeys.Make().WithRegion("ap-southeast-1");
        Assert.Equal("ap-southeast-1", (await provider.GetCredentialsAsync(CancellationToken.None)).Region);
    }

    [Fact]
    public void Copies_keep_region_project_and_secret()
    {
        var original = new Credentials(TestKeys.AccessKey, TestKeys.SecretKey, "tok", "p1", "d1", DateTimeOffset.UnixEpoch, "src");
        var copy = original.WithRegion(" cn-east-3 ").WithProjectId("p2");

        Assert.Equal(("cn-east-3", "p2", "d1", "tok", "src"), (copy.Region, copy.ProjectId, copy.DomainId, copy.SecurityToken, copy.Source));
        Assert.Equal(original.SecretKeyUtf8, copy.SecretKeyUtf8);
        Assert.Equal(DateTimeOffset.UnixEpoch, copy.ExpiresAt);
        Assert.Null(original.Region);
        Assert.Null(copy.WithRegion("  ").Region);
    }
}
