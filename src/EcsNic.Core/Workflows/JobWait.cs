using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Waits for jobs (or anything whose state reads as a job) on the waiter's one budgeted loop, showing progress and handing
/// each outcome to the caller as soon as it ends; the one place job outcomes are turned into records and errors.
/// </summary>
public static class JobWait
{
    /// <summary>
    /// Waits for <paramref name="jobIds"/>, polling each with <paramref name="poll"/>. Each success goes to
    /// <paramref name="onSucceeded"/> (which may read more and report to the sink); each failure is an error whose target is
    /// <paramref name="targetOf"/>'s; the jobs still pending at the timeout are one <see cref="JobTimeoutException"/> error
    /// naming them all. <paramref name="failureOf"/> and <paramref name="timeoutOf"/> word those errors for other kinds of
    /// waits.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<string> jobIds, Func<string, CancellationToken, Task<EcsJob>> poll,
        JobWaiterOptions options, string activity, ProgressLabels labels, IOperationSink sink, Func<JobOutcome, CancellationToken, Task> onSucceeded,
        Func<JobOutcome, object?> targetOf, CancellationToken cancellationToken,
        Func<JobOutcome, Exception>? failureOf = null, Func<IReadOnlyList<JobOutcome>, Exception>? timeoutOf = null)
    {
        if (jobIds is null) throw new ArgumentNullException(nameof(jobIds));
        if (sink is null) throw new ArgumentNullException(nameof(sink));
        if (onSucceeded is null) throw new ArgumentNullException(nameof(onSucceeded));
        if (targetOf is null) throw new ArgumentNullException(nameof(targetOf));
        if (jobIds.Count == 0) return;

        var progress = new JobWaitProgress(sink, activity, jobIds, labels);
        var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var followUps = new List<Task>();
        var timedOut = new List<JobOutcome>();
        void Handle(JobOutcome outcome)
        {
            if (!handled.Add(outcome.JobId)) return;
            progress.Finished(outcome.JobId);
            switch (outcome.Kind)
            {
                case JobOutcomeKind.Succeeded:
                    followUps.Add(onSucceeded(outcome, cancellationToken));
                    break;
                case JobOutcomeKind.TimedOut:
                    timedOut.Add(outcome);
                    break;
                default:
                    sink.Error(failureOf?.Invoke(outcome) ?? outcome.Error ?? new EcsException($"Job {outcome.JobId} ended as {outcome.Kind}."),
                        targetOf(outcome));
                    break;
            }
        }

        try
        {
            var waiter = new JobWaiter(poll, options);
            var outcomes = await waiter.WaitAsync(jobIds, Handle, progress.Show, cancellationToken).ConfigureAwait(false);
            foreach (var outcome in outcomes) Handle(outcome);
            await Task.WhenAll(followUps).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        if (timedOut.Count > 0 && timeoutOf is not null)
        {
            sink.Error(timeoutOf(timedOut), timedOut.Select(targetOf).ToArray());
        }
        else if (timedOut.Count > 0)
        {
            var pending = timedOut.Select(o => o.Job ?? EcsJob.Submitted(o.JobId, null, null)).ToList();
            var error = new JobTimeoutException(pending, options.Timeout ?? TimeSpan.Zero,
                JobWaitSettings.DescribeTimeout(timedOut, options.Timeout));
            sink.Error(error, timedOut.Select(targetOf).ToArray());
        }
    }
}
