using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Http;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

public sealed class ErrorResponseTests
{
    private static EcsClient SingleAttemptClient(ScriptedTransport transport) =>
        TestClients.Client(transport, new FakeClock(), configure: o => o.Retry.MaxAttempts = 1);

    [Fact]
    public async Task The_ecs_error_shape_gives_code_message_request_id_operation_and_target()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(400,
            "{\"error\":{\"code\":\"Ecs.0005\",\"message\":\"Invalid parameter: ip_address.\"}}", "ecs-req-5"));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() =>
            client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", false, CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("Ecs.0005", error.ErrorCode);
        Assert.Equal("Invalid parameter: ip_address.", error.ErrorMessage);
        Assert.Equal("ecs-req-5", error.RequestId);
        Assert.Equal("AssociateServerVirtualIp", error.Operation);
        Assert.Equal(TestClients.NicId, error.TargetId);
        Assert.False(error.IsTransient);
        Assert.Equal($"AssociateServerVirtualIp ({TestClients.NicId}) failed: HTTP 400 Ecs.0005: Invalid parameter: ip_address. " +
                     "(request ID: ecs-req-5)", error.Message);
    }

    [Fact]
    public async Task The_gateway_error_shape_gives_the_request_id_from_the_body_when_no_header_has_it()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(403,
            "{\"error_code\":\"APIGW.0101\",\"error_msg\":\"The API does not exist or has not been published.\",\"request_id\":\"gw-77\"}",
            requestId: null));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync(TestClients.JobId, CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("APIGW.0101", error.ErrorCode);
        Assert.Equal("The API does not exist or has not been published.", error.ErrorMessage);
        Assert.Equal("gw-77", error.RequestId);
        Assert.Equal("ShowJob", error.Operation);
    }

    [Fact]
    public async Task A_nova_style_fault_uses_the_fault_name_as_the_code()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(404,
            "{\"itemNotFound\":{\"code\":404,\"message\":\"Instance could not be found.\"}}"));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Equal("itemNotFound", error.ErrorCode);
        Assert.Equal("Instance could not be found.", error.ErrorMessage);
    }

    public static TheoryData<int, string, string> GarbageBodies() => new()
    {
        { 502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\n" + string.Concat(Enumerable.Repeat("<p>upstream failed</p>\n", 200)) + "</body></html>", "text/html" },
        { 400, "{\"error\":{\"code\":\"Ecs.0005\",\"mess", "application/json" },
        { 500, "", "application/json" },
        { 503, "Service Unavailable", "text/plain" },
        { 400, "\u0000\u0001\u0002binary\u00ff", "application/octet-stream" },
    };

    [Theory]
    [MemberData(nameof(GarbageBodies))]
    public async Task Unreadable_error_bodies_become_a_clear_error_with_a_short_single_line_excerpt(int status, string body, string contentType)
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Text(status, body, contentType, "garbage-req-1"));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("EcsNic.UnreadableResponse", error.ErrorCode);
        Assert.Equal("garbage-req-1", error.RequestId);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        Assert.True(error.ErrorMessage.Length <= 300, error.ErrorMessage);
        Assert.Null(error.InnerException);
        if (body.Length == 0) Assert.Contains("empty body", error.ErrorMessage);
        else Assert.Contains("not valid JSON", error.ErrorMessage);
    }

    [Fact]
    public void The_excerpt_is_at_most_200_characters_on_one_line()
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line one\r\n\tline two  ", 2000)));

        var excerpt = ErrorResponse.Excerpt(body);

        Assert.True(excerpt.Length <= 200);
        Assert.StartsWith("line one line two line one", excerpt);
        Assert.DoesNotContain('\n', excerpt);
        Assert.DoesNotContain('\t', excerpt);
    }

    [Fact]
    public async Task A_json_error_in_no_known_shape_is_reported_with_an_excerpt()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(409, "{\"conflict\":true}"));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync(TestClients.JobId, CancellationToken.None));

        Assert.Equal("EcsNic.UnknownError", error.ErrorCode);
        Assert.Contains("{\"conflict\":true}", error.ErrorMessage);
    }

    [Fact]
    public async Task A_success_body_of_the_wrong_shape_is_an_error_and_no_json_exception_escapes()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, "{\"interfaceAttachments\":\"not a list\"}"));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("EcsNic.UnreadableResponse", error.ErrorCode);
    }

    [Fact]
    public async Task A_success_without_the_port_id_is_an_error()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, "{}"));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.UnbindVirtualIpAsync(TestClients.NicId, CancellationToken.None));

        Assert.Equal("EcsNic.MissingField", error.ErrorCode);
        Assert.Contains("port_id", error.ErrorMessage);
    }

    [Fact]
    public async Task A_post_success_without_a_job_id_is_an_unknown_outcome()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, "{\"jobId\":\"wrong-name\"}"));
        using var client = SingleAttemptClient(transport);

        var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.AddServerNicsAsync(TestClients.ServerId,
            new[] { new NicSpec { SubnetId = TestClients.SubnetId } }, CancellationToken.None));

        var inner = Assert.IsType<EcsApiException>(unknown.InnerException);
        Assert.Equal("EcsNic.MissingField", inner.ErrorCode);
        Assert.Contains("job_id", inner.ErrorMessage);
        Assert.Equal(1, transport.Count);
    }

    [Fact]
    public async Task A_job_lookup_answered_with_a_code_in_place_of_a_job_is_an_error()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, "{\"code\":\"Ecs.0103\",\"message\":\"Job not found.\"}"));
        using var client = SingleAttemptClient(transport);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync(TestClients.JobId, CancellationToken.None));

        Assert.Equal("Ecs.0103", error.ErrorCode);
        Assert.Equal("Job not found.", error.ErrorMessage);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Redirects_are_not_followed_and_become_errors(string method)
    {
        using var elsewhere = new LoopbackHttpServer((context, _) => LoopbackHttpServer.WriteAsync(context, 200, TestClients.JobIdJson));
        using var server = new LoopbackHttpServer((context, _) =>
        {
            context.Response.RedirectLocation = new Uri(elsewhere.BaseUri, "steal?token=x").AbsoluteUri;
            return LoopbackHttpServer.WriteAsync(context, method == "GET" ? 302 : 307, "{}");
        });
        using var client = new EcsClient(TestClients.Options(null, new FakeClock(), server.BaseUri),
            new FixedCredentialProvider(TestClients.Permanent()));

        var error = await Assert.ThrowsAsync<EcsApiException>(() => method == "GET"
            ? client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None)
            : client.AddServerNicsAsync(TestClients.ServerId, new[] { new NicSpec { SubnetId = TestClients.SubnetId } },
                CancellationToken.None));

        Assert.Equal("EcsNic.Redirect", error.ErrorCode);
        Assert.Equal(method == "GET" ? 302 : 307, error.StatusCode);
        Assert.Contains(elsewhere.BaseUri.Authority, error.Message);
        Assert.DoesNotContain("token=x", error.Message);
        Assert.Single(server.Requests);
        Assert.Empty(elsewhere.Requests);
    }
}
