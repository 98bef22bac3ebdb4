using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Text;

namespace EcsNic.Core.Workflows;

/// <summary>Turns the wait parameters of Wait-EcsJob and the -Wait switches into <see cref="JobWaiterOptions"/>.</summary>
public static class JobWaitSettings
{
    /// <summary>The default of -TimeoutSec: ten minutes, as Huawei's Terraform provider uses.</summary>
    public const int DefaultTimeoutSec = 600;

    /// <summary>
    /// Builds options; null values keep the waiter's defaults. The timeout applies to the whole wait and so to every job
    /// in it. A first poll delay above the cap raises the cap when the cap was not given, and is an error when it was.
    /// </summary>
    public static JobWaiterOptions Create(double? timeoutSec, double? pollIntervalSec, double? maxPollIntervalSec,
        double? maxRequestsPerSecond)
    {
        var options = new JobWaiterOptions();
        if (timeoutSec is { } timeout)
        {
            RequirePositive("TimeoutSec", timeout);
            options.Timeout = TimeSpan.FromSeconds(timeout);
        }
        if (maxPollIntervalSec is { } max)
        {
            RequirePositive("MaxPollIntervalSec", max);
            options.MaxInterval = TimeSpan.FromSeconds(max);
        }
        if (pollIntervalSec is { } poll)
        {
            RequirePositive("PollIntervalSec", poll);
            var first = TimeSpan.FromSeconds(poll);
            if (first > options.MaxInterval)
            {
                if (maxPollIntervalSec is not null)
                    throw new EcsValidationException("PollIntervalSec", Format(poll), $"is greater than {UserWords.Input(UserInput.MaxPollIntervalSec)} ({Format(maxPollIntervalSec.Value)}).");
                options.MaxInterval = first;
            }
            options.FirstDelay = first;
        }
        if (maxRequestsPerSecond is { } rps)
        {
            RequirePositive("MaxRequestsPerSecond", rps);
            options.MaxRequestsPerSecond = rps;
        }
        return options;
    }

    /// <summary>
    /// One message naming every job still pending when a wait timed out and its last known state, for the single
    /// timeout error Wait-EcsJob writes.
    /// </summary>
    public static string DescribeTimeout(IReadOnlyList<JobOutcome> timedOut, TimeSpan? timeout)
    {
        if (timedOut is null) throw new ArgumentNullException(nameof(timedOut));
        var jobs = timedOut.Select(o => $"{o.JobId} ({JobStatusText.Of(o.Job)})");
        var after = timeout is { } t ? $" after {Format(t.TotalSeconds)} s" : string.Empty;
        // What to do next is the error's recommended action; the message only says what happened.
        return $"Timed out{after} with {timedOut.Count} job(s) still pending: {string.Join(", ", jobs)}.";
    }

    /// <summary>The warning after Ctrl+C stopped a wait: the jobs go on, and how to wait for them again.</summary>
    public static string DescribeLeftRunning(IReadOnlyList<string> jobIds)
    {
        if (jobIds is null) throw new ArgumentNullException(nameof(jobIds));
        return $"Stopped waiting, but job(s) {ConfirmationText.List(jobIds)} were submitted and go on in the cloud. " +
               $"Wait for them with: {UserWords.Task(UserTask.WaitForJobs, UserWords.With(UserInput.JobId, string.Join(", ", jobIds)))}";
    }


    private static void RequirePositive(string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
            throw new EcsValidationException(name, Format(value), "must be a positive number of seconds.");
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
