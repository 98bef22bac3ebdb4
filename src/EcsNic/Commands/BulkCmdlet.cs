using System.Management.Automation;
using EcsNic.Core.Bulk;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// The bulk behaviour of the virtual IP cmdlets: piped records start work as they arrive, up to -ThrottleLimit at once;
/// results come out in input order, with a progress bar while the last ones run; one failed record is a non-terminating
/// error whose target is that record, and the rest go on.
/// </summary>
public abstract class BulkCmdlet<TIn, TOut> : EcsCmdlet
    where TOut : class
{
    private BulkRunner<TIn, TOut>? _runner;

    /// <summary>The most calls in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>The words of the progress bar, such as "Binding virtual IPs".</summary>
    internal abstract string ProgressActivity { get; }

    /// <summary>Builds the runner of this call, with this call's throttle limit and stop token.</summary>
    internal abstract BulkRunner<TIn, TOut> CreateRunner();

    /// <summary>The target of the error record when <paramref name="input"/> fails.</summary>
    internal abstract object TargetOf(TIn input);

    /// <summary>Writes one call's result on the pipeline thread; overridden to explain it or to write its records one by one.</summary>
    internal virtual void WriteOutput(TOut output) => WriteObject(output);

    /// <summary>Starts a call and writes the results that are ready, in input order.</summary>
    internal void Post(TIn call)
    {
        var runner = _runner ??= CreateRunner();
        runner.Post(call);
        foreach (var result in runner.TakeReady())
            WriteResult(result);
        DrainLogs();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var runner = _runner;
        if (runner is null) return;
        var activityId = GetHashCode() & 0x7FFF_FFFF;
        var shown = false;
        try
        {
            foreach (var result in runner.Complete(PumpInterval, () =>
            {
                DrainLogs();
                WriteProgress(new ProgressRecord(activityId, ProgressActivity, ProgressText.Count(runner.Finished, runner.Posted, "NICs"))
                {
                    PercentComplete = ProgressText.Percent(runner.Finished, runner.Posted),
                });
                shown = true;
            }))
            {
                WriteResult(result);
            }
            DrainLogs();
        }
        finally
        {
            if (shown)
            {
                try
                {
                    WriteProgress(new ProgressRecord(activityId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
                }
                catch (PipelineStoppedException)
                {
                    // Stopping: the stop must not be replaced by this exception.
                }
            }
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        base.StopProcessing();
        _runner?.Cancel();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _runner is { } runner)
        {
            _runner = null;
            runner.Cancel();
            runner.Dispose();
        }
        base.Dispose(disposing);
    }

    private void WriteResult(BulkResult<TIn, TOut> result)
    {
        if (result.Error is { } error)
        {
            WriteEcsError(error, TargetOf(result.Input));
        }
        else if (result.Output is { } output)
        {
            // The request's own log lines (its debug lines, any retry) were queued before its result: they go first.
            DrainLogs();
            WriteOutput(output);
        }
    }
}
