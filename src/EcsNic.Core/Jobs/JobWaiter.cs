using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Http;
using EcsNic.Core.Models;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Jobs;

/// <summary>Settings of a <see cref="JobWaiter"/>.</summary>
/// <remarks>
/// <para>
/// The defaults (first poll after 2 s, then 3 s, 3 s, ... at most 10 polls per second overall) were chosen for the
/// workload Add-EcsServerNic produces: NIC jobs that take from about 5 s to a minute, sometimes a hundred at once.
/// </para>
/// <para>
/// Under the budget, a job cannot be polled more often than every (pending jobs / MaxRequestsPerSecond) seconds:
/// 100 pending jobs at 10 polls per second means each is seen every 10 s however the schedule is tuned. So with many
/// jobs the waiter is budget-bound, polls round-robin (the job due longest goes first) and the detection lag is about
/// half that period; as jobs finish the period shrinks until the per-job schedule takes over. The schedule therefore
/// matters only for the last few dozen jobs and for small waits, and there a short cap gives a short lag. A cap of
/// 3 s keeps the lag of those below 3 s while a job that runs for a minute in a 100-job wait still gets at most about
/// 13 polls (the round-robin phase polls each job rarely); a cap of 2 s would reach the 15-poll limit, and 5 s would
/// double the typical lag of the tail. A first delay of 2 s skips polls that could only say INIT, and growing from
/// 2 s by 1.5 reaches the cap at the second interval, so no job is polled at a rate the cap does not allow.
/// </para>
/// <para>
/// Simulated with 100 jobs finishing uniformly between 5 s and 60 s, 150 ms per poll and 10 polls per second: median
/// detection lag about 2.6 s, worst about 10 s (the budget floor for 100 jobs), at most 13 polls per job and
/// about 520 polls in all. With thousands of jobs the waiter degrades the same way: every job is still polled, each
/// less often, and the request rate never goes above the budget.
/// </para>
/// </remarks>
public sealed class JobWaiterOptions
{
    /// <summary>The lowest accepted <see cref="MaxRequestsPerSecond"/>: one poll every 100 s.</summary>
    public const double MinRequestsPerSecond = 0.01;

    /// <summary>The wait before a job's first poll.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The cap of one job's poll interval.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The factor each interval grows by.</summary>
    public double BackoffFactor { get; set; } = 1.5;

    /// <summary>The global budget: polls per second across all jobs, never exceeded.</summary>
    public double MaxRequestsPerSecond { get; set; } = 10;

    /// <summary>How long the wait may take, counted from when it starts (so for every job alike); null for no limit.</summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromMinutes(10);

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

    /// <inheritdoc />
    public override string ToString() => $"{JobId} {Kind}";
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
    /// <remarks>ECS often leaves the batch job's own fields empty and puts the cause on the sub-job of the NIC that failed.</remarks>
    public string? ErrorCode => ErrorCodeOf(Job);

    /// <summary>The job's fail reason, or the first failed sub-job's.</summary>
    public string? FailReason => FailReasonOf(Job);

