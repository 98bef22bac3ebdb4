using System;

namespace EcsNic.Emulator.Runtime;

/// <summary>Latency aimed at one operation or all: a fixed delay, or a uniform random one between Min and Max.</summary>
public sealed record LatencyRule
{
    /// <summary>The SDK operation name, or "*" for every signed API operation.</summary>
    public string Operation { get; init; } = "*";

    /// <summary>A fixed delay; when null, a random delay between <see cref="Min"/> and <see cref="Max"/>.</summary>
    public TimeSpan? Fixed { get; init; }

    /// <summary>The shortest random delay.</summary>
    public TimeSpan Min { get; init; }

    /// <summary>The longest random delay.</summary>
    public TimeSpan Max { get; init; }

    /// <summary>How many matching requests are delayed; null for all.</summary>
    public int? Count { get; init; }

    /// <summary>The probability that a matching request is delayed.</summary>
    public double Rate { get; init; } = 1.0;
}
