using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Bulk;

// CONTRACT STUB: the public shape below is fixed; the bulk work replaces the bodies.

/// <summary>Settings of a <see cref="BulkRunner{TIn,TOut}"/>.</summary>
public sealed class BulkOptions
{
    /// <summary>The most calls in flight at once (1 to 256).</summary>
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Run calls that share a key one after another. Only tests and benchmarks turn this off.</summary>
    public bool SerializeByKey { get; set; } = true;
}

/// <summary>The outcome of one input: its output, or the exception it failed with.</summary>
public sealed class BulkResult<TIn, TOut>
{
    /// <summary>Creates the record.</summary>
    public BulkResult(int index, TIn input, TOut? output, Exception? error)
    {
        Index = index;
        Input = input;
        Output = output;
        Error = error;
    }

    /// <summary>The input's position, from 0, in the order it was posted.</summary>
    public int Index { get; }

    /// <summary>The input.</summary>
    public TIn Input { get; }

    /// <summary>The output when the call succeeded.</summary>
    public TOut? Output { get; }

    /// <summary>The exception when the call failed.</summary>
    public Exception? Error { get; }

    /// <summary>True when there is no error.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>
/// Runs calls for inputs as they arrive, at most ThrottleLimit at once; calls whose inputs share a key (a NIC, or a
/// virtual IP as subnet + address) run one after another in posting order. Results come out in posting order.
/// One failed input never stops the others. Knows nothing of PowerShell.
/// </summary>
public sealed class BulkRunner<TIn, TOut> : IDisposable
{
    /// <summary>Creates a runner; <paramref name="keysOf"/> names the keys an input touches.</summary>
    public BulkRunner(Func<TIn, CancellationToken, Task<TOut>> work, Func<TIn, IEnumerable<string>> keysOf,
        BulkOptions options, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>How many inputs were posted.</summary>
    public int Posted => throw new NotImplementedException();

    /// <summary>How many inputs have finished, well or not.</summary>
    public int Finished => throw new NotImplementedException();

    /// <summary>Adds an input; its call starts as soon as a slot and its keys are free.</summary>
    public void Post(TIn input) => throw new NotImplementedException();

    /// <summary>Returns, without blocking, the finished results at the head of posting order not yet taken.</summary>
    public IReadOnlyList<BulkResult<TIn, TOut>> TakeReady() => throw new NotImplementedException();

    /// <summary>
    /// Marks the input complete and yields the remaining results in posting order, blocking until each is ready.
    /// <paramref name="onWait"/> is called about every <paramref name="waitInterval"/> while blocked (for progress).
    /// </summary>
    public IEnumerable<BulkResult<TIn, TOut>> Complete(TimeSpan waitInterval, Action? onWait = null) =>
        throw new NotImplementedException();

    /// <summary>Cancels every call in flight and every call not yet started.</summary>
    public void Cancel() => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose() => throw new NotImplementedException();
}