    /// <summary>Builds the exception for a job that ended in FAIL, or in SUCCESS with failed sub-jobs.</summary>
    public static JobFailedException For(EcsJob job)
    {
        if (job is null) throw new ArgumentNullException(nameof(job));
        var failedSubJobs = job.SubJobs.Where(s => s.Status == JobStatus.Fail).ToList();
        var text = new StringBuilder();
        text.Append("Job ").Append(job.JobId);
        if (!string.IsNullOrEmpty(job.JobType)) text.Append(" (").Append(job.JobType).Append(')');
        if (!string.IsNullOrEmpty(job.ServerId)) text.Append(" on server ").Append(job.ServerId);
        var code = ErrorCodeOf(job);
        var reason = Sentence(FailReasonOf(job));
        if (job.Status == JobStatus.Fail)
        {
            text.Append(" failed");
            if (code is not null) text.Append(": ").Append(code);
            if (reason is not null) text.Append(": ").Append(reason);
            if (code is null && reason is null) text.Append(" without an error code or reason");
        }
        else
        {
            text.Append(" reported ").Append(job.Status).Append(", but ")
                .Append(failedSubJobs.Count.ToString(CultureInfo.InvariantCulture)).Append(" of ")
                .Append(job.SubJobs.Length.ToString(CultureInfo.InvariantCulture)).Append(" sub-jobs failed");
        }

        // What happened to each NIC: a batch that fails on one NIC may still have done the others.
        var done = job.SubJobs.Where(s => s.Status == JobStatus.Success && !string.IsNullOrEmpty(s.NicId)).Select(s => s.NicId!).ToList();
        var notDone = job.SubJobs.Where(s => s.Status != JobStatus.Success).ToList();
        if (done.Count > 0 || notDone.Count > 0)
        {
            text.Append(". ");
            if (done.Count > 0) text.Append("Done for NIC ").Append(string.Join(", ", done)).Append("; not done for ");
            else text.Append("Not done for ");
            text.Append(notDone.Count == 0 ? "any other" : string.Join(", ", notDone.Select(sub =>
                (string.IsNullOrEmpty(sub.NicId) ? "sub-job " + sub.JobId : "NIC " + sub.NicId) + DescribeSubJobFailure(sub, code, reason))));
        }

        text.Append('.');
        return new JobFailedException(job, text.ToString());
    }

    // A sub-job's cause only when it differs from the job's own, so the same sentence is never printed twice.
    private static string DescribeSubJobFailure(EcsSubJob sub, string? jobCode, string? jobReason)
    {
        var subReason = Sentence(sub.FailReason);
        var sameCode = string.IsNullOrEmpty(sub.ErrorCode) || string.Equals(sub.ErrorCode, jobCode, StringComparison.Ordinal);
        var sameReason = subReason is null || string.Equals(subReason, jobReason, StringComparison.Ordinal);
        if (sameCode && sameReason) return sub.Status == JobStatus.Fail ? string.Empty : " (" + sub.Status + ")";
        var text = new StringBuilder(" (");
        text.Append(string.IsNullOrEmpty(sub.ErrorCode) ? "no error code" : sub.ErrorCode);
        if (subReason is not null) text.Append(": ").Append(subReason);
        return text.Append(')').ToString();
    }

    // A reason without its closing full stop, so that the message ends in exactly one.
    private static string? Sentence(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        return reason!.Trim().TrimEnd('.', ' ');
    }

    private static string? ErrorCodeOf(EcsJob job) => FirstNonEmpty(job.ErrorCode, job.SubJobs, s => s.ErrorCode);

    private static string? FailReasonOf(EcsJob job) => FirstNonEmpty(job.FailReason, job.SubJobs, s => s.FailReason);

    // Each field on its own: the first failed sub-job that gives one, so a code without a reason still shows.
    private static string? FirstNonEmpty(string? own, EcsSubJob[] subJobs, Func<EcsSubJob, string?> field)
    {
        if (!string.IsNullOrEmpty(own)) return own;
        return subJobs.Where(s => s.Status == JobStatus.Fail).Select(field).FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }
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
/// <remarks>
/// <para>
/// Each job is due <see cref="JobWaiterOptions.FirstDelay"/> after the wait starts, then each interval (counted from
/// when the previous poll answered) is the last one times <see cref="JobWaiterOptions.BackoffFactor"/>, at most
/// <see cref="JobWaiterOptions.MaxInterval"/>. With a first delay of zero the first poll is at once and the intervals
/// grow from 1 s (or the cap, if smaller).
/// </para>
/// <para>
/// The budget is a spacing on the clock: two poll starts are always more than 1/<see cref="JobWaiterOptions.MaxRequestsPerSecond"/>
/// apart, so no window of one second, open or closed, holds more than the budget. A token bucket would allow bursts
/// at the window edges; the spacing costs nothing here because polls are short. When more jobs are due than the
/// budget allows, the one that has been due longest goes first, so every job keeps being polled. Polls still overlap
/// when one takes longer than the spacing. The budget counts calls of getJob: retries inside it (for example an
/// HTTP pipeline's own retry of a 503) are not seen.
/// </para>
/// <para>
/// Transient poll errors (as <see cref="Http.ResponseClassifier.IsTransient(Exception)"/> decides: transient error
/// answers, HttpRequestException, IOException, timeouts, <see cref="OutcomeUnknownException"/>) are retried on the job's schedule; any other error ends that job as
/// <see cref="JobOutcomeKind.PollFailed"/>. Duplicate job IDs (compared ordinally) are waited for once: they share one
/// outcome, which appears at each of their positions, and <c>onFinished</c> is called once for them.
/// </para>
/// <para>
/// A <see cref="JobTimeoutException"/> message reads like "2 jobs still pending after 00:10:00: ff80...70 RUNNING,
/// ff80...71 INIT (not polled yet)", adding the last poll error when there was one; it names at most 100 jobs and
/// counts the rest, while <see cref="JobTimeoutException.StillPending"/> holds them all.
/// </para>
/// </remarks>
public sealed class JobWaiter
{
    private const int MaxJobsNamedInTimeout = 100;
    private static readonly TimeSpan MaxSingleDelay = TimeSpan.FromHours(1);

