using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Auth;

/// <summary>
/// Puts a recognisable secret key and security token through every provider, every success and every failure path,
/// and checks that neither (nor a fragment) shows up in any exception text or ToString().
/// </summary>
public sealed class SecretCanaryTests
{
    // Plain-looking (alphanumeric, 40 characters) so that it passes the KooCLI shape check on the success path.
    private const string CanarySecret = "Zq8SkCanaryZq8SkCanaryZq8SkCanary0000042";
    private const string CanaryToken = "TkCanary/gAAAAABkTkCanary+TkCanary==";
    private static readonly string[] Markers = { CanarySecret, CanaryToken, "SkCanary", "TkCanary" };

    private readonly List<string> _texts = new();

    private void Seen(object? item)
    {
        if (item is null) return;
        _texts.Add(item.ToString()!);
        if (item is Exception ex) _texts.Add(ex.Message);
    }

    private async Task Attempt(Func<Task<Credentials>> call)
    {
        try
        {
            Seen(await call());
        }
        catch (Exception ex)
        {
            Seen(ex);
        }
    }

    private void AssertNoCanary()
    {
        Assert.NotEmpty(_texts);
        foreach (var text in _texts)
            foreach (var marker in Markers)
                Assert.False(text.Contains(marker, StringComparison.Ordinal), $"A secret leaked into: {text}");
    }

