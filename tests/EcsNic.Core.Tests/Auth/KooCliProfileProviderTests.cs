using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using Xunit;

namespace EcsNic.Core.Tests.Auth;

public sealed class KooCliProfileProviderTests
{
    private const string TwoProfiles =
        "{\"authEncrypt\":\"false\",\"language\":\"en\",\"current\":\"dev\",\"profiles\":[" +
        "{\"name\":\"dev\",\"mode\":\"AKSK\",\"accessKeyId\":\"AKDEV0000000000000001\",\"secretAccessKey\":\"DevSecret00000000000000000000000000000001\"," +
        "\"securityToken\":\"\",\"region\":\"cn-north-4\",\"projectId\":\"projdev\",\"domainId\":\"domdev\",\"readTimeout\":10}," +
        "{\"name\":\"prod\",\"mode\":\"AKSK\",\"accessKeyId\":\"AKPROD000000000000001\",\"secretAccessKey\":\"ProdSecret0000000000000000000000000000001\"," +
        "\"securityToken\":\"prod-sts-token\",\"region\":\"ap-southeast-1\",\"projectId\":\"projprod\",\"domainId\":\"\",\"readTimeout\":10}]}";

    private static Task<Credentials> Get(string path, string? profile = null) =>
        new KooCliProfileProvider(path, profile, Env.Empty).GetCredentialsAsync(CancellationToken.None);

    [Fact]
    public async Task Uses_the_current_profile_and_carries_region_and_project()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", TwoProfiles);

        var credentials = await Get(path);