    private readonly Func<string, CancellationToken, Task<EcsJob>> _getJob;
    private readonly IClock _clock;
    private readonly TimeSpan _firstDelay;
    private readonly TimeSpan _secondInterval;
    private readonly TimeSpan _maxInterval;
    private readonly double _backoffFactor;
    private readonly TimeSpan _spacing;
    private readonly TimeSpan? _timeout;

    /// <summary>Creates a waiter that polls with <paramref name="getJob"/> (normally EcsClient.PollJobAsync, which makes one attempt per poll so the budget holds on the wire).</summary>
    /// <remarks>The options are read once, here; changing them afterwards does not affect this waiter.</remarks>
    /// <exception cref="EcsValidationException">An option is out of range.</exception>
    public JobWaiter(Func<string, CancellationToken, Task<EcsJob>> getJob, JobWaiterOptions options)
    {
        _getJob = getJob ?? throw new ArgumentNullException(nameof(getJob));
        if (options is null) throw new ArgumentNullException(nameof(options));
        _clock = options.Clock ?? throw new EcsValidationException(nameof(JobWaiterOptions.Clock), null, "is required.");
        if (options.FirstDelay < TimeSpan.Zero)
            throw new EcsValidationException(nameof(JobWaiterOptions.FirstDelay), Format(options.FirstDelay), "must not be negative.");
        if (options.MaxInterval <= TimeSpan.Zero)
            throw new EcsValidationException(nameof(JobWaiterOptions.MaxInterval), Format(options.MaxInterval), "must be positive.");
        if (double.IsNaN(options.BackoffFactor) || double.IsInfinity(options.BackoffFactor) || options.BackoffFactor < 1)
        {
            throw new EcsValidationException(nameof(JobWaiterOptions.BackoffFactor),
                options.BackoffFactor.ToString(CultureInfo.InvariantCulture), "must be a finite number of at least 1.");
        }

        var rate = options.MaxRequestsPerSecond;
        if (double.IsNaN(rate) || double.IsInfinity(rate) || rate < JobWaiterOptions.MinRequestsPerSecond)
        {
            throw new EcsValidationException(nameof(JobWaiterOptions.MaxRequestsPerSecond), rate.ToString(CultureInfo.InvariantCulture),
                $"must be a finite number of at least {JobWaiterOptions.MinRequestsPerSecond.ToString(CultureInfo.InvariantCulture)}.");
        }

        ValidateTimeout(nameof(JobWaiterOptions.Timeout), options.Timeout);

        _firstDelay = options.FirstDelay;
        _maxInterval = options.MaxInterval;
        _backoffFactor = options.BackoffFactor;
        _secondInterval = _firstDelay > TimeSpan.Zero ? Grow(_firstDelay) : Min(TimeSpan.FromSeconds(1), _maxInterval);
        // One tick more than 1/rate: rate spacings then always exceed one second, so even a closed one-second window
        // cannot hold rate + 1 starts, and TimeSpan's rounding can never shorten a spacing.
        _spacing = TimeSpan.FromTicks((long)Math.Floor(TimeSpan.TicksPerSecond / rate) + 1);
        _timeout = options.Timeout;
    }

