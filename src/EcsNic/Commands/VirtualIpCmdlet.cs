using System.Management.Automation;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// The bulk behaviour of Set-EcsNicVirtualIp and Remove-EcsNicVirtualIp: piped records start work as they arrive, up to
/// -ThrottleLimit at once; calls on the same NIC or virtual IP port run in turn, also against other EcsNic cmdlets running at
/// the same time in the session; results come out in input order; one failed record is a non-terminating error and the
/// rest go on.
/// </summary>
public abstract class VirtualIpCmdlet : EcsCmdlet
{
    private BulkRunner<VirtualIpCall, VirtualIpBinding>? _runner;

    /// <summary>The most calls in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>The words of the progress bar, such as "Binding virtual IPs".</summary>
    internal abstract string ProgressActivity { get; }

    /// <summary>Starts a call and writes the results that are ready, in input order.</summary>
    internal void Post(VirtualIpCall call)
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

    // The session's key coordinator orders these calls against those of any other cmdlet running at the same time.
    private BulkRunner<VirtualIpCall, VirtualIpBinding> CreateRunner() =>
        VirtualIpBulk.CreateRunner(Client, Logger,
            new BulkOptions { ThrottleLimit = ThrottleLimit, Coordinator = EcsSession.Default.KeyCoordinator }, StopToken);

    private void WriteResult(BulkResult<VirtualIpCall, VirtualIpBinding> result)
    {
        if (result.Error is { } error)
        {
            WriteEcsError(error, result.Input.Target);
        }
        else if (result.Output is { } output)
        {
            // Log lines (requests, retries) are written before the record they explain.
            DrainLogs();
            WriteObject(output);
        }
    }
}
