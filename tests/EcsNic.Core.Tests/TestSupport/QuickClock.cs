using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>
/// Real time, but every wait lasts only a few milliseconds, whatever was asked, and first runs a hook; for waits against
/// the emulator that must poll soon (a virtual clock would race past the deadline while a real poll is in flight), and
/// for changing the emulator's state at a known point of a wait (before its first poll).
/// </summary>
public sealed class QuickClock : IClock
{
    private readonly Action? _beforeEachDelay;

    public QuickClock(Action? beforeEachDelay = null) => _beforeEachDelay = beforeEachDelay;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        _beforeEachDelay?.Invoke();
        return Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
    }
}