    [Fact]
    public async Task No_secret_appears_in_any_message_or_ToString()
    {
        var ct = CancellationToken.None;
        var good = new Credentials(TestKeys.AccessKey, CanarySecret, CanaryToken, "proj", "dom", DateTimeOffset.UnixEpoch, "x");
        var goodViaBytes = Credentials.FromSecureString(TestKeys.AccessKey, Secure(CanarySecret), CanaryToken);

        // Explicit and session.
        await Attempt(() => new StaticCredentialProvider(good).GetCredentialsAsync(ct));
        await Attempt(() => new StaticCredentialProvider(goodViaBytes).GetCredentialsAsync(ct));
        await Attempt(() => new SessionCredentialProvider(new SessionCredentialStore { Current = good, Region = "r" }).GetCredentialsAsync(ct));
        Seen(good.WithRegion("r").WithProjectId("p"));

        // Environment: success, partial and unusable.
        await Attempt(() => Env(("HUAWEICLOUD_SDK_AK", TestKeys.AccessKey), ("HUAWEICLOUD_SDK_SK", CanarySecret), ("HUAWEICLOUD_SDK_SECURITY_TOKEN", CanaryToken)));
        await Attempt(() => Env(("HUAWEICLOUD_SDK_SK", CanarySecret), ("HUAWEICLOUD_SDK_SECURITY_TOKEN", CanaryToken)));
        await Attempt(() => Env(("HUAWEICLOUD_SDK_SECURITY_TOKEN", CanaryToken)));
        await Attempt(() => Env(("HUAWEICLOUD_SDK_AK", "AK WITH SPACE"), ("HUAWEICLOUD_SDK_SK", CanarySecret), ("HUAWEICLOUD_SDK_SECURITY_TOKEN", CanaryToken)));

        // KooCLI: each case both as the current profile (skip) and as a named one (fatal).
        using var dir = new TempDir();
        var files = new[]
        {
            KooCliFiles.Single("p", TestKeys.AccessKey, CanarySecret, securityToken: CanaryToken),
            KooCliFiles.Single("p", TestKeys.AccessKey, CanarySecret, securityToken: CanaryToken, authEncrypt: "true"),
            KooCliFiles.Single("p", "AK/" + CanarySecret, CanarySecret, securityToken: CanaryToken),
            KooCliFiles.Single("p", TestKeys.AccessKey, CanarySecret + "/=", securityToken: CanaryToken),
            KooCliFiles.Single("p", TestKeys.AccessKey, CanarySecret, mode: "ecsAgency", securityToken: CanaryToken),
            KooCliFiles.Single("p", "", CanarySecret, securityToken: CanaryToken),
            KooCliFiles.Single("p", "AK WITH SPACE", CanarySecret, securityToken: CanaryToken),
            KooCliFiles.Single("other", TestKeys.AccessKey, CanarySecret, securityToken: CanaryToken).Replace("\"current\":\"other\"", "\"current\":\"p\""),
            "{\"current\":\"p\",\"profiles\":[{\"name\":\"p\",\"secretAccessKey\":\"" + CanarySecret + "\" \"securityToken\":\"" + CanaryToken + "\"}]}",
            "{\"current\":\"p\",\"profiles\":[{\"name\":\"p\",\"secretAccessKey\":\"" + CanarySecret + "\",\"securityToken\":\"" + CanaryToken,
            "{\"current\":\"p\",\"profiles\":[{\"name\":\"p\",\"secretAccessKey\":" + CanarySecret + "}]}",
        };
        for (var i = 0; i < files.Length; i++)
        {
            var path = dir.Write($"config{i}.json", files[i]);
            await Attempt(() => new KooCliProfileProvider(path, null, Auth.Env.Empty).GetCredentialsAsync(ct));
            await Attempt(() => new KooCliProfileProvider(path, "p", Auth.Env.Empty).GetCredentialsAsync(ct));
            await Attempt(() => new KooCliProfileProvider(path, "missing", Auth.Env.Empty).GetCredentialsAsync(ct));
        }

        // Metadata: success and every unusable answer.
        var clock = new FakeClock();
        using var server = MetadataServer.Start(clock);
        server.Secret = CanarySecret;
        server.Token = CanaryToken;
        using (var provider = server.Provider()) await Attempt(() => provider.GetCredentialsAsync(ct));
        var far = clock.UtcNow.AddHours(1);
        var bodies = new[]
        {
            "{\"credential\":{\"access\":\"AK1\",\"secret\":\"" + CanarySecret + "\" \"securitytoken\":\"" + CanaryToken + "\"}}",
            "{\"credential\":{\"access\":\"AK1\",\"secret\":\"" + CanarySecret + "\",\"securitytoken\":\"" + CanaryToken,
            "{\"credential\":{\"access\":\"AK1\",\"secret\":" + CanarySecret + "}}",
            "{\"credential\":{\"secret\":\"" + CanarySecret + "\",\"securitytoken\":\"" + CanaryToken + "\",\"expires_at\":\"2030-01-01T00:00:00Z\"}}",
            "{\"credential\":{\"access\":\"AK1\",\"secret\":\"" + CanarySecret + "\",\"securitytoken\":\"" + CanaryToken + "\",\"expires_at\":\"" + CanaryToken + "\"}}",
            MetadataServer.Body("AK1", CanarySecret, CanaryToken, clock.UtcNow.AddHours(-1)),
            MetadataServer.Body("AK WITH SPACE", CanarySecret, CanaryToken, far),
        };
        foreach (var body in bodies)
        {
            server.SecurityKeyOverride = () => (200, body);
            using var provider = server.Provider();
            await Attempt(() => provider.GetCredentialsAsync(ct));
        }
        server.SecurityKeyOverride = () => (403, "{\"secret\":\"" + CanarySecret + "\"}");
        using (var provider = server.Provider()) await Attempt(() => provider.GetCredentialsAsync(ct));

        // The aggregated chain error over broken sources, and the chain's own success.
        var brokenFile = dir.Write("broken.json", files[9]);
        server.SecurityKeyOverride = () => (200, bodies[0]);
        using (var metadata = server.Provider())
        {
            var chain = new CredentialChain(new ICredentialProvider[]
            {
                new EnvironmentCredentialProvider(Auth.Env.Of(("HUAWEICLOUD_SDK_SK", CanarySecret))),
                new KooCliProfileProvider(brokenFile, null, Auth.Env.Empty),
                metadata,
            });
            await Attempt(() => chain.GetCredentialsAsync(ct));
            Assert.Contains(_texts, t => t.Contains("No Huawei Cloud credentials were found", StringComparison.Ordinal));
        }
        await Attempt(() => new CredentialChain(new ICredentialProvider[] { new StaticCredentialProvider(good) }).GetCredentialsAsync(ct));

        Assert.True(_texts.Count > 60, $"only {_texts.Count} texts were collected");
        AssertNoCanary();
    }

    private static Task<Credentials> Env(params (string, string?)[] variables) =>
        new EnvironmentCredentialProvider(Auth.Env.Of(variables)).GetCredentialsAsync(CancellationToken.None);

    private static System.Security.SecureString Secure(string value)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in value) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
