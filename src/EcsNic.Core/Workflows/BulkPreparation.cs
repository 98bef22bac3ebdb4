using System;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Workflows;

/// <summary>
/// What a <see cref="BulkOperation{TIn,TOut}"/> does to a call before posting it, for calls whose keys depend on a read:
/// the read runs at once (at most the throttle limit at a time), outside any key; then, in input order, the call is
/// admitted (knowing every earlier call) and posted.
/// </summary>
/// <typeparam name="TIn">One call.</typeparam>
public sealed class BulkPreparation<TIn>
{
    /// <summary>
    /// Creates the preparation. <paramref name="needsRead"/> picks the calls to read for; <paramref name="readAsync"/>
    /// returns the call with what it read (a read that throws posts the call as it came); <paramref name="admit"/> runs
    /// for every call, one at a time in input order, just before it is posted, and returns the call to post (one that throws
    /// posts the call as it came).
    /// </summary>
    public BulkPreparation(Func<TIn, bool> needsRead, Func<TIn, CancellationToken, Task<TIn>> readAsync, Func<TIn, TIn> admit,
        CancellationToken cancellationToken)
    {
        NeedsRead = needsRead ?? throw new ArgumentNullException(nameof(needsRead));
        ReadAsync = readAsync ?? throw new ArgumentNullException(nameof(readAsync));
        Admit = admit ?? throw new ArgumentNullException(nameof(admit));
        CancellationToken = cancellationToken;
    }

    /// <summary>Whether a call is read for before it is posted.</summary>
    public Func<TIn, bool> NeedsRead { get; }

    /// <summary>The read; it runs on the thread pool, before the call holds any key.</summary>
    public Func<TIn, CancellationToken, Task<TIn>> ReadAsync { get; }

    /// <summary>The last step before posting, in input order.</summary>
    public Func<TIn, TIn> Admit { get; }

    /// <summary>Cancels the reads (besides <see cref="BulkOperation{TIn,TOut}.Cancel"/>).</summary>
    public CancellationToken CancellationToken { get; }
}
