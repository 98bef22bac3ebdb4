using System;
using System.Collections.Generic;
using System.Security;
using System.Text;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Session;
using Xunit;

namespace EcsNic.Core.Tests.Session;

public sealed class CredentialSettingsTests
{
    private const string Ak = "HPUAEXAMPLEAK1234567";
    private const string Sk = "sk-very-secret-value-0123456789";
    private const string P1 = "0c6a4e5b2f3d4e1a9b8c7d6e5f4a3b21";
    private const string P2 = "0c6a4e5b2f3d4e1a9b8c7d6e5f4a3b22";

    [Fact]
    public void No_credential_parameters_give_no_explicit_credentials()
    {
        Assert.Null(ExplicitCredentials.From(null, null, null, null, null));
        Assert.Null(ExplicitCredentials.From(null, null, null, null, "prod"));
    }

    [Fact]
    public void A_pscredential_gives_the_user_name_as_ak_and_the_password_as_sk()
    {
        var credentials = ExplicitCredentials.From(Ak, Secure(Sk), null, null, null)!;
        Assert.Equal(Ak, credentials.AccessKey);
        Assert.Equal("explicit", credentials.Source);
        Assert.Equal(Encoding.UTF8.GetBytes(Sk), credentials.SecretKeyUtf8);
    }

    [Fact]
    public void A_leading_backslash_from_get_credential_is_dropped()
    {
        Assert.Equal(Ak, ExplicitCredentials.From("\\" + Ak, Secure(Sk), null, null, null)!.AccessKey);
    }

    [Fact]
    public void Access_and_secret_key_parameters_give_credentials()
    {
        var credentials = ExplicitCredentials.From(null, null, Ak, Secure(Sk), null)!;
        Assert.Equal(Ak, credentials.AccessKey);
    }

    [Theory]
    [InlineData(true, true, false, false, "Credential", "cannot be combined")]
    [InlineData(false, true, false, false, "AccessKey", "without SecretKey")]
    [InlineData(false, false, true, false, "SecretKey", "without AccessKey")]
    [InlineData(false, true, true, true, "ProfileName", "cannot be combined")]
    public void Conflicting_or_half_given_parameters_are_rejected(bool credential, bool accessKey, bool secretKey, bool profile,
        string parameter, string problem)
    {
        var ex = Assert.Throws<EcsValidationException>(() => ExplicitCredentials.From(
            credential ? Ak : null, credential ? Secure(Sk) : null, accessKey ? Ak : null, secretKey ? Secure(Sk) : null,
            profile ? "prod" : null));
        Assert.Equal(parameter, ex.ParameterName);
        Assert.Contains(problem, ex.Message);
        Assert.DoesNotContain(Sk, ex.Message);
        Assert.DoesNotContain(Ak, ex.Message);
    }

    [Fact]
    public void An_empty_password_is_rejected_without_showing_anything_secret()
    {
        var ex = Assert.Throws<EcsValidationException>(() => ExplicitCredentials.From(Ak, new SecureString(), null, null, null));
        Assert.Contains("empty secret key", ex.Message);
        Assert.DoesNotContain(Ak, ex.Message);
    }

    [Fact]
    public void An_unusable_access_key_is_rejected_as_a_validation_error()
    {
        var ex = Assert.Throws<EcsValidationException>(() => ExplicitCredentials.From(null, null, "bad key,with comma", Secure(Sk), null));
        Assert.Equal("AccessKey", ex.ParameterName);
        Assert.DoesNotContain(Sk, ex.Message);
    }

    [Fact]
    public void Environment_overrides_default_to_none()
    {
        var overrides = EnvironmentOverrides.Read(_ => null);
        Assert.True(overrides.UseInstanceMetadata);
        Assert.Null(overrides.MetadataEndpoint);
        Assert.Null(overrides.KooCliConfigPath);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("NONE")]
    public void Instance_metadata_can_be_switched_off(string value)
    {
        Assert.False(EnvironmentOverrides.Read(Env((EnvironmentOverrides.MetadataEndpointVariable, value))).UseInstanceMetadata);
    }

    [Fact]
    public void The_metadata_url_and_koocli_path_can_be_redirected()
    {
        var overrides = EnvironmentOverrides.Read(Env((EnvironmentOverrides.MetadataEndpointVariable, "http://127.0.0.1:5000"),
            (EnvironmentOverrides.KooCliConfigVariable, "/tmp/koo.json")));
        Assert.Equal(new Uri("http://127.0.0.1:5000"), overrides.MetadataEndpoint);
        Assert.Equal("/tmp/koo.json", overrides.KooCliConfigPath);
        Assert.Contains("127.0.0.1:5000", overrides.Describe());
    }

