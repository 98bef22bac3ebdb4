using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Jobs;

// CONTRACT STUB: the public shape below is fixed; the job work replaces the bodies.

/// <summary>Settings of a <see cref="JobWaiter"/>.</summary>
public sealed class JobWaiterOptions
{
    /// <summary>The wait before a job's first poll.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of one job's poll interval.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The factor each interval grows by.</summary>
    public double BackoffFactor { get; set; } = 1.5;

    /// <summary>The global budget: polls per second across all jobs, never exceeded.</summary>
    public double MaxRequestsPerSecond { get; set; } = 10;

    /// <summary>How long one job may take, counted from when waiting starts; null for no limit.</summary>
    public TimeSpan? PerJobTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the whole wait may take; null for no limit.</summary>
    public TimeSpan? OverallTimeout { get; set; }

    /// <summary>The clock to read and wait on.</summary>
    public IClock Clock { get; set; } = SystemClock.Instance;
}

/// <summary>How one job's wait ended.</summary>
public enum JobOutcomeKind
{
    /// <summary>The job reached SUCCESS.</summary>
    Succeeded,
    /// <summary>The job reached FAIL, or a sub-job did.</summary>
    Failed,
    /// <summary>The job was still pending when a timeout ran out.</summary>
    TimedOut,
    /// <summary>Polling the job failed with a non-transient error (for example the job does not exist).</summary>
    PollFailed,
}

/// <summary>The end of one job's wait.</summary>
public sealed class JobOutcome
{
    /// <summary>Creates the record.</summary>
    public JobOutcome(string jobId, JobOutcomeKind kind, EcsJob? job, EcsException? error, int polls)
    {
        JobId = jobId;
        Kind = kind;
        Job = job;
        Error = error;
        Polls = polls;
    }

    /// <summary>The job ID.</summary>
    public string JobId { get; }

    /// <summary>How the wait ended.</summary>
    public JobOutcomeKind Kind { get; }

    /// <summary>The last job record seen, if any.</summary>
    public EcsJob? Job { get; }

    /// <summary>The failure: a <see cref="JobFailedException"/>, a <see cref="JobTimeoutException"/> or the poll error.</summary>
    public EcsException? Error { get; }

    /// <summary>How many polls this job took.</summary>
    public int Polls { get; }
}

/// <summary>A snapshot of a wait, for progress display.</summary>
public sealed class JobProgress
{
    /// <summary>Creates the record.</summary>
    public JobProgress(int total, int finished, IReadOnlyList<EcsJob> pending)
    {
        Total = total;
        Finished = finished;
        Pending = pending;
    }

    /// <summary>Jobs in the wait.</summary>
    public int Total { get; }

    /// <summary>Jobs whose wait has ended.</summary>
    public int Finished { get; }

    /// <summary>The last record seen of each job still pending.</summary>
    public IReadOnlyList<EcsJob> Pending { get; }
}

/// <summary>A job ended in FAIL. Carries the job's and its sub-jobs' error codes and reasons.</summary>
public sealed class JobFailedException : EcsException
{
    /// <summary>Creates the exception.</summary>
    public JobFailedException(EcsJob job, string message) : base(message)
    {
        Job = job;
    }

    /// <summary>The failed job.</summary>
    public EcsJob Job { get; }

    /// <summary>The job's error code, or the first failed sub-job's.</summary>
    public string? ErrorCode => throw new NotImplementedException();

    /// <summary>The job's fail reason, or the first failed sub-job's.</summary>
    public string? FailReason => throw new NotImplementedException();
}

/// <summary>A timeout ran out while jobs were pending; names each and its last state.</summary>
public sealed class JobTimeoutException : EcsException
{
    /// <summary>Creates the exception.</summary>
    public JobTimeoutException(IReadOnlyList<EcsJob> stillPending, TimeSpan timeout, string message) : base(message)
    {
        StillPending = stillPending;
        Timeout = timeout;
    }

    /// <summary>The last record of each job still pending.</summary>
    public IReadOnlyList<EcsJob> StillPending { get; }

    /// <summary>The timeout that ran out.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>
/// Waits for many ECS jobs on one loop: per-job backoff, one global request budget, transient poll errors retried,
/// per-job and overall timeouts, and cancellation that stops every poll at once. Knows nothing of PowerShell.
/// </summary>
public sealed class JobWaiter
{
    /// <summary>Creates a waiter that polls with <paramref name="getJob"/> (normally EcsClient.GetJobAsync).</summary>
    public JobWaiter(Func<string, CancellationToken, Task<EcsJob>> getJob, JobWaiterOptions options) =>
        throw new NotImplementedException();

    /// <summary>
    /// Waits for every job. <paramref name="onFinished"/> is called once per job as its wait ends, from the waiter's loop;
    /// <paramref name="onProgress"/> after each round of polls. Returns the outcomes in the order of <paramref name="jobIds"/>.
    /// </summary>
    public Task<IReadOnlyList<JobOutcome>> WaitAsync(IReadOnlyList<string> jobIds, Action<JobOutcome>? onFinished,
        Action<JobProgress>? onProgress, CancellationToken cancellationToken) => throw new NotImplementedException();
}
