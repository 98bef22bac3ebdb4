using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class MetadataTests
{
    private const string SecurityKeyPath = "/openstack/latest/securitykey";
    private const string TokenPath = "/meta-data/latest/api/token";

    private static async Task<Credentials> FetchCredentialsAsync(EmulatorClient client, string? token = null)
    {
        var headers = new Dictionary<string, string>();
        if (token is not null) headers["X-Metadata-Token"] = token;
        var response = await client.RawAsync("GET", SecurityKeyPath, headers: headers);
        Assert.Equal(200, response.Status);
        var c = response.Json["credential"]!;
        return new Credentials(c["access"]!.GetValue<string>(), c["secret"]!.GetValue<string>(), c["securitytoken"]!.GetValue<string>());
    }

    private static Task<ApiResponse> ListNicsAsync(EmulatorHost host, EmulatorClient client, Action<SignOptions>? configure = null) =>
        client.GetAsync(Api.Interfaces(host.Account.ProjectId, host.Account.Servers[0].Id), configure);

    [Fact]
    public async Task Temporary_credentials_from_securitykey_are_accepted_with_their_token()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var raw = await client.RawAsync("GET", SecurityKeyPath);
        var expiresAt = DateTimeOffset.ParseExact(raw.Json["credential"]!["expires_at"]!.GetValue<string>(),
            "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        client.Credentials = await FetchCredentialsAsync(client);

        Assert.True(expiresAt > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Equal(200, (await ListNicsAsync(host, client)).Status);
        Assert.Equal(0, host.GetCounters().RequestsFor("KeystoneListProjects"));
        Assert.Equal(2, host.GetCounters().RequestsFor("MetadataSecurityKey"));
    }

    [Fact]
    public async Task Temporary_credentials_without_a_token_or_with_another_token_are_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        client.Credentials = await FetchCredentialsAsync(client);

        var missing = await ListNicsAsync(host, client, o => o.SendSecurityToken = false);
        var wrong = await ListNicsAsync(host, client, o => o.SecurityTokenOverride = "gQpjbi1ub3J0aC00forged");
        var unsigned = await ListNicsAsync(host, client, o => o.SignSecurityToken = false);

        foreach (var r in new[] { missing, wrong, unsigned })
        {
            Assert.Equal(401, r.Status);
            Assert.Equal("APIGW.0301", r.GatewayCode);
            Assert.Equal("Incorrect IAM authentication information: decrypt token fail", r.Json["error_msg"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Expired_temporary_credentials_are_rejected_and_securitykey_then_issues_new_ones()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var first = await FetchCredentialsAsync(client);
        Assert.Equal(first.AccessKey, (await FetchCredentialsAsync(client)).AccessKey);

        host.ExpireTemporaryCredentials();
        client.Credentials = first;
        var rejected = await ListNicsAsync(host, client);
        var second = await FetchCredentialsAsync(client);
        client.Credentials = second;

        Assert.Equal("Incorrect IAM authentication information: token expired", rejected.Json["error_msg"]!.GetValue<string>());
        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(200, (await ListNicsAsync(host, client)).Status);
    }

    [Fact]
    public async Task A_session_token_is_optional_but_when_sent_must_be_valid()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var tokenResponse = await client.RawAsync("PUT", TokenPath, headers: new Dictionary<string, string> { ["X-Metadata-Token-Ttl-Seconds"] = "21600" });
        var token = tokenResponse.Body;
        var withToken = await client.RawAsync("GET", SecurityKeyPath, headers: new Dictionary<string, string> { ["X-Metadata-Token"] = token });
        var forged = await client.RawAsync("GET", SecurityKeyPath, headers: new Dictionary<string, string> { ["X-Metadata-Token"] = "forged" });
        var badTtl = await client.RawAsync("PUT", TokenPath, headers: new Dictionary<string, string> { ["X-Metadata-Token-Ttl-Seconds"] = "0" });
        var noTtl = await client.RawAsync("PUT", TokenPath);

        Assert.Equal(200, tokenResponse.Status);
        Assert.StartsWith("text/plain", tokenResponse.ContentType);
        Assert.False(string.IsNullOrWhiteSpace(token));
        Assert.Equal(200, withToken.Status);
        Assert.Equal(401, forged.Status);
        Assert.Equal(400, badTtl.Status);
        Assert.Equal(400, noTtl.Status);
    }

    [Fact]
    public async Task With_RequireMetadataToken_securitykey_needs_the_token()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { RequireMetadataToken = true });
        using var client = new EmulatorClient(host);

        var without = await client.RawAsync("GET", SecurityKeyPath);
        var token = (await client.RawAsync("PUT", TokenPath, headers: new Dictionary<string, string> { ["X-Metadata-Token-Ttl-Seconds"] = "60" })).Body;
        var credentials = await FetchCredentialsAsync(client, token);

        Assert.Equal(401, without.Status);
        Assert.StartsWith("TMP", credentials.AccessKey);
    }

    [Fact]
    public async Task Without_an_agency_securitykey_is_401_asking_for_an_agency()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { MetadataAgencyConfigured = false });
        using var client = new EmulatorClient(host);

        var answer = await client.RawAsync("GET", SecurityKeyPath);
        Assert.Equal(401, answer.Status);
        Assert.Contains("Please configure Cloud Service Agency first", answer.Body);
        Assert.Equal(0, host.Credentials.IssuedTemporaryCount);
    }
}
