using System;
using System.Globalization;
using System.Net.Http.Headers;
using EcsNic.Core.Api;

namespace EcsNic.Core.Http;

/// <summary>How long the retry handler waits before the next attempt: Retry-After when the server says, else capped exponential backoff with full jitter.</summary>
internal static class RetryBackoff
{
    private static readonly object JitterGate = new();
    private static readonly Random JitterRandom = new();

    /// <summary>
    /// The wait before the next attempt: the server's Retry-After capped at MaxDelay, else full jitter over
    /// min(MaxDelay, BaseDelay * 2^(n-1)) after the n-th attempt.
    /// </summary>
    public static TimeSpan DelayBefore(int failedAttempt, TimeSpan? retryAfter, RetryOptions retry)
    {
        var max = retry.MaxDelay < TimeSpan.Zero ? TimeSpan.Zero : retry.MaxDelay;
        if (retryAfter is { } asked)
        {
            if (asked < TimeSpan.Zero) return TimeSpan.Zero;
            return asked > max ? max : asked;
        }
        var exponent = Math.Min(Math.Max(failedAttempt - 1, 0), 62);
        var ceiling = retry.BaseDelay.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(Math.Max(ceiling, 0), max.Ticks);
        var jitter = retry.Jitter?.Invoke() ?? NextJitter();
        if (double.IsNaN(jitter) || jitter < 0) jitter = 0;
        if (jitter >= 1) jitter = 1;
        return TimeSpan.FromTicks((long)(capped * jitter));
    }

    /// <summary>A Retry-After header as a wait from <paramref name="serverNow"/> (our clock corrected by the learned skew).</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset serverNow)
    {
        if (header is null) return null;
        if (header.Delta is { } delta) return delta;
        if (header.Date is { } date)
        {
            var wait = date - serverNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    internal static string FormatSeconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + " s";

    private static double NextJitter()
    {
        lock (JitterGate) return JitterRandom.NextDouble();
    }
}
