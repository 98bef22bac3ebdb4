using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

/// <summary>
/// The handler order written in <see cref="EcsPipeline"/>, and POST safety wherever the logging handler sits: the
/// "handed to the transport" mark is set by the innermost handler, so moving logging cannot make a failure before the
/// wire look like a sent POST, nor a sent POST look unsent.
/// </summary>
public sealed class PipelineOrderTests
{
    private const string Operation = "BatchAddServerNics";
    private const string HowToCheck = "Check the server's NICs.";

    [Fact]
    public void Handlers_run_retry_then_errors_then_buffering_then_signing_then_logging_then_the_mark_then_the_transport()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, "{}"));
        using var client = TestClients.Client(transport, new FakeClock());

        var chain = Chain(client.Pipeline);

        Assert.Equal(new[]
        {
            typeof(RetryHandler), typeof(ErrorAnswerHandler), typeof(ResponseBufferingHandler), typeof(SigningHandler),
            typeof(LoggingHandler), typeof(TransportMarkHandler),
        }, chain.Take(6).Select(h => h.GetType()));
        // The caller's transport is wrapped (so disposing the client leaves it alone), then reached.
        Assert.IsAssignableFrom<DelegatingHandler>(chain[6]);
        Assert.Same(transport, chain[7]);
        Assert.Equal(8, chain.Count);
    }

    public static TheoryData<int> LoggingPositions()
    {
        var data = new TheoryData<int>();
        for (var position = 0; position < 6; position++) data.Add(position);
        return data;
    }

    [Theory]
    [MemberData(nameof(LoggingPositions))]
    public async Task A_post_that_lost_its_connection_on_the_wire_is_outcome_unknown_wherever_logging_sits(int loggingPosition)
    {
        var transport = new ScriptedTransport((_, _) => throw ScriptedTransport.ConnectionReset());
        var credentials = new FixedCredentialProvider(TestClients.Permanent());
        using var invoker = new HttpMessageInvoker(Build(loggingPosition, credentials, transport, out _));

        var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => SendPost(invoker));

        Assert.Equal(1, transport.Count);
        Assert.Equal(Operation, unknown.Operation);
        Assert.IsType<HttpRequestException>(unknown.InnerException);
    }

    [Theory]
    [MemberData(nameof(LoggingPositions))]
    public async Task A_post_whose_credentials_failed_to_load_is_not_called_sent_wherever_logging_sits(int loggingPosition)
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.JobIdJson));
        using var invoker = new HttpMessageInvoker(Build(loggingPosition, new UnreachableCredentialProvider(), transport, out _));

        // The provider's own connection failure surfaces: nothing reached the ECS endpoint, so the outcome is not unknown.
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => SendPost(invoker));

        Assert.Contains("metadata", error.Message);
        Assert.Equal(0, transport.Count);
    }

    [Theory]
    [MemberData(nameof(LoggingPositions))]
    public async Task A_refused_post_is_sent_again_wherever_logging_sits(int loggingPosition)
    {
        var transport = new ScriptedTransport(r => r.Index == 0
            ? throw ScriptedTransport.ConnectionRefused()
            : ScriptedTransport.Json(200, TestClients.JobIdJson));
        using var invoker = new HttpMessageInvoker(Build(loggingPosition, new FixedCredentialProvider(TestClients.Permanent()),
            transport, out var clock));

        using var response = await SendPost(invoker);

        Assert.Equal(2, transport.Count);
        Assert.Single(clock.Delays);
    }

    /// <summary>The handlers from the outermost inwards, the transport last.</summary>
    internal static List<HttpMessageHandler> Chain(HttpMessageHandler outermost)
    {
        var chain = new List<HttpMessageHandler>();
        for (HttpMessageHandler? handler = outermost; handler is not null; handler = (handler as DelegatingHandler)?.InnerHandler)
            chain.Add(handler);
        return chain;
    }

    // The production handlers with the logging handler moved to the given position (0 is outermost); a capturing
    // logger keeps the logging handler on its logging path rather than its pass-through for a null logger.
    private static HttpMessageHandler Build(int loggingPosition, ICredentialProvider credentials, HttpMessageHandler transport,
        out FakeClock clock)
    {
        clock = new FakeClock();
        var options = TestClients.Options(transport, clock);
        options.Logger = new CapturingLogger();
        var handlers = EcsPipeline.Handlers(options, credentials, new ClockSkew()).ToList();
        var logging = handlers.OfType<LoggingHandler>().Single();
        handlers.Remove(logging);
        handlers.Insert(loggingPosition, logging);
        return EcsPipeline.Link(handlers.ToArray(), transport);
    }

    private static Task<HttpResponseMessage> SendPost(HttpMessageInvoker invoker)
    {
        var body = Encoding.UTF8.GetBytes("{\"nics\":[{\"subnet_id\":\"" + TestClients.SubnetId + "\"}]}");
        var request = new HttpRequestMessage(HttpMethod.Post,
            new Uri(TestClients.FakeEndpoint, $"/v1/{TestClients.ProjectId}/cloudservers/{TestClients.ServerId}/nics"))
        {
            Content = new ByteArrayContent(body),
        };
        new EcsRequestContext(Operation, TestClients.ServerId, isIdempotent: false, HowToCheck, TestClients.ProjectId, body)
            .AttachTo(request);
        return invoker.SendAsync(request, CancellationToken.None);
    }

    /// <summary>A provider whose credential source is down, as the metadata service can be: it fails with a connection error.</summary>
    private sealed class UnreachableCredentialProvider : ICredentialProvider
    {
        public string Name => "unreachable";

        public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
            Task.FromException<Credentials>(new HttpRequestException("The metadata service could not be reached.",
                ScriptedTransport.ConnectionReset()));
    }
}
