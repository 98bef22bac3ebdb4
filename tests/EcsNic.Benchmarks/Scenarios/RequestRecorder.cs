using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>
/// The client's transport: records when each attempt goes on the wire (after the retry and signing handlers), so that
/// retries the pipeline adds on its own are counted against the budget too.
/// </summary>
public sealed class RequestRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<(long Ticks, string Path)> _sent = new();

    public RequestRecorder() : base(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
    }

    /// <summary>Stopwatch timestamps of the requests whose path contains the fragment.</summary>
    public IReadOnlyList<long> Timestamps(string pathFragment) =>
        _sent.Where(s => s.Path.Contains(pathFragment, StringComparison.Ordinal)).Select(s => s.Ticks).OrderBy(t => t).ToArray();

    public void Clear() => _sent.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _sent.Enqueue((Stopwatch.GetTimestamp(), request.RequestUri?.AbsolutePath ?? string.Empty));
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Peak request counts in a sliding window.</summary>
public static class RateWindow
{
    /// <summary>
    /// The most timestamps (Stopwatch ticks, sorted) that fall in any window [t, t + width], closed at both ends, so the
    /// figure can only overstate the rate.
    /// </summary>
    public static int Peak(IReadOnlyList<long> sortedTicks, TimeSpan width)
    {
        var span = (long)(width.TotalSeconds * Stopwatch.Frequency);
        var peak = 0;
        var start = 0;
        for (var end = 0; end < sortedTicks.Count; end++)
        {
            while (sortedTicks[end] - sortedTicks[start] > span) start++;
            peak = Math.Max(peak, end - start + 1);
        }
        return peak;
    }
}
