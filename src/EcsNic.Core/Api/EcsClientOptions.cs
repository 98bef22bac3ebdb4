using System;
using System.Net.Http;
using EcsNic.Core.Logging;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Api;

/// <summary>Retry policy for idempotent calls (GET, PUT) and for POSTs that provably never reached the server.</summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in all, the first included. 1 disables retry.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The backoff base: attempt n waits a random time in [0, min(MaxDelay, BaseDelay * 2^(n-1))].</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The cap of one backoff wait, and of an honoured Retry-After.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>No retry starts once this much time has passed since the first attempt.</summary>
    public TimeSpan MaxTotalTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The jitter source, returning a value in [0, 1); tests pin it.</summary>
    public Func<double>? Jitter { get; set; }
}

/// <summary>Settings of an <see cref="EcsClient"/>.</summary>
public sealed class EcsClientOptions
{
    /// <summary>The region, such as cn-north-4. Selects the endpoints and the project looked up.</summary>
    public string? Region { get; set; }

    /// <summary>An explicit ECS endpoint, overriding the one derived from the region (the emulator uses this).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>An explicit IAM endpoint for project lookup; defaults to <see cref="Endpoint"/> when that is set.</summary>
    public Uri? IamEndpoint { get; set; }

    /// <summary>The project ID; looked up through IAM and cached when absent.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The retry policy.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>The timeout of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accept a plain http:// endpoint that is not a loopback address (a warning is logged).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The default log sink; <see cref="EcsLogScope"/> overrides it per call.</summary>
    public IEcsLogger Logger { get; set; } = NullEcsLogger.Instance;

    /// <summary>The clock used for signing dates, backoff and skew correction.</summary>
    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>The innermost handler; null for a real socket transport. Tests put a fake transport here.</summary>
    public HttpMessageHandler? Transport { get; set; }
}
