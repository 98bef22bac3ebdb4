using System.Management.Automation;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// The bulk cmdlets: piped records start work as they arrive, up to -ThrottleLimit at once; results come out in input
/// order, with a progress bar while the last ones run; one failed record is a non-terminating error whose target is that
/// record, and the rest go on.
/// </summary>
public abstract class BulkCmdlet<TIn, TOut> : EcsCmdlet
    where TOut : class
{
    private BulkOperation<TIn, TOut>? _operation;

    /// <summary>The most calls in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Builds this call's operation, with this call's throttle limit, sink and stop token.</summary>
    internal abstract BulkOperation<TIn, TOut> CreateOperation();

    /// <summary>Starts a call; what is ready is written at the end of the record.</summary>
    internal void Post(TIn call) => (_operation ??= CreateOperation()).Post(call);

    /// <inheritdoc />
    protected override void End()
    {
        if (_operation is { } operation) Run(_ => operation.CompleteAsync());
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        base.StopProcessing();
        _operation?.Cancel();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _operation is { } operation)
        {
            _operation = null;
            operation.Cancel();
            operation.Dispose();
        }
        base.Dispose(disposing);
    }
}
