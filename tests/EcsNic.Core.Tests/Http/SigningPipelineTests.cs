using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Http;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

public sealed class SigningPipelineTests
{
    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task Requests_received_over_the_wire_verify_against_their_signature(string method)
    {
        var credentials = TestClients.Temporary("WIREAK00000000000001", "wire-secret-key", "wire-security-token");
        using var server = new LoopbackHttpServer((context, request) => LoopbackHttpServer.WriteAsync(context, 200,
            request.Method switch
            {
                "PUT" => TestClients.PortIdJson,
                "POST" => TestClients.JobIdJson,
                _ => TestClients.EmptyNicsJson,
            }));
        var options = TestClients.Options(null, new FakeClock(), server.BaseUri);
        using var client = new EcsClient(options, new FixedCredentialProvider(credentials));

        switch (method)
        {
            case "PUT":
                await client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", true, CancellationToken.None);
                break;
            case "POST":
                await client.AddServerNicsAsync(TestClients.ServerId, new[] { new NicSpec { SubnetId = TestClients.SubnetId } },
                    CancellationToken.None);
                break;
            default:
                await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);
                break;
        }

        var received = Assert.Single(server.Requests);
        Assert.Equal(method, received.Method);
        Assert.Equal($"127.0.0.1:{server.BaseUri.Port}", received.Headers["Host"]);
        var check = SignatureCheck.Verify(received.Method, new Uri(server.BaseUri, received.PathAndQuery),
            name => received.Headers[name], received.Body, credentials);
        Assert.True(check.Valid, $"expected {check.Expected}, received {check.Received}");
        Assert.Contains("SignedHeaders=host;user-agent;x-project-id;x-sdk-date;x-security-token,", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task Every_attempt_is_signed_again_with_a_new_date()
    {
        var clock = new FakeClock();
        var credentials = TestClients.Permanent();
        var transport = new ScriptedTransport(r => r.Index < 2
            ? ScriptedTransport.Json(503, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"busy\"}}")
            : ScriptedTransport.Json(200, TestClients.PortIdJson));
        using var client = TestClients.Client(transport, clock, credentials, o => o.Retry.BaseDelay = TimeSpan.FromSeconds(2));

        await client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", false, CancellationToken.None);

        var requests = transport.List;
        Assert.Equal(3, requests.Count);
        var dates = requests.Select(r => r.Header("X-Sdk-Date")!).ToArray();
        Assert.Equal(3, dates.Distinct().Count());
        Assert.Equal(dates.OrderBy(d => d, StringComparer.Ordinal), dates);
        Assert.Equal(3, requests.Select(r => r.Header("Authorization")).Distinct().Count());
        foreach (var r in requests)
        {
            Assert.Single(Regex.Matches(r.Header("Authorization")!, "SDK-HMAC-SHA256"));
            var check = SignatureCheck.Verify(r.Method, r.Uri, r.Header, r.Body, credentials);
            Assert.True(check.Valid, $"attempt {r.Index}: expected {check.Expected}, received {check.Received}");
        }
        Assert.Equal(RequestSigner.FormatDate(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc)), dates[0]);
    }

    [Fact]
    public async Task Credentials_are_asked_for_on_every_attempt()
    {
        var provider = new FixedCredentialProvider(TestClients.Permanent());
        var transport = new ScriptedTransport(r => r.Index < 2
            ? ScriptedTransport.Json(500, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"busy\"}}")
            : ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        using var client = new EcsClient(TestClients.Options(transport, new FakeClock()), provider);

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        Assert.Equal(3, provider.Calls);
    }

    [Fact]
    public async Task Temporary_credentials_send_a_signed_security_token_and_permanent_ones_none()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        using (var temporary = TestClients.Client(transport, new FakeClock(),
                   TestClients.Temporary("TEMPAK00000000000001", "temp-secret", "temp-token-value")))
        {
            await temporary.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);
        }
        using (var permanent = TestClients.Client(transport, new FakeClock()))
        {
            await permanent.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);
        }

        var requests = transport.List;
        Assert.Equal("temp-token-value", requests[0].Header("X-Security-Token"));
        Assert.Contains(";x-security-token,", requests[0].Header("Authorization"));
        Assert.Null(requests[1].Header("X-Security-Token"));
        Assert.DoesNotContain("x-security-token", requests[1].Header("Authorization"));
        foreach (var r in requests)
        {
            Assert.Equal(TestClients.ProjectId, r.Header("X-Project-Id"));
            Assert.Contains(";x-project-id;", r.Header("Authorization"));
        }
    }

    [Fact]
    public async Task The_user_agent_names_product_version_runtime_and_os_and_is_signed()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        using var client = TestClients.Client(transport, new FakeClock());

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        var request = Assert.Single(transport.List);
        var userAgent = request.Header("User-Agent")!;
        Assert.Matches(@"^EcsNic/\d+\.\d+\.\d+[^ ]* \([^()]+; [^()]+\)$", userAgent);
        Assert.Contains(";user-agent;", request.Header("Authorization"));
        Assert.All(userAgent, c => Assert.InRange(c, ' ', '~'));
    }

    [Theory]
    [InlineData("https://localhost/", "localhost")]
    [InlineData("https://127.0.0.1:8443/", "127.0.0.1:8443")]
    [InlineData("http://127.0.0.1:80/", "127.0.0.1")]
    [InlineData("http://[::1]:8080/", "[::1]:8080")]
    public async Task The_host_header_carries_the_port_only_when_it_is_not_the_default(string endpoint, string expectedHost)
    {
        var credentials = TestClients.Permanent();
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        using var client = TestClients.Client(transport, new FakeClock(), credentials, o => o.Endpoint = new Uri(endpoint));

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal(expectedHost, request.Header("Host"));
        Assert.True(SignatureCheck.Verify(request.Method, request.Uri, request.Header, request.Body, credentials).Valid);
    }

    [Fact]
    public async Task Json_bodies_carry_the_json_content_type_which_is_not_signed()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.PortIdJson));
        using var client = TestClients.Client(transport, new FakeClock());

        await client.UnbindVirtualIpAsync(TestClients.NicId, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal("application/json;charset=UTF-8", request.Header("Content-Type"));
        Assert.DoesNotContain("content-type", request.Header("Authorization"));
        Assert.Equal("{\"nic\":{\"subnet_id\":\"\",\"ip_address\":\"\",\"reverse_binding\":false}}", request.Body);
    }
}