        Assert.Equal("AKDEV0000000000000001", credentials.AccessKey);
        Assert.Equal("DevSecret00000000000000000000000000000001", System.Text.Encoding.UTF8.GetString(credentials.SecretKeyUtf8));
        Assert.Equal(("cn-north-4", "projdev", "domdev", "koocli"), (credentials.Region, credentials.ProjectId, credentials.DomainId, credentials.Source));
        Assert.False(credentials.IsTemporary);
    }

    [Fact]
    public async Task Uses_a_named_profile_with_its_token()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", TwoProfiles);

        var credentials = await Get(path, "prod");

        Assert.Equal("AKPROD000000000000001", credentials.AccessKey);
        Assert.Equal("prod-sts-token", credentials.SecurityToken);
        Assert.Equal(("ap-southeast-1", "projprod"), (credentials.Region, credentials.ProjectId));
        Assert.Null(credentials.DomainId);
    }

    [Fact]
    public async Task The_default_path_is_under_HOME_then_USERPROFILE()
    {
        using var dir = new TempDir();
        dir.Write(".hcloud/config.json", TwoProfiles);

        var viaHome = new KooCliProfileProvider(null, null, Env.Of(("HOME", dir.Path), ("USERPROFILE", "/nowhere")));
        var viaProfile = new KooCliProfileProvider(null, null, Env.Of(("HOME", "  "), ("USERPROFILE", dir.Path)));

        Assert.Equal(Path.Combine(dir.Path, ".hcloud", "config.json"), viaHome.ConfigPath);
        Assert.Equal("AKDEV0000000000000001", (await viaHome.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        Assert.Equal("AKDEV0000000000000001", (await viaProfile.GetCredentialsAsync(CancellationToken.None)).AccessKey);
    }

    [Fact]
    public async Task No_home_at_all_is_unavailable()
    {
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() =>
            new KooCliProfileProvider(null, null, Env.Empty).GetCredentialsAsync(CancellationToken.None));
        Assert.Contains("no home directory", error.Message);
    }

    [Fact]
    public async Task A_missing_file_is_a_skip_when_no_profile_was_named()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "config.json");

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));

        Assert.Equal($"KooCLI config file '{path}' does not exist", error.Message);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_when_a_profile_was_named()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "config.json");

        var error = await Assert.ThrowsAsync<CredentialSourceException>(() => Get(path, "prod"));

        Assert.IsNotType<CredentialUnavailableException>(error);
        Assert.Contains("does not exist, so profile 'prod' cannot be read", error.Message);
    }

    [Fact]
    public async Task A_named_profile_that_does_not_exist_lists_the_available_names()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", TwoProfiles);

        var error = await Assert.ThrowsAsync<EcsValidationException>(() => Get(path, "staging"));

        Assert.Equal("ProfileName", error.ParameterName);
        Assert.Equal("staging", error.Value);
        Assert.Contains("available profiles: dev, prod", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task A_current_profile_that_does_not_exist_is_unavailable_and_lists_the_names()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", TwoProfiles.Replace("\"current\":\"dev\"", "\"current\":\"gone\""));

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));

        Assert.Contains("current profile 'gone'", error.Message);
        Assert.Contains("available profiles: dev, prod", error.Message);
    }

    [Fact]
    public async Task No_current_profile_is_reported()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", TwoProfiles.Replace("\"current\":\"dev\",", ""));

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));

        Assert.Contains("names no current profile", error.Message);
    }

    [Theory]
    [InlineData("{ \"current\": \"dev\", \"profiles\": [ { \"name\": ", 1)]
    [InlineData("{\n  \"current\": \"dev\",\n  \"profiles\": [\n    { \"name\" \"dev\" }\n  ]\n}", 4)]
    public async Task Bad_json_names_the_file_and_the_position(string content, int line)
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", content);

        var skip = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));
        var fatal = await Assert.ThrowsAsync<CredentialSourceException>(() => Get(path, "dev"));

        foreach (var error in new System.Exception[] { skip, fatal })
        {
            Assert.Contains($"KooCLI config file '{path}' is not valid JSON (at line {line}, byte ", error.Message);
            Assert.Null(error.InnerException);
        }
        Assert.IsNotType<CredentialUnavailableException>(fatal);
    }

    [Fact]
    public async Task A_file_that_is_not_an_object_is_reported()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", "[1,2,3]");
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));
        Assert.Contains("does not hold a JSON object", error.Message);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public async Task A_file_marked_encrypted_is_refused(string flag)
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", KooCliFiles.Single("default", "AKDEV0000000000000001", TestKeys.SecretKey, authEncrypt: flag));

        var skip = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));
        var fatal = await Assert.ThrowsAsync<CredentialSourceException>(() => Get(path, "default"));

        Assert.Contains("encrypted", skip.Message);
        Assert.Contains("--cli-auth-encrypt=false", skip.Message);
        Assert.IsNotType<CredentialUnavailableException>(fatal);
        Assert.Contains("encrypted", fatal.Message);
    }

    [Fact]
    public async Task A_boolean_encrypted_flag_is_understood_too()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json",
            "{\"authEncrypt\":true,\"current\":\"a\",\"profiles\":[" + KooCliFiles.Profile("a", "AKDEV0000000000000001", TestKeys.SecretKey) + "]}");
        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));
        Assert.Contains("encrypted", error.Message);
    }

    [Theory]
    [InlineData("c2VjcmV0Y2lwaGVydGV4dGJhc2U2NGVuY29kZWRrZXk=", TestKeys.SecretKey)]
    [InlineData("AKDEV0000000000000001", "5f3a9c0e7b2d41a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7")]
    [InlineData("AKDEV0000000000000001", "ZXhhbXBsZS9jaXBoZXJ0ZXh0K3dpdGgvc2xhc2hlcw==")]
    public async Task Keys_that_look_encrypted_are_refused_even_without_the_flag(string accessKey, string secretKey)
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", KooCliFiles.Single("default", accessKey, secretKey, authEncrypt: "false"));

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));

        Assert.Contains("do not look like a plain AK/SK", error.Message);
        Assert.DoesNotContain(accessKey, error.Message);
        Assert.DoesNotContain(secretKey, error.Message);
    }

    [Theory]
    [InlineData("ecsAgency", "instance metadata")]
    [InlineData("SSO", "AKSK")]
    [InlineData("agency", "AKSK")]
    public async Task A_mode_other_than_AKSK_gives_a_clear_reason(string mode, string advice)
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", KooCliFiles.Single("default", "AKDEV0000000000000001", TestKeys.SecretKey, mode: mode));

        var skip = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));
        var fatal = await Assert.ThrowsAsync<CredentialSourceException>(() => Get(path, "default"));

        Assert.Contains($"uses authentication mode '{mode}'; EcsNic reads only AKSK profiles", skip.Message);
        Assert.Contains(advice, skip.Message);
        Assert.IsNotType<CredentialUnavailableException>(fatal);
    }

    [Fact]
    public async Task A_profile_without_mode_is_read_as_AKSK_and_mode_case_does_not_matter()
    {
        using var dir = new TempDir();
        var noMode = dir.Write("a.json", "{\"current\":\"a\",\"profiles\":[{\"name\":\"a\",\"accessKeyId\":\"AKDEV0000000000000001\",\"secretAccessKey\":\"" + TestKeys.SecretKey + "\"}]}");
        var lower = dir.Write("b.json", KooCliFiles.Single("b", "AKDEV0000000000000001", TestKeys.SecretKey, mode: "aksk"));

        Assert.Equal("AKDEV0000000000000001", (await Get(noMode)).AccessKey);
        Assert.Equal("AKDEV0000000000000001", (await Get(lower)).AccessKey);
    }

    [Theory]
    [InlineData("", TestKeys.SecretKey, "has no accessKeyId")]
    [InlineData("AKDEV0000000000000001", "  ", "has no secretAccessKey")]
    [InlineData("", "", "has no accessKeyId and secretAccessKey")]
    public async Task A_profile_missing_keys_says_which(string accessKey, string secretKey, string expected)
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", KooCliFiles.Single("default", accessKey, secretKey));

        var error = await Assert.ThrowsAsync<CredentialUnavailableException>(() => Get(path));

        Assert.Contains("KooCLI profile 'default' in '" + path + "' " + expected, error.Message);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_and_comments_are_tolerated()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "config.json");
        File.WriteAllText(path, "// written by hand\n" + TwoProfiles, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("AKDEV0000000000000001", (await Get(path)).AccessKey);
    }

    [Fact]
    public async Task The_file_is_read_on_every_call_and_never_written()
    {
        using var dir = new TempDir();
        var path = dir.Write("config.json", TwoProfiles);
        var provider = new KooCliProfileProvider(path, null, Env.Empty);
        var before = File.GetLastWriteTimeUtc(path);

        Assert.Equal("AKDEV0000000000000001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);
        File.WriteAllText(path, TwoProfiles.Replace("\"current\":\"dev\"", "\"current\":\"prod\""));
        before = File.GetLastWriteTimeUtc(path);
        Assert.Equal("AKPROD000000000000001", (await provider.GetCredentialsAsync(CancellationToken.None)).AccessKey);

        Assert.Equal(before, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