    [Fact]
    public void An_unusable_metadata_url_is_an_error_not_a_silent_fallback_to_the_real_service()
    {
        var ex = Assert.Throws<EcsValidationException>(() => EnvironmentOverrides.Read(Env((EnvironmentOverrides.MetadataEndpointVariable, "169.254.169.254"))));
        Assert.Equal(EnvironmentOverrides.MetadataEndpointVariable, ex.ParameterName);
    }

    [Fact]
    public void Region_endpoint_and_project_come_from_the_session_when_not_given()
    {
        var store = new SessionCredentialStore();
        var session = new SessionSnapshot(null, "cn-north-4", new Uri("http://127.0.0.1:5000"), P1, null);
        var settings = ClientSettings.Resolve(Request(), session, store, EnvironmentOverrides.None);
        Assert.Equal("cn-north-4", settings.Region);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), settings.Endpoint);
        Assert.Equal(P1, settings.ProjectId);
        Assert.Same(store, settings.ChainOptions.Session);
        Assert.Null(settings.ChainOptions.Explicit);
        Assert.True(settings.ChainOptions.UseInstanceMetadata);
        var options = settings.CreateClientOptions();
        Assert.Equal("cn-north-4", options.Region);
        Assert.Equal(P1, options.ProjectId);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), options.Endpoint);
    }

    [Fact]
    public void Another_region_drops_the_session_endpoint_and_project()
    {
        var session = new SessionSnapshot(null, "cn-north-4", new Uri("http://127.0.0.1:5000"), P1, null);
        var settings = ClientSettings.Resolve(Request(region: "cn-east-3"), session, new SessionCredentialStore(), EnvironmentOverrides.None);
        Assert.Equal("cn-east-3", settings.Region);
        Assert.Null(settings.Endpoint);
        Assert.Null(settings.ProjectId);
    }

    [Fact]
    public void Another_endpoint_in_the_same_region_drops_the_session_project()
    {
        var session = new SessionSnapshot(null, "cn-north-4", new Uri("http://127.0.0.1:5000"), P1, null);
        var settings = ClientSettings.Resolve(Request(endpoint: new Uri("http://127.0.0.1:6000")), session, null, EnvironmentOverrides.None);
        Assert.Equal(new Uri("http://127.0.0.1:6000"), settings.Endpoint);
        Assert.Equal("cn-north-4", settings.Region);
        Assert.Null(settings.ProjectId);
    }

    [Fact]
    public void Explicit_credentials_skip_the_session_default_and_its_project()
    {
        var store = new SessionCredentialStore();
        var session = new SessionSnapshot(null, "cn-north-4", null, P1, "prod");
        var credentials = new Credentials(Ak, Sk);
        var settings = ClientSettings.Resolve(Request(credentials: credentials), session, store, EnvironmentOverrides.None);
        Assert.Same(credentials, settings.ChainOptions.Explicit);
        Assert.Null(settings.ChainOptions.Session);
        Assert.Null(settings.ChainOptions.ProfileName);
        Assert.Null(settings.ProjectId);
        Assert.Equal("cn-north-4", settings.Region);
    }

    [Fact]
    public void A_given_project_always_wins()
    {
        var session = new SessionSnapshot(null, "cn-north-4", null, P1, null);
        var settings = ClientSettings.Resolve(Request(projectId: P2, credentials: new Credentials(Ak, Sk)), session, null, EnvironmentOverrides.None);
        Assert.Equal(P2, settings.ProjectId);
    }

    [Fact]
    public void A_profile_means_that_profile_only()
    {
        var store = new SessionCredentialStore { Current = new Credentials("SESSIONAK", "x") };
        var settings = ClientSettings.Resolve(Request(profile: "prod"), SessionSnapshot.Empty, store, EnvironmentOverrides.None);
        Assert.Equal("prod", settings.ChainOptions.ProfileName);
        Assert.Null(settings.ChainOptions.Session);
        Assert.Null(settings.ChainOptions.Explicit);
        Assert.False(settings.ChainOptions.UseInstanceMetadata);
    }

    [Fact]
    public void The_environment_reader_reaches_the_chain()
    {
        Func<string, string?> reader = _ => null;
        var settings = ClientSettings.Resolve(Request(region: "cn-north-4"), SessionSnapshot.Empty, null, EnvironmentOverrides.None, reader);
        Assert.Same(reader, settings.ChainOptions.GetEnvironmentVariable);
    }

    [Fact]
    public void A_region_can_be_added_later_and_changes_the_cache_key()
    {
        var settings = ClientSettings.Resolve(Request(profile: "prod"), SessionSnapshot.Empty, null, EnvironmentOverrides.None);
        var withRegion = settings.WithRegion("CN-EAST-3");
        Assert.Null(settings.Region);
        Assert.Equal("cn-east-3", withRegion.Region);
        Assert.Same(settings.ChainOptions, withRegion.ChainOptions);
        Assert.NotEqual(settings.CacheKey, withRegion.CacheKey);
        Assert.Equal(ClientSettings.Resolve(Request(region: "cn-east-3", profile: "prod"), SessionSnapshot.Empty, null, EnvironmentOverrides.None).CacheKey,
            withRegion.CacheKey);
    }

    [Fact]
    public void The_connected_profile_applies_when_the_call_names_no_credentials()
    {
        var session = new SessionSnapshot(null, "cn-north-4", null, P1, "prod");
        var settings = ClientSettings.Resolve(Request(), session, new SessionCredentialStore(), EnvironmentOverrides.None);
        Assert.Equal("prod", settings.ChainOptions.ProfileName);
        Assert.Equal(P1, settings.ProjectId);
        Assert.False(settings.ChainOptions.UseInstanceMetadata);
    }

    [Fact]
    public void Environment_overrides_reach_the_chain()
    {
        var overrides = new EnvironmentOverrides(new Uri("http://127.0.0.1:7000"), true, "/tmp/koo.json");
        var settings = ClientSettings.Resolve(Request(region: "cn-north-4"), SessionSnapshot.Empty, null, overrides);
        Assert.Equal(new Uri("http://127.0.0.1:7000"), settings.ChainOptions.MetadataEndpoint);
        Assert.Equal("/tmp/koo.json", settings.ChainOptions.KooCliConfigPath);
        Assert.Null(settings.ChainOptions.GetEnvironmentVariable);
    }

    [Fact]
    public void Bad_region_endpoint_or_project_are_validation_errors()
    {
        Assert.Throws<EcsValidationException>(() => ClientSettings.Resolve(Request(region: "cn north"), SessionSnapshot.Empty, null, EnvironmentOverrides.None));
        Assert.Throws<EcsValidationException>(() => ClientSettings.Resolve(Request(endpoint: new Uri("ftp://x/")), SessionSnapshot.Empty, null, EnvironmentOverrides.None));
        Assert.Throws<EcsValidationException>(() => ClientSettings.Resolve(Request(projectId: "a/b"), SessionSnapshot.Empty, null, EnvironmentOverrides.None));
    }

    [Fact]
    public void Cache_keys_are_equal_for_equal_settings_and_differ_by_region_endpoint_project_and_identity()
    {
        string Key(ClientRequest r) => ClientSettings.Resolve(r, SessionSnapshot.Empty, null, EnvironmentOverrides.None).CacheKey;
        var keys = new[]
        {
            Key(Request(region: "cn-north-4")),
            Key(Request(region: "cn-east-3")),
            Key(Request(region: "cn-north-4", endpoint: new Uri("http://127.0.0.1:5000"))),
            Key(Request(region: "cn-north-4", projectId: P1)),
            Key(Request(region: "cn-north-4", profile: "prod")),
            Key(Request(region: "cn-north-4", credentials: new Credentials(Ak, Sk))),
            Key(Request(region: "cn-north-4", credentials: new Credentials(Ak, Sk + "-rotated"))),
            Key(Request(region: "cn-north-4", credentials: new Credentials(Ak, Sk, securityToken: "token"))),
        };
        Assert.Equal(keys.Length, new HashSet<string>(keys).Count);
        Assert.Equal(Key(Request(region: "cn-north-4", credentials: new Credentials(Ak, Sk))),
            Key(Request(region: "CN-NORTH-4", credentials: new Credentials(Ak, Sk))));
        Assert.All(keys, k => Assert.DoesNotContain(Sk, k));
    }

    [Fact]
    public void Fingerprints_tell_secrets_apart_without_containing_them()
    {
        var a = CredentialFingerprint.Of(new Credentials(Ak, Sk));
        Assert.Equal(a, CredentialFingerprint.Of(new Credentials(Ak, Sk)));
        Assert.NotEqual(a, CredentialFingerprint.Of(new Credentials(Ak, Sk + "x")));
        Assert.NotEqual(a, CredentialFingerprint.Of(new Credentials(Ak, Sk, securityToken: "t")));
        Assert.Equal(32, a.Length);
        Assert.DoesNotContain(Sk, a);
    }

    private static ClientRequest Request(string? region = null, string? projectId = null, Uri? endpoint = null, string? profile = null,
        Credentials? credentials = null) => new(region, projectId, endpoint, profile, credentials);

    private static Func<string, string?> Env(params (string Name, string Value)[] values)
    {
        var map = new Dictionary<string, string>();
        foreach (var (name, value) in values) map[name] = value;
        return name => map.TryGetValue(name, out var v) ? v : null;
    }

    private static SecureString Secure(string value)
    {
        var secure = new SecureString();
        foreach (var c in value) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
