using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using Xunit;

namespace EcsNic.Core.Tests.Auth;

public sealed class EnvironmentCredentialProviderTests
{
    private static Task<Credentials> Get(params (string, string?)[] variables) =>
        new EnvironmentCredentialProvider(Env.Of(variables)).GetCredentialsAsync(CancellationToken.None);

    [Fact]
    public async Task Reads_every_variable()
    {
        var credentials = await Get(("HUAWEICLOUD_SDK_AK", TestKeys.AccessKey), ("HUAWEICLOUD_SDK_SK", TestKeys.SecretKey),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "tok"), ("HUAWEICLOUD_SDK_PROJECT_ID", "proj1"), ("HUAWEICLOUD_SDK_DOMAIN_ID", "dom1"));

        Assert.Equal(TestKeys.AccessKey, credentials.AccessKey);
        Assert.Equal(TestKeys.SecretKey, System.Text.Encoding.UTF8.GetString(credentials.SecretKeyUtf8));
        Assert.Equal("tok", credentials.SecurityToken);
        Assert.Equal("proj1", credentials.ProjectId);
        Assert.Equal("dom1", credentials.DomainId);
        Assert.Equal("environment", credentials.Source);
    }

    [Fact]
    public async Task Values_are_trimmed_of_surrounding_whitespace()
    {
        var credentials = await Get(("HUAWEICLOUD_SDK_AK", "  " + TestKeys.AccessKey + "\n"), ("HUAWEICLOUD_SDK_SK", "\t" + TestKeys.SecretKey + "\r\n"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", " tok "), ("HUAWEICLOUD_SDK_PROJECT_ID", " proj1\n"));

        Assert.Equal(TestKeys.AccessKey, credentials.AccessKey);
        Assert.Equal(TestKeys.SecretKey, System.Text.Encoding.UTF8.GetString(credentials.SecretKeyUtf8));
        Assert.Equal("tok", credentials.SecurityToken);
        Assert.Equal("proj1", credentials.ProjectId);
    }

    [Fact]
    public async Task All_whitespace_values_count_as_unset()
    {
        var credentials = await Get(("HUAWEICLOUD_SDK_AK", TestKeys.AccessKey), ("HUAWEICLOUD_SDK_SK", TestKeys.SecretKey),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "   "), ("HUAWEICLOUD_SDK_PROJECT_ID", "\t\n"));
        Assert.False(credentials.IsTemporary);
        Assert.Null(credentials.ProjectId);

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() =>
            Get(("HUAWEICLOUD_SDK_AK", "  "), ("HUAWEICLOUD_SDK_SK", "\n")));
        Assert.Equal("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set", error.Message);
    }

    [Fact]
    public async Task Nothing_set_is_unavailable()
    {
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get());
        Assert.Equal("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set", error.Message);
    }

    [Fact]
    public async Task An_access_key_without_a_secret_key_names_the_missing_variable()
    {
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(("HUAWEICLOUD_SDK_AK", TestKeys.AccessKey)));
        Assert.Equal("HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not; ignoring the environment", error.Message);
    }

    [Fact]
    public async Task A_secret_key_without_an_access_key_names_the_missing_variable()
    {
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() =>
            Get(("HUAWEICLOUD_SDK_AK", " "), ("HUAWEICLOUD_SDK_SK", TestKeys.SecretKey)));
        Assert.Equal("HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not; ignoring the environment", error.Message);
    }

    [Fact]
    public async Task A_token_alone_is_reported()
    {
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(("HUAWEICLOUD_SDK_SECURITY_TOKEN", "tok")));
        Assert.Contains("HUAWEICLOUD_SDK_SECURITY_TOKEN is set but", error.Message);
    }

    [Fact]
    public async Task An_unusable_access_key_is_reported_without_its_value()
    {
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() =>
            Get(("HUAWEICLOUD_SDK_AK", "AK WITH SPACE"), ("HUAWEICLOUD_SDK_SK", TestKeys.SecretKey)));
        Assert.Contains("cannot appear in an Authorization header", error.Message);
        Assert.DoesNotContain("WITH SPACE", error.ToString());
    }

    [Fact]
    public async Task Variables_are_read_on_every_call()
    {
        var ak = TestKeys.AccessKey;
        var provider = new EnvironmentCredentialProvider(name => name switch
        {
            "HUAWEICLOUD_SDK_AK" => ak,
            "HUAWEICLOUD_SDK_SK" => TestKeys.SecretKey,
            _ => null,
        });
        Assert.Equal(TestKeys.AccessKey, (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        ak = "AKCHANGED";
        Assert.Equal("AKCHANGED", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
    }
}
