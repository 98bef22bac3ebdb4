using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Http;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

public sealed class RetryPolicyTests
{
    public enum Op
    {
        Get,
        Put,
        Post,
    }

    public enum Failure
    {
        Throttled429,
        InternalError500,
        Unavailable503,
        Ecs0002In400,
        FlowControl202,
        FlowControl429,
        SystemBusy503,
        BadRequest400,
        NotFound404,
        ConnectionRefused,
        ConnectionReset,
        AttemptTimeout,
        TruncatedSuccess,
        HtmlSuccess,
        EmptySuccess,
    }

    public enum Expect
    {
        RetriedThenSucceeded,
        OutcomeUnknown,
        FailedWithoutRetry,
    }

    public static TheoryData<Op, Failure, Expect> Table()
    {
        var data = new TheoryData<Op, Failure, Expect>();
        foreach (var op in new[] { Op.Get, Op.Put, Op.Post })
        {
            foreach (var failure in Enum.GetValues<Failure>())
            {
                var definitive = failure is Failure.BadRequest400 or Failure.NotFound404;
                Expect expect;
                if (definitive) expect = Expect.FailedWithoutRetry;
                else if (op != Op.Post) expect = Expect.RetriedThenSucceeded;
                // Throttling and Ecs.0002 as a 4xx prove nothing was submitted, so even a POST is sent again.
                else if (failure is Failure.Throttled429 or Failure.ConnectionRefused or Failure.Ecs0002In400 or
                         Failure.FlowControl202 or Failure.FlowControl429 or Failure.SystemBusy503)
                    expect = Expect.RetriedThenSucceeded;
                else expect = Expect.OutcomeUnknown;
                data.Add(op, failure, expect);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Each_method_and_failure_kind_is_retried_only_when_that_is_safe(Op op, Failure failure, Expect expect)
    {
        var transport = new ScriptedTransport((r, ct) => r.Index == 0 ? Fail(failure, ct) : Task.FromResult(Success(op)));
        var clock = new FakeClock();
        using var client = TestClients.Client(transport, clock, configure: o => o.Timeout = TimeSpan.FromMilliseconds(150));

        var run = Run(client, op);

        switch (expect)
        {
            case Expect.RetriedThenSucceeded:
                await run;
                Assert.Equal(2, transport.Count);
                Assert.Single(clock.Delays);
                break;
            case Expect.OutcomeUnknown:
                var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => run);
                Assert.Equal(1, transport.Count);
                Assert.Equal("BatchAddServerNics", unknown.Operation);
                Assert.Equal(TestClients.ServerId, unknown.TargetId);
                Assert.Contains($"ListServerNics(ServerId {TestClients.ServerId})", unknown.Message);
                Assert.Contains("ShowJob", unknown.HowToCheck);
                if (failure is Failure.InternalError500 or Failure.Unavailable503)
                {
                    var inner = Assert.IsType<EcsApiException>(unknown.InnerException);
                    Assert.Equal("req-0001", inner.RequestId);
                    Assert.Equal(failure == Failure.Unavailable503 ? "APIGW.0201" : "Ecs.0002", inner.ErrorCode);
                }
                break;
            default:
                var error = await Assert.ThrowsAsync<EcsApiException>(() => run);
                Assert.Equal(1, transport.Count);
                Assert.Equal(failure == Failure.NotFound404 ? 404 : 400, error.StatusCode);
                Assert.Equal(failure == Failure.NotFound404 ? "Ecs.0307" : "Ecs.0005", error.ErrorCode);
                Assert.Equal(1, error.Attempts);
                Assert.Empty(clock.Delays);
                break;
        }
    }

    [Fact]
    public async Task Backoff_is_capped_exponential_with_full_jitter_and_the_final_error_counts_attempts()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(503, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"busy\"}}"));
        var clock = new FakeClock();
        using var client = TestClients.Client(transport, clock);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Equal(4, transport.Count);
        Assert.Equal(new[] { 250, 500, 1000 }, clock.Delays.Select(d => (int)d.TotalMilliseconds));
        Assert.Equal(4, error.Attempts);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("after 4 attempts", error.Message);
    }