    /// <summary>
    /// Waits for every job. <paramref name="onFinished"/> is called once per job as its wait ends, from the waiter's loop;
    /// <paramref name="onProgress"/> after each round of polls. Returns the outcomes in the order of <paramref name="jobIds"/>.
    /// </summary>
    /// <remarks>
    /// The callbacks run on the waiter's loop, which after the first await is a thread-pool thread, never concurrently
    /// with each other; a PowerShell caller must hand their data to the pipeline thread. An exception from a callback
    /// ends the wait with that exception. Per-job timeouts count from the start of this call, like the overall one, so
    /// the shorter of the two applies to every job; when it runs out every job still pending ends as
    /// <see cref="JobOutcomeKind.TimedOut"/> at once.
    /// </remarks>
    /// <exception cref="EcsValidationException">A job ID is null, empty or white space.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<IReadOnlyList<JobOutcome>> WaitAsync(IReadOnlyList<string> jobIds, Action<JobOutcome>? onFinished,
        Action<JobProgress>? onProgress, CancellationToken cancellationToken)
    {
        if (jobIds is null) throw new ArgumentNullException(nameof(jobIds));
        var jobs = new List<JobState>();
        var byId = new Dictionary<string, JobState>(StringComparer.Ordinal);
        var positions = new JobState[jobIds.Count];
        for (var i = 0; i < jobIds.Count; i++)
        {
            var id = jobIds[i];
            if (string.IsNullOrWhiteSpace(id))
                throw new EcsValidationException("JobId", id, $"at position {i.ToString(CultureInfo.InvariantCulture)} is empty.");
            if (!byId.TryGetValue(id, out var state))
            {
                byId[id] = state = new JobState(id);
                jobs.Add(state);
            }

            positions[i] = state;
        }

        return WaitCoreAsync(jobs, positions, onFinished, onProgress, cancellationToken);
    }


