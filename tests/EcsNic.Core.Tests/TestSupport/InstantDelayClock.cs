using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>
/// Real wall-clock time (so signatures fall inside a real server's date window), but waits that complete at once and are
/// recorded, so retry backoff against the emulator costs nothing and can be inspected.
/// </summary>
public sealed class InstantDelayClock : IClock
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Delays.Enqueue(delay);
        return Task.CompletedTask;
    }
}
