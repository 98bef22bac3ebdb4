using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>
/// A virtual clock. In auto-advance mode (the default) every Delay moves time forward by its length and completes at
/// once, which makes single-loop code (retry backoff, the job waiter) run instantly and deterministically. With
/// autoAdvance false, delays complete only when a test calls <see cref="Advance"/>.
/// </summary>
public sealed class FakeClock : IClock
{
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset Due, TaskCompletionSource<bool> Tcs)> _timers = new();
    private DateTimeOffset _now;

    public FakeClock(DateTimeOffset? start = null, bool autoAdvance = true)
    {
        _now = start ?? new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        AutoAdvance = autoAdvance;
    }

    public bool AutoAdvance { get; set; }

    public List<TimeSpan> Delays { get; } = new();

    public DateTimeOffset UtcNow
    {
        get { lock (_gate) return _now; }
    }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Delays.Add(delay);
            if (delay <= TimeSpan.Zero) return Task.CompletedTask;
            if (AutoAdvance)
            {
                _now += delay;
                FireDue();
                return Task.CompletedTask;
            }
            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _timers.Add((_now + delay, tcs));
            if (cancellationToken.CanBeCanceled)
                cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
            return tcs.Task;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
            FireDue();
        }
    }

    private void FireDue()
    {
        for (var i = _timers.Count - 1; i >= 0; i--)
        {
            if (_timers[i].Due <= _now)
            {
                _timers[i].Tcs.TrySetResult(true);
                _timers.RemoveAt(i);
            }
        }
    }
}
