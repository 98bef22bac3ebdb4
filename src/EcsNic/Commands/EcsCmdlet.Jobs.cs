using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>Waiting for jobs on the waiter's one loop, and what to tell the user when Ctrl+C stops a wait.</summary>
public abstract partial class EcsCmdlet
{
    /// <summary>
    /// Waits for jobs (or, with <paramref name="poll"/>, anything whose state reads as a job) on the waiter's one loop,
    /// writing each outcome as it comes (<see cref="JobWait"/>); on Ctrl+C, says which jobs go on in the cloud.
    /// </summary>
    private protected void WaitForJobs(IReadOnlyList<string> jobIds, JobWaiterOptions options, string activity,
        Func<JobOutcome, CancellationToken, Task> onSucceeded, Func<JobOutcome, object?> targetOf,
        Func<string, CancellationToken, Task<EcsJob>>? poll = null, ProgressLabels? labels = null,
        Func<JobOutcome, Exception>? failureOf = null, Func<IReadOnlyList<JobOutcome>, Exception>? timeoutOf = null)
    {
        if (jobIds.Count == 0) return;
        var client = Client;
        try
        {
            Run(ct => JobWait.RunAsync(jobIds, poll ?? client.PollJobAsync, options, activity, labels ?? ProgressLabels.Jobs, Sink,
                onSucceeded, targetOf, ct, failureOf, timeoutOf));
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            WarnJobsLeftRunning(jobIds);
            throw new PipelineStoppedException();
        }
        catch (PipelineStoppedException)
        {
            WarnJobsLeftRunning(jobIds);
            throw;
        }
    }

    /// <summary>
    /// On Ctrl+C during a wait, tells the user (through the host, as the pipeline no longer takes records) which jobs were
    /// submitted and go on in the cloud, and how to wait for them.
    /// </summary>
    private void WarnJobsLeftRunning(IReadOnlyList<string> jobIds)
    {
        if (jobIds is null || jobIds.Count == 0) return;
        var message = JobWaitSettings.DescribeLeftRunning(jobIds);
        try
        {
            Host?.UI?.WriteWarningLine(message);
        }
        catch (Exception ex) when (ex is System.Management.Automation.Host.HostException or NotImplementedException or PipelineStoppedException)
        {
            // A host without a console: the job IDs were on the verbose stream when submitted.
        }
    }
}
