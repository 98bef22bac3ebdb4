using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class AuthTests
{
    private static async Task<ApiResponse> ListNicsAsync(EmulatorHost host, EmulatorClient client, Action<SignOptions>? configure = null) =>
        await client.GetAsync(Api.Interfaces(host.Account.ProjectId, host.Account.Servers[0].Id), configure);

    private static void AssertRejected(ApiResponse response, string message)
    {
        Assert.Equal(401, response.Status);
        Assert.Equal("APIGW.0301", response.GatewayCode);
        Assert.Equal(message, response.Json["error_msg"]!.GetValue<string>());
        Assert.Equal(response.Header("X-Request-Id"), response.Json["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_correctly_signed_request_is_accepted_and_carries_request_id_and_date()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await ListNicsAsync(host, client);

        Assert.Equal(200, response.Status);
        Assert.Matches("^[0-9a-f]{32}$", response.Header("X-Request-Id"));
        Assert.True(DateTimeOffset.TryParseExact(response.Header("Date"), "R", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out _));
    }

    [Fact]
    public async Task A_bad_signature_is_rejected_and_the_canonical_request_is_kept_for_debugging()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await ListNicsAsync(host, client,
            o => o.TamperAuthorization = a => a[..^1] + (a[^1] == '0' ? '1' : '0'));

        AssertRejected(response, "Incorrect IAM authentication information: verify aksk signature fail");
        Assert.Equal(1, host.GetCounters().AuthFailures);
        Assert.Equal(1, host.GetCounters().RequestsFor("ListServerInterfaces"));
        var failure = host.LastAuthFailure!;
        Assert.StartsWith("GET\n/v1/" + host.Account.ProjectId + "/cloudservers/", failure.CanonicalRequest);
        Assert.Contains("host:" + host.BaseUri.Authority, failure.CanonicalRequest);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host, new Credentials(host.Account.AccessKey, "not-the-secret-key"));

        AssertRejected(await ListNicsAsync(host, client), "Incorrect IAM authentication information: verify aksk signature fail");
    }

    [Fact]
    public async Task An_unknown_access_key_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host, new Credentials("UNKNOWNACCESSKEY0001", "whatever"));

        var response = await ListNicsAsync(host, client);

        Assert.Equal(401, response.Status);
        Assert.StartsWith("Incorrect IAM authentication information: Get secretKey failed", response.Json["error_msg"]!.GetValue<string>());
        Assert.DoesNotContain("UNKNOWNACCESSKEY0001", response.Body);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var signedBody = Api.Bind(a.Subnet.Id, "192.168.0.100").ToJsonString();
        var sentBody = Api.Bind(a.Subnet.Id, "192.168.0.101").ToJsonString();

        // Sign one body, send another (same date and headers): the signer hashes the body, so this must fail.
        var date = DateTime.UtcNow;
        var response = await client.SendAsync("PUT", Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId), sentBody, o =>
        {
            o.SdkDate = date;
            o.TamperAuthorization = _ => SignatureFor(host, client, a.Servers[1].Nics[0].PortId, signedBody, date);
        });

        AssertRejected(response, "Incorrect IAM authentication information: verify aksk signature fail");
        Assert.Empty(host.AllowedAddressPairs(a.Servers[1].Nics[0].PortId));
    }

    private static string SignatureFor(EmulatorHost host, EmulatorClient client, string nicId, string body, DateTime date)
    {
        var uri = new Uri(host.BaseUri, Api.Nic(host.Account.ProjectId, nicId));
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", uri.Authority),
            new("X-Sdk-Date", Core.Http.RequestSigner.FormatDate(date)),
        };
        return Core.Http.RequestSigner.Instance.Sign("PUT", uri, headers, "application/json;charset=UTF-8",
            System.Text.Encoding.UTF8.GetBytes(body), client.Credentials, date).Authorization;
    }

    [Theory]
    [InlineData(-20)]
    [InlineData(20)]
    public async Task A_date_more_than_15_minutes_off_is_signature_expired(int minutes)
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await ListNicsAsync(host, client, o => o.SdkDate = DateTime.UtcNow.AddMinutes(minutes));

        AssertRejected(response, "Incorrect IAM authentication information: signature expired");
    }

    [Fact]
    public async Task A_date_14_minutes_off_is_still_accepted()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        Assert.Equal(200, (await ListNicsAsync(host, client, o => o.SdkDate = DateTime.UtcNow.AddMinutes(-14))).Status);
    }

    [Fact]
    public async Task The_clock_offset_shifts_the_date_header_and_the_signature_window()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { ClockOffset = TimeSpan.FromMinutes(30) });
        using var client = new EmulatorClient(host);

        var rejected = await ListNicsAsync(host, client);
        var serverDate = DateTimeOffset.ParseExact(rejected.Header("Date")!, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var accepted = await ListNicsAsync(host, client, o => o.SdkDate = serverDate.UtcDateTime);

        AssertRejected(rejected, "Incorrect IAM authentication information: signature expired");
        Assert.True(serverDate - DateTimeOffset.UtcNow > TimeSpan.FromMinutes(25));
        Assert.Equal(200, accepted.Status);
    }

    [Fact]
    public async Task Host_must_be_among_the_signed_headers()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await ListNicsAsync(host, client, o => o.TamperAuthorization = a => a.Replace("SignedHeaders=host;", "SignedHeaders="));

        AssertRejected(response, "Incorrect IAM authentication information: verify aksk signature fail");
    }

    [Fact]
    public async Task A_missing_or_foreign_authorization_header_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var path = Api.Interfaces(host.Account.ProjectId, host.Account.Servers[0].Id);

        var none = await client.RawAsync("GET", path);
        var bearer = await client.RawAsync("GET", path, headers: new Dictionary<string, string> { ["Authorization"] = "Bearer abc" });

        Assert.Equal(401, none.Status);
        Assert.Equal(401, bearer.Status);
        Assert.Equal(2, host.GetCounters().AuthFailures);
    }

    [Fact]
    public async Task A_permanent_key_sent_with_a_security_token_is_rejected()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await ListNicsAsync(host, client, o => o.SecurityTokenOverride = "some-token");

        AssertRejected(response, "Incorrect IAM authentication information: decrypt token fail");
    }

    [Fact]
    public async Task Unsigned_requests_never_reach_the_handlers()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var response = await client.RawAsync("PUT", Api.Nic(a.ProjectId, a.Servers[1].Nics[0].PortId),
            Api.Bind(a.Subnet.Id, "192.168.0.100").ToJsonString());

        Assert.Equal(401, response.Status);
        Assert.Null(host.State.FindVirtualIp(a.Subnet.Id, "192.168.0.100"));
    }

    [Fact]
    public async Task Iam_lists_the_project_of_a_region()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var response = await client.GetAsync("/iam/v3/projects?name=" + a.Region);
        var none = await client.GetAsync("/iam/v3/projects?name=xx-nowhere-1");
        var all = await client.GetAsync("/iam/v3/projects");

        Assert.Equal(200, response.Status);
        var projects = response.Json["projects"]!.AsArray();
        var project = Assert.Single(projects)!;
        Assert.Equal(a.ProjectId, project["id"]!.GetValue<string>());
        Assert.Equal(a.Region, project["name"]!.GetValue<string>());
        Assert.Equal(a.DomainId, project["domain_id"]!.GetValue<string>());
        Assert.True(project["enabled"]!.GetValue<bool>());
        Assert.False(project["is_domain"]!.GetValue<bool>());
        Assert.NotNull(response.Json["links"]!["self"]);
        Assert.Empty(none.Json["projects"]!.AsArray());
        Assert.True(all.Json["projects"]!.AsArray().Count > 1);
        Assert.Equal(3, host.GetCounters().RequestsFor("KeystoneListProjects"));
    }

    [Fact]
    public async Task Unknown_paths_get_the_gateway_404_and_are_logged()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await client.GetAsync("/v2/whatever?x=1");
        var wrongMethod = await client.SendAsync("DELETE", Api.Job(host.Account.ProjectId, "abc"), null);

        Assert.Equal(404, response.Status);
        Assert.Equal("APIGW.0101", response.GatewayCode);
        Assert.Equal(404, wrongMethod.Status);
        Assert.Equal(2, host.GetCounters().RequestsFor("Unknown"));
        Assert.Contains("GET /v2/whatever?x=1", host.GetCounters().Paths);
    }

    [Fact]
    public async Task Errors_from_handlers_also_carry_request_id_and_date()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);

        var response = await client.PutAsync(Api.Nic(host.Account.ProjectId, "missing"), new JsonObject { ["nic"] = new JsonObject() });

        Assert.Equal(400, response.Status);
        Assert.Matches("^[0-9a-f]{32}$", response.Header("X-Request-Id"));
        Assert.NotNull(response.Header("Date"));
    }
}
