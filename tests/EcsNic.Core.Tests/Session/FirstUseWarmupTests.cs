using System;
using System.Collections.Generic;
using System.Linq;
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
    public void It_runs_a_first_Get_EcsServerNic_through_the_whole_pipeline_signed_with_fake_credentials_and_reaches_no_network()
    {
        var recorder = new Recorder(FirstUseWarmup.CreateAnswerTransport());

        Assert.True(FirstUseWarmup.Run(recorder));

        Assert.Equal(new[]
        {
            "https://iam.warm-up.invalid/v3/projects",
            "https://ecs.cn-north-4.myhuaweicloud.com/v1/00000000000000000000000000000000/cloudservers/00000000-0000-4000-8000-000000000000",
            "https://ecs.cn-north-4.myhuaweicloud.com/v1/00000000000000000000000000000000/cloudservers/00000000-0000-4000-8000-000000000000/os-interface",
        }, recorder.Requests.Select(r => r.Uri.GetLeftPart(UriPartial.Path)));
        Assert.All(recorder.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
        Assert.All(recorder.Requests, r => Assert.StartsWith("SDK-HMAC-SHA256 Access=ECSNICWARMUPACCESSKY,", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public void Its_connection_goes_to_a_loopback_port_nobody_listens_on_and_is_refused()
    {
        Assert.True(FirstUseWarmup.RefusedLoopbackConnection());
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
