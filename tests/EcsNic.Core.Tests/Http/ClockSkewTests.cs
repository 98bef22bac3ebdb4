using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

public sealed class ClockSkewTests
{
    /// <summary>
    /// A gateway that, like the real one, rejects a signed date more than 15 minutes from its own clock with 401
    /// APIGW.0301 and reports its time in the Date header; it verifies the signature too.
    /// </summary>
    private static ScriptedTransport Gateway(FakeClock clock, TimeSpan serverAhead, Credentials credentials, string okBody) =>
        new(r =>
        {
            var serverNow = clock.UtcNow + serverAhead;
            HttpResponseMessage response;
            if (!RequestSigner.TryParseDate(r.Header("X-Sdk-Date"), out var signed) ||
                (new DateTimeOffset(signed, TimeSpan.Zero) - serverNow).Duration() > TimeSpan.FromMinutes(15))
            {
                response = ScriptedTransport.Json(401,
                    "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information: verify aksk signature fail\"," +
                    "\"request_id\":\"gw-req-1\"}", requestId: null);
            }
            else if (!SignatureCheck.Verify(r.Method, r.Uri, r.Header, r.Body, credentials).Valid)
            {
                response = ScriptedTransport.Json(401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"signature mismatch\"}");
            }
            else
            {
                response = ScriptedTransport.Json(200, okBody);
            }
            response.Headers.Date = serverNow;
            return response;
        });

    [Fact]
    public async Task A_date_rejection_from_a_server_20_minutes_ahead_is_retried_once_and_later_requests_use_the_corrected_date()
    {
        var clock = new FakeClock();
        var credentials = TestClients.Permanent();
        var transport = Gateway(clock, TimeSpan.FromMinutes(20), credentials, TestClients.PortIdJson);
        var logger = new CapturingLogger();
        using var client = TestClients.Client(transport, clock, credentials, o => o.Logger = logger);

        await client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", false, CancellationToken.None);
        await client.UnbindVirtualIpAsync(TestClients.NicId, CancellationToken.None);

        var requests = transport.List;
        Assert.Equal(3, requests.Count);
        var expectedLocal = RequestSigner.FormatDate(clock.UtcNow.UtcDateTime);
        var expectedCorrected = RequestSigner.FormatDate((clock.UtcNow + TimeSpan.FromMinutes(20)).UtcDateTime);
        Assert.Equal(expectedLocal, requests[0].Header("X-Sdk-Date"));
        Assert.Equal(expectedCorrected, requests[1].Header("X-Sdk-Date"));
        Assert.Equal(expectedCorrected, requests[2].Header("X-Sdk-Date"));
        Assert.Equal(TimeSpan.FromMinutes(20), client.ClockOffset);
        Assert.Empty(clock.Delays);
        Assert.Contains(logger.At(EcsLogLevel.Verbose), l => l.Contains("+00:20:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_skew_retry_is_safe_for_a_post_because_a_rejected_request_was_not_processed()
    {
        var clock = new FakeClock();
        var credentials = TestClients.Permanent();
        var transport = Gateway(clock, TimeSpan.FromMinutes(-40), credentials, TestClients.JobIdJson);
        using var client = TestClients.Client(transport, clock, credentials);

        var job = await client.AddServerNicsAsync(TestClients.ServerId, new[] { new NicSpec { SubnetId = TestClients.SubnetId } },
            CancellationToken.None);

        Assert.Equal(TestClients.JobId, job.JobId);
        Assert.Equal(2, transport.Count);
        Assert.Equal(TimeSpan.FromMinutes(-40), client.ClockOffset);
    }

    [Fact]
    public async Task The_skew_retry_happens_once_even_when_retries_are_disabled_and_a_second_rejection_is_final()
    {
        var clock = new FakeClock();
        var calls = 0;
        var transport = new ScriptedTransport(_ =>
        {
            var response = ScriptedTransport.Json(401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information\"}");
            // A server whose clock keeps running away: each answer is 20 minutes further off.
            response.Headers.Date = clock.UtcNow + TimeSpan.FromMinutes(20) * ++calls;
            return response;
        });
        using var client = TestClients.Client(transport, clock, configure: o => o.Retry.MaxAttempts = 1);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync(TestClients.JobId, CancellationToken.None));

        Assert.Equal(2, transport.Count);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("APIGW.0301", error.ErrorCode);
    }

    [Fact]
    public async Task An_authentication_rejection_without_clock_skew_is_final()
    {
        var clock = new FakeClock();
        var transport = new ScriptedTransport(_ =>
        {
            var response = ScriptedTransport.Json(401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information: verify aksk signature fail\",\"request_id\":\"body-req-7\"}", requestId: null);
            response.Headers.Date = clock.UtcNow + TimeSpan.FromMinutes(2);
            return response;
        });
        using var client = TestClients.Client(transport, clock);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Equal(1, transport.Count);
        Assert.Equal("body-req-7", error.RequestId);
        Assert.Equal(TimeSpan.Zero, client.ClockOffset);
    }

    [Fact]
    public async Task A_401_that_is_not_from_the_gateway_does_not_move_the_clock()
    {
        var clock = new FakeClock();
        var transport = new ScriptedTransport(_ =>
        {
            var response = ScriptedTransport.Json(401, "{\"error\":{\"code\":\"Ecs.0003\",\"message\":\"not allowed\"}}");
            response.Headers.Date = clock.UtcNow + TimeSpan.FromHours(3);
            return response;
        });
        using var client = TestClients.Client(transport, clock);

        await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Equal(1, transport.Count);
        Assert.Equal(TimeSpan.Zero, client.ClockOffset);
    }

    [Fact]
    public async Task The_offset_is_per_client()
    {
        var clock = new FakeClock();
        var credentials = TestClients.Permanent();
        var transport = Gateway(clock, TimeSpan.FromMinutes(20), credentials, TestClients.EmptyNicsJson);
        using var first = TestClients.Client(transport, clock, credentials);
        using var second = TestClients.Client(transport, clock, credentials);

        await first.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(20), first.ClockOffset);
        Assert.Equal(TimeSpan.Zero, second.ClockOffset);
        Assert.Equal(2, transport.List.Count(r => r.Index >= 0));
    }
}
