using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Session;
using Xunit;

namespace EcsNic.Core.Tests.Session;

/// <summary>The import-time warm-up runs the first call's whole client path in memory: no network, no real credential.</summary>
public sealed class FirstUseWarmupTests
{
    [Fact]
    public void It_lists_a_fake_server_through_the_whole_pipeline_signed_with_fake_credentials_and_reaches_no_network()
    {
        var recorder = new Recorder(FirstUseWarmup.CreateAnswerTransport());

        Assert.True(FirstUseWarmup.Run(recorder));

        var request = Assert.Single(recorder.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v1/00000000000000000000000000000000/cloudservers/00000000-0000-4000-8000-000000000000/os-interface",
            request.Uri.AbsolutePath);
        Assert.StartsWith("SDK-HMAC-SHA256 Access=ECSNICWARMUPACCESSKY,", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_transport_makes_it_report_false_without_throwing()
    {
        Assert.False(FirstUseWarmup.Run(new Recorder(null)));
    }

    private sealed record Seen(HttpMethod Method, Uri Uri, string Authorization);

    private sealed class Recorder : HttpMessageHandler
    {
        private readonly HttpMessageInvoker? _answer;

        public Recorder(HttpMessageHandler? answer)
        {
            _answer = answer is null ? null : new HttpMessageInvoker(answer);
        }

        public List<Seen> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : "";
            lock (Requests) Requests.Add(new Seen(request.Method, request.RequestUri!, authorization));
            if (_answer is null) throw new HttpRequestException("no network in this test");
            return _answer.SendAsync(request, cancellationToken);
        }
    }
}
