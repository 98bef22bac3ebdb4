using System;
using System.Threading;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Http;

/// <summary>
/// The difference between the server's clock and ours, learned from a gateway's date rejection. It is kept per client
/// and read by every signing, so later requests are signed with the corrected date too.
/// </summary>
internal sealed class ClockSkew
{
    /// <summary>Beyond this difference between our clock and a rejecting server's Date, the rejection is blamed on our clock.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

    private long _offsetTicks;

    /// <summary>Server time minus local time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Set(TimeSpan offset) => Interlocked.Exchange(ref _offsetTicks, offset.Ticks);

    /// <summary>The local clock corrected by the learned offset: our best guess at the server's time.</summary>
    public DateTimeOffset Now(IClock clock) => clock.UtcNow + Offset;
}