    private async Task<IReadOnlyList<JobOutcome>> WaitCoreAsync(List<JobState> jobs, JobState[] positions,
        Action<JobOutcome>? onFinished, Action<JobProgress>? onProgress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (jobs.Count == 0) return Array.Empty<JobOutcome>();

        var start = _clock.UtcNow;
        DateTimeOffset? deadline = _timeout is { } timeout ? AddSaturating(start, timeout) : null;
        foreach (var job in jobs)
        {
            job.Due = AddSaturating(start, _firstDelay);
            job.NextInterval = _secondInterval;
        }

        var pending = jobs.Count;
        var inFlight = new List<Task<PollResult>>();
        var nextStart = DateTimeOffset.MinValue;
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loopCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var cancelRegistration = cancellationToken.Register(() => cancelled.TrySetResult(true));
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = _clock.UtcNow;
                var changed = false;

                if (inFlight.Count > 0)
                {
                    var stillRunning = new List<Task<PollResult>>(inFlight.Count);
                    foreach (var task in inFlight)
                    {
                        if (!task.IsCompleted)
                        {
                            stillRunning.Add(task);
                            continue;
                        }

                        var poll = task.Result;
                        poll.Job.InFlight = false;
                        poll.Job.PollCts = null;
                        if (poll.Job.Outcome is not null) continue;
                        changed = true;
                        if (Absorb(poll, now, cancellationToken) is { } outcome)
                        {
                            pending--;
                            onFinished?.Invoke(outcome);
                        }
                    }

                    inFlight = stillRunning;
                }

                if (deadline is { } end && now >= end && pending > 0)
                {
                    changed = true;
                    foreach (var outcome in TimeOutPending(jobs, _timeout!.Value))
                    {
                        pending--;
                        onFinished?.Invoke(outcome);
                    }
                }

                if (changed) onProgress?.Invoke(Snapshot(jobs, pending));
                if (pending == 0) break;

                if (now >= nextStart && PickMostOverdue(jobs, now) is { } next)
                {
                    next.InFlight = true;
                    next.Polls++;
                    next.PollCts = CancellationTokenSource.CreateLinkedTokenSource(loopCts.Token);
                    // Spaced from the moment the call goes out, read again, so the work above cannot eat into the spacing.
                    nextStart = _clock.UtcNow + _spacing;
                    inFlight.Add(PollAsync(next, next.PollCts));
                    // Straight round again: a poll that answered synchronously is absorbed before any waiting.
                    continue;
                }

                DateTimeOffset? wake = deadline;
                foreach (var job in jobs)
                {
                    if (job.Outcome is not null || job.InFlight) continue;
                    var due = job.Due > nextStart ? job.Due : nextStart;
                    if (wake is null || due < wake) wake = due;
                }

                var waits = new List<Task>(inFlight.Count + 2) { cancelled.Task };
                waits.AddRange(inFlight);
                CancellationTokenSource? delayCts = null;
                if (wake is { } wakeAt)
                {
                    if (wakeAt <= now) continue;
                    delayCts = CancellationTokenSource.CreateLinkedTokenSource(loopCts.Token);
                    // Capped because Task.Delay rejects delays beyond about 24 days; the loop simply waits again.
                    var delay = wakeAt - now;
                    waits.Add(_clock.Delay(delay > MaxSingleDelay ? MaxSingleDelay : delay, delayCts.Token));
                }

                try
                {
                    await Task.WhenAny(waits).ConfigureAwait(false);
                }
                finally
                {
                    // A poll that answered first leaves the timer behind; cancelling it frees the timer.
                    delayCts?.Cancel();
                    delayCts?.Dispose();
                }
            }
        }
        finally
        {
            // Polls of timed-out jobs, or every poll when cancelled or a callback threw: stop them now.
            loopCts.Cancel();
        }

        return positions.Select(p => p.Outcome!).ToArray();
    }

    private JobOutcome? Absorb(PollResult poll, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = poll.Job;
        if (poll.Error is null && poll.Record is { } record)
        {
            job.Last = record;
            job.Polled = true;
            job.LastError = null;
            var failedSubJob = record.SubJobs.Any(s => s.Status == JobStatus.Fail);
            if (record.Status == JobStatus.Fail || (record.Status == JobStatus.Success && failedSubJob))
                return job.End(JobOutcomeKind.Failed, JobFailedException.For(record));
            if (record.Status == JobStatus.Success) return job.End(JobOutcomeKind.Succeeded, null);
            // INIT, RUNNING, PENDING_PAYMENT and statuses this version does not know: still pending.
            Reschedule(job, now);
            return null;
        }

        var error = poll.Error ?? new EcsException($"Polling job {job.Id} returned no job record.");
        if (error is OperationCanceledException) cancellationToken.ThrowIfCancellationRequested();
        if (ResponseClassifier.IsTransient(error))
        {
            job.LastError = error;
            Reschedule(job, now);
            return null;
        }

        var failure = error as EcsException ?? new EcsException($"Polling job {job.Id} failed: {error.Message}", error);
        return job.End(JobOutcomeKind.PollFailed, failure);
    }

    private void Reschedule(JobState job, DateTimeOffset now)
    {
        job.Due = AddSaturating(now, job.NextInterval);
        job.NextInterval = Grow(job.NextInterval);
    }

    private static List<JobOutcome> TimeOutPending(List<JobState> jobs, TimeSpan timeout)
    {
        var expired = jobs.Where(j => j.Outcome is null).ToList();
        var stillPending = expired.Select(j => j.Last).ToArray();
        var text = new StringBuilder();
        text.Append(expired.Count.ToString(CultureInfo.InvariantCulture))
            .Append(expired.Count == 1 ? " job" : " jobs").Append(" still pending after ")
            .Append(timeout.ToString("c", CultureInfo.InvariantCulture)).Append(": ");
        text.Append(string.Join(", ", expired.Take(MaxJobsNamedInTimeout).Select(DescribePending)));
        if (expired.Count > MaxJobsNamedInTimeout)
            text.Append(", and ").Append((expired.Count - MaxJobsNamedInTimeout).ToString(CultureInfo.InvariantCulture)).Append(" more");
        var message = text.ToString();

        var outcomes = new List<JobOutcome>(expired.Count);
        foreach (var job in expired)
        {
            if (job.PollCts is { } pollCts)
            {
                try
                {
                    pollCts.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The poll ended meanwhile.
                }
            }

            outcomes.Add(job.End(JobOutcomeKind.TimedOut, new JobTimeoutException(stillPending, timeout, message)));
        }

        return outcomes;
    }

    private static string DescribePending(JobState job)
    {
        var text = job.Id + " " + JobStatusText.Of(job.Last.Status);
        if (job.Polls == 0) return text + " (not polled yet)";
        if (job.LastError is not { } error) return text;
        var what = error is EcsApiException api
            ? $"HTTP {api.StatusCode.ToString(CultureInfo.InvariantCulture)} {api.ErrorCode}"
            : error.GetType().Name;
        return text + (job.Polled ? " (last poll failed: " : " (no answer yet; last poll failed: ") + what + ")";
    }

    private static JobState? PickMostOverdue(List<JobState> jobs, DateTimeOffset now)
    {
        JobState? pick = null;
        foreach (var job in jobs)
        {
            // Strictly earlier wins, so ties go to the job listed first: the order stays deterministic.
            if (job.Outcome is null && !job.InFlight && job.Due <= now && (pick is null || job.Due < pick.Due)) pick = job;
        }

        return pick;
    }

    private async Task<PollResult> PollAsync(JobState job, CancellationTokenSource pollCts)
    {
        try
        {
            var record = await _getJob(job.Id, pollCts.Token).ConfigureAwait(false);
            return new PollResult(job, record, null);
        }
        catch (Exception ex)
        {
            return new PollResult(job, null, ex);
        }
        finally
        {
            pollCts.Dispose();
        }
    }

    private static JobProgress Snapshot(List<JobState> jobs, int pending) =>
        new(jobs.Count, jobs.Count - pending, jobs.Where(j => j.Outcome is null).Select(j => j.Last).ToArray());

    private TimeSpan Grow(TimeSpan interval)
    {
        var grown = interval.Ticks * _backoffFactor;
        return grown >= _maxInterval.Ticks ? _maxInterval : TimeSpan.FromTicks((long)grown);
    }

    private static DateTimeOffset AddSaturating(DateTimeOffset at, TimeSpan by) =>
        by >= DateTimeOffset.MaxValue - at ? DateTimeOffset.MaxValue : at + by;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static void ValidateTimeout(string name, TimeSpan? value)
    {
        if (value is { } timeout && timeout <= TimeSpan.Zero)
            throw new EcsValidationException(name, Format(timeout), "must be positive, or null for no limit.");
    }

    private sealed class JobState
    {
        public JobState(string id)
        {
            Id = id;
            Last = EcsJob.Submitted(id, null, null);
        }

        public string Id { get; }

        public EcsJob Last { get; set; }

        public bool Polled { get; set; }

        public Exception? LastError { get; set; }

        public DateTimeOffset Due { get; set; }

        public TimeSpan NextInterval { get; set; }

        public int Polls { get; set; }

        public bool InFlight { get; set; }

        public CancellationTokenSource? PollCts { get; set; }

        public JobOutcome? Outcome { get; private set; }

        public JobOutcome End(JobOutcomeKind kind, EcsException? error)
        {
            Outcome = new JobOutcome(Id, kind, Polled ? Last : null, error, Polls);
            return Outcome;
        }
    }

    private sealed class PollResult
    {
        public PollResult(JobState job, EcsJob? record, Exception? error)
        {
            Job = job;
            Record = record;
            Error = error;
        }

        public JobState Job { get; }

        public EcsJob? Record { get; }

        public Exception? Error { get; }
    }
}