    [Theory]
    [InlineData(1, 0.5, 2500)]
    [InlineData(2, 0.5, 5000)]
    [InlineData(3, 0.5, 7500)]
    [InlineData(4, 0.5, 7500)]
    [InlineData(2, 0.0, 0)]
    [InlineData(40, 0.999, 14985)]
    public void The_delay_is_jitter_times_the_capped_exponential(int failedAttempt, double jitter, int expectedMs)
    {
        var retry = new RetryOptions { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(15), Jitter = () => jitter };

        Assert.Equal(expectedMs, (int)Math.Round(RetryBackoff.DelayBefore(failedAttempt, null, retry).TotalMilliseconds));
    }

    [Fact]
    public async Task No_retry_starts_that_would_exceed_the_total_retry_time()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(500, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"busy\"}}"));
        var clock = new FakeClock();
        using var client = TestClients.Client(transport, clock, configure: o =>
        {
            o.Retry.MaxAttempts = 10;
            o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxTotalTime = TimeSpan.FromSeconds(5);
        });

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync(TestClients.JobId, CancellationToken.None));

        // Waits of 0.5, 1 and 2 s fit in 5 s; the next one (4 s) would not.
        Assert.Equal(new[] { 500, 1000, 2000 }, clock.Delays.Select(d => (int)d.TotalMilliseconds));
        Assert.Equal(4, transport.Count);
        Assert.Equal(4, error.Attempts);
    }

    [Fact]
    public async Task One_max_attempt_disables_retry()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"throttled\"}"));
        var clock = new FakeClock();
        using var client = TestClients.Client(transport, clock, configure: o => o.Retry.MaxAttempts = 1);

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync(TestClients.JobId, CancellationToken.None));

        Assert.Equal(1, transport.Count);
        Assert.Equal("APIGW.0308", error.ErrorCode);
        Assert.DoesNotContain("attempts", error.Message);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured()
    {
        var transport = new ScriptedTransport(r =>
        {
            if (r.Index > 0) return ScriptedTransport.Json(200, TestClients.JobIdJson);
            var throttled = ScriptedTransport.Json(429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"throttled\"}");
            throttled.Headers.TryAddWithoutValidation("Retry-After", "3");
            return throttled;
        });
        var clock = new FakeClock();
        using var client = TestClients.Client(transport, clock);

        await client.AddServerNicsAsync(TestClients.ServerId, new[] { new NicSpec { SubnetId = TestClients.SubnetId } },
            CancellationToken.None);

        Assert.Equal(new[] { TimeSpan.FromSeconds(3) }, clock.Delays);
        Assert.Equal(2, transport.Count);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var clock = new FakeClock();
        var transport = new ScriptedTransport(r =>
        {
            if (r.Index > 0) return ScriptedTransport.Json(200, TestClients.EmptyNicsJson);
            var busy = ScriptedTransport.Json(503, "{\"error_code\":\"APIGW.0201\",\"error_msg\":\"busy\"}");
            busy.Headers.TryAddWithoutValidation("Retry-After", (clock.UtcNow + TimeSpan.FromSeconds(10)).ToString("r"));
            return busy;
        });
        using var client = TestClients.Client(transport, clock);

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        Assert.Equal(new[] { TimeSpan.FromSeconds(10) }, clock.Delays);
    }

    [Fact]
    public async Task Retry_after_is_capped_at_the_maximum_delay()
    {
        var transport = new ScriptedTransport(r =>
        {
            if (r.Index > 0) return ScriptedTransport.Json(200, TestClients.EmptyNicsJson);
            var throttled = ScriptedTransport.Json(429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"throttled\"}");
            throttled.Headers.TryAddWithoutValidation("Retry-After", "999");
            return throttled;
        });
        var clock = new FakeClock();
        using var client = TestClients.Client(transport, clock, configure: o => o.Retry.MaxDelay = TimeSpan.FromSeconds(7));

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, clock.Delays);
    }

    [Fact]
    public async Task The_callers_cancellation_propagates_at_once_and_is_not_retried()
    {
        using var cts = new CancellationTokenSource();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new ScriptedTransport(async (_, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ScriptedTransport.Json(200, "{}");
        });
        var clock = new FakeClock();
        using var client = TestClients.Client(transport, clock, configure: o => o.Timeout = TimeSpan.FromMinutes(5));

        var run = client.ListServerNicsAsync(TestClients.ServerId, cts.Token);
        await entered.Task;
        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(1, transport.Count);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task A_cancelled_token_sends_nothing()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        using var client = TestClients.Client(transport, new FakeClock());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.ListServerNicsAsync(TestClients.ServerId, new CancellationToken(true)));

        Assert.Equal(0, transport.Count);
    }

    [Fact]
    public async Task Attempt_timeouts_are_retried_and_reported_as_timeouts_not_cancellation()
    {
        var transport = new ScriptedTransport(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return ScriptedTransport.Json(200, "{}");
        });
        using var client = TestClients.Client(transport, new FakeClock(), configure: o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(100);
            o.Retry.MaxAttempts = 2;
        });

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetJobAsync(TestClients.JobId, CancellationToken.None));

        Assert.Equal("EcsNic.Timeout", error.ErrorCode);
        Assert.Equal(0, error.StatusCode);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, transport.Count);
    }

    [Fact]
    public async Task A_post_whose_connection_drops_after_sending_is_not_repeated_and_the_server_saw_it_once()
    {
        using var server = new LoopbackHttpServer((context, _) =>
        {
            context.Response.Abort();
            return Task.CompletedTask;
        });
        var clock = new FakeClock();
        using var client = new EcsClient(TestClients.Options(null, clock, server.BaseUri),
            new FixedCredentialProvider(TestClients.Permanent()));

        var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.AddServerNicsAsync(TestClients.ServerId,
            new[] { new NicSpec { SubnetId = TestClients.SubnetId } }, CancellationToken.None));

        Assert.Single(server.Requests);
        Assert.Empty(clock.Delays);
        Assert.Contains("ListServerNics", unknown.Message);
    }

    [Fact]
    public async Task A_post_answered_with_a_server_error_is_not_repeated_and_keeps_the_service_error()
    {
        using var server = new LoopbackHttpServer((context, _) =>
        {
            context.Response.Headers["X-Request-Id"] = "srv-req-42";
            return LoopbackHttpServer.WriteAsync(context, 500, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"System error.\"}}");
        });
        using var client = new EcsClient(TestClients.Options(null, new FakeClock(), server.BaseUri),
            new FixedCredentialProvider(TestClients.Permanent()));

        var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() =>
            client.DeleteServerNicsAsync(TestClients.ServerId, new[] { TestClients.NicId }, CancellationToken.None));

        Assert.Single(server.Requests);
        var inner = Assert.IsType<EcsApiException>(unknown.InnerException);
        Assert.Equal(500, inner.StatusCode);
        Assert.Equal("Ecs.0002", inner.ErrorCode);
        Assert.Equal("srv-req-42", inner.RequestId);
        Assert.Contains("srv-req-42", unknown.Message);
    }

    [Fact]
    public async Task A_post_that_times_out_is_not_repeated()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new LoopbackHttpServer(async (context, _) =>
        {
            received.TrySetResult();
            await Task.WhenAny(release.Task, Task.Delay(TimeSpan.FromSeconds(10)));
            await LoopbackHttpServer.WriteAsync(context, 200, TestClients.JobIdJson);
        });
        try
        {
            using var client = new EcsClient(
                Configure(TestClients.Options(null, new FakeClock(), server.BaseUri), o => o.Timeout = TimeSpan.FromSeconds(1)),
                new FixedCredentialProvider(TestClients.Permanent()));

            var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.AddServerNicsAsync(TestClients.ServerId,
                new[] { new NicSpec { SubnetId = TestClients.SubnetId } }, CancellationToken.None));

            await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Single(server.Requests);
            Assert.IsType<TimeoutException>(unknown.InnerException);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task A_post_whose_connection_is_refused_is_retried_because_nothing_was_sent()
    {
        var port = ClosedPort();
        var clock = new FakeClock();
        using var client = new EcsClient(
            Configure(TestClients.Options(null, clock, new Uri($"http://127.0.0.1:{port}/")), o => o.Retry.MaxAttempts = 3),
            new FixedCredentialProvider(TestClients.Permanent()));

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.AddServerNicsAsync(TestClients.ServerId,
            new[] { new NicSpec { SubnetId = TestClients.SubnetId } }, CancellationToken.None));

        Assert.Equal("EcsNic.ConnectionFailed", error.ErrorCode);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(2, clock.Delays.Count);
    }

    [Fact]
    public async Task A_put_survives_a_dropped_connection_on_the_wire()
    {
        var calls = 0;
        using var server = new LoopbackHttpServer((context, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Abort();
                return Task.CompletedTask;
            }
            return LoopbackHttpServer.WriteAsync(context, 200, TestClients.PortIdJson);
        });
        using var client = new EcsClient(TestClients.Options(null, new FakeClock(), server.BaseUri),
            new FixedCredentialProvider(TestClients.Permanent()));

        var binding = await client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "10.0.0.9", false, CancellationToken.None);

        Assert.Equal(TestClients.NicId, binding.NicId);
        Assert.Equal(2, server.Requests.Count);
    }

    internal static EcsClientOptions Configure(EcsClientOptions options, Action<EcsClientOptions> configure)
    {
        configure(options);
        return options;
    }

    internal static int ClosedPort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static Task Run(EcsClient client, Op op) => op switch
    {
        Op.Get => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None),
        Op.Put => client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", false, CancellationToken.None),
        _ => client.AddServerNicsAsync(TestClients.ServerId, new[] { new NicSpec { SubnetId = TestClients.SubnetId } },
            CancellationToken.None),
    };

    private static HttpResponseMessage Success(Op op) => ScriptedTransport.Json(200, op switch
    {
        Op.Get => TestClients.EmptyNicsJson,
        Op.Put => TestClients.PortIdJson,
        _ => TestClients.JobIdJson,
    });

    private static async Task<HttpResponseMessage> Fail(Failure failure, CancellationToken ct)
    {
        switch (failure)
        {
            case Failure.Throttled429:
                return ScriptedTransport.Json(429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"The throttling threshold has been reached\"}");
            case Failure.InternalError500:
                return ScriptedTransport.Json(500, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"System error.\"}}");
            case Failure.Unavailable503:
                return ScriptedTransport.Json(503, "{\"error_code\":\"APIGW.0201\",\"error_msg\":\"Service unavailable\"}");
            case Failure.Ecs0002In400:
                return ScriptedTransport.Json(400, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"System error, try later.\"}}");
            case Failure.FlowControl202:
                return ScriptedTransport.Json(202, "{\"error\":{\"code\":\"Common.0024\",\"message\":\"exceeds flow over limit\"}}");
            case Failure.FlowControl429:
                return ScriptedTransport.Json(429, "{\"error\":{\"code\":\"Common.0024\",\"message\":\"exceeds flow over limit\"}}");
            case Failure.SystemBusy503:
                return ScriptedTransport.Json(503, "{\"error\":{\"code\":\"Common.1503\",\"message\":\"System busy.\"}}");
            case Failure.BadRequest400:
                return ScriptedTransport.Json(400, "{\"error\":{\"code\":\"Ecs.0005\",\"message\":\"Invalid parameter.\"}}");
            case Failure.NotFound404:
                return ScriptedTransport.Json(404, "{\"error\":{\"code\":\"Ecs.0307\",\"message\":\"NIC not found.\"}}");
            case Failure.ConnectionRefused:
                throw ScriptedTransport.ConnectionRefused();
            case Failure.ConnectionReset:
                throw ScriptedTransport.ConnectionReset();
            case Failure.AttemptTimeout:
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            case Failure.TruncatedSuccess:
                return ScriptedTransport.Json(200, "{\"job_id\":\"ff8080828");
            case Failure.HtmlSuccess:
                return ScriptedTransport.Text(200, "<html><body>Welcome</body></html>");
            default:
                return ScriptedTransport.Text(200, string.Empty, "application/json");
        }
    }
}
