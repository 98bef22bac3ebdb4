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
        Func<JobOutcome, Exception>? failureOf = null, Func<IReadOnlyList<JobOutcome>, Exception>? timeoutOf = null,
        Func<IReadOnlyList<string>, string>? leftRunning = null)
    {
        var describeLeftRunning = leftRunning ?? JobWaitSettings.DescribeLeftRunning;
        if (jobIds.Count == 0) return;
        var client = Client;
        try
        {
            Run(ct => JobWait.RunAsync(jobIds, poll ?? client.PollJobAsync, options, activity, labels ?? ProgressLabels.Jobs, Sink,
                onSucceeded, targetOf, ct, failureOf, timeoutOf));
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            WarnLeftRunning(describeLeftRunning(jobIds));
            throw new PipelineStoppedException();
        }
        catch (PipelineStoppedException)
        {
            WarnLeftRunning(describeLeftRunning(jobIds));
            throw;
        }
    }

    /// <summary>
    /// On Ctrl+C during a wait, tells the user (through the host, as the pipeline no longer takes records) what goes on in
    /// the cloud (jobs submitted, resources created) and how to follow it.
    /// </summary>
    private void WarnLeftRunning(string message)
    {
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
