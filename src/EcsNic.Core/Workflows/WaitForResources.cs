using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Errors;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Text;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Waits, on the job waiter's one budgeted loop, until every resource is usable (as its <see cref="ResourceWait{T}"/>
/// tells it), handing each ready record on as soon as it is; one that can never become usable is an error, and those
/// still not usable at the timeout are named in one error.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class WaitForResources<T>
    where T : class
{
    private readonly ResourceWait<T> _wait;
    private readonly IOperationSink _sink;
    private readonly Action<T> _onReady;
    private readonly int _timeoutSec;
    private readonly ConcurrentDictionary<string, T> _latest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Prepares the wait for <paramref name="resources"/>; each ready record goes to <paramref name="onReady"/>, by default
    /// the sink's output. <paramref name="clock"/> replaces the waiter's clock (tests).
    /// </summary>
    public WaitForResources(ResourceWait<T> wait, IReadOnlyList<T> resources, int timeoutSec, IOperationSink sink,
        Action<T>? onReady = null, IClock? clock = null)
    {
        _wait = wait ?? throw new ArgumentNullException(nameof(wait));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        if (resources is null) throw new ArgumentNullException(nameof(resources));
        _onReady = onReady ?? (record => sink.Output(record));
        _timeoutSec = timeoutSec;
        var ids = new List<string>();
        foreach (var resource in resources)
        {
            var id = wait.IdOf(resource);
            if (!_latest.ContainsKey(id)) ids.Add(id);
            _latest[id] = resource;
        }
        Ids = ids;
        Options = JobWaitSettings.Create(timeoutSec, ResourceWaits.FirstPollSec, ResourceWaits.MaxPollSec, null);
        if (clock is not null) Options.Clock = clock;
        var kind = wait.Kind.Substring(0, 1).ToUpperInvariant() + wait.Kind.Substring(1);
        Labels = new ProgressLabels(kind, $"{wait.Kind}s {wait.ReadyState}",
            job => job.Status == JobStatus.Running ? "waiting" : job.Status.ToString());
        Activity = $"Waiting for {ids.Count} new {wait.Kind}(s) to be {wait.ReadyState}";
    }

    /// <summary>The IDs waited for, each once, in the order the resources came.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The waiter's schedule: a first poll after a second, then growing to three seconds, within the timeout.</summary>
    public JobWaiterOptions Options { get; }

    /// <summary>The progress activity.</summary>
    public string Activity { get; }

    /// <summary>The progress labels.</summary>
    public ProgressLabels Labels { get; }

    /// <summary>Waits for them all, reporting to the sink; returns when each is ready, failed or timed out.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Ids.Count == 0
            ? Task.CompletedTask
            : JobWait.RunAsync(Ids, PollAsync, Options, Activity, Labels, _sink, ReadyAsync, TargetOf, cancellationToken, FailureOf, TimeoutOf);

    /// <summary>Reads the resource once and tells its state as a job.</summary>
    public async Task<EcsJob> PollAsync(string id, CancellationToken cancellationToken)
    {
        var record = await _wait.Poll(id, cancellationToken).ConfigureAwait(false);
        _latest[id] = record;
        return _wait.Readiness(record);
    }

    /// <summary>Hands the record of a resource that became usable on.</summary>
    public Task ReadyAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome is null) throw new ArgumentNullException(nameof(outcome));
        _onReady(_latest[outcome.JobId]);
        return Task.CompletedTask;
    }

    /// <summary>The target of an error about a resource: its latest record.</summary>
    public object TargetOf(JobOutcome outcome) => _latest[(outcome ?? throw new ArgumentNullException(nameof(outcome))).JobId];

    /// <summary>The error of a resource that can never become usable, with the code of its state, or of a failed read.</summary>
    public Exception FailureOf(JobOutcome outcome)
    {
        if (outcome is null) throw new ArgumentNullException(nameof(outcome));
        var record = _latest[outcome.JobId];
        if (outcome.Kind != JobOutcomeKind.Failed)
            return outcome.Error ?? new EcsException($"Waiting for {_wait.Kind} {outcome.JobId} ended as {outcome.Kind}.");
        var job = outcome.Job;
        return new EcsRefusalException(job?.ErrorCode ?? EcsErrorIds.JobFailed, EcsErrorKind.InvalidOperation,
            (job?.FailReason ?? $"The {_wait.Kind} {outcome.JobId} cannot become {_wait.ReadyState}.") + " " + _wait.HowToCheck(record),
            _wait.HowToCheck(record));
    }

    /// <summary>
    /// What a stop during the wait leaves: the resources were created and may still become usable; how to check one. Never
    /// a job to wait for: there is none.
    /// </summary>
    public string DescribeLeftRunning(IReadOnlyList<string> ids)
    {
        if (ids is null || ids.Count == 0) throw new ArgumentException("No resource was waited for.", nameof(ids));
        return $"Stopped waiting, but {_wait.Kind}(s) {ConfirmationText.List(ids)} were created and may still become " +
               $"{_wait.ReadyState}. {_wait.HowToCheck(_latest[ids[0]])}";
    }

    /// <summary>The one error naming every resource still not usable at the timeout, with its name and state.</summary>
    public Exception TimeoutOf(IReadOnlyList<JobOutcome> timedOut)
    {
        if (timedOut is null || timedOut.Count == 0) throw new ArgumentException("No resource timed out.", nameof(timedOut));
        var records = timedOut.Select(o => _latest[o.JobId]).ToList();
        var names = string.Join(", ", records.Select(r => $"{_wait.IdOf(r)} ({_wait.Describe(r)})"));
        return new EcsRefusalException(ResourceWaits.TimeoutErrorId, EcsErrorKind.OperationTimeout,
            $"Timed out after {_timeoutSec.ToString(CultureInfo.InvariantCulture)} s with {records.Count} {_wait.Kind}(s) " +
            $"still not {_wait.ReadyState}: {names}. They were created and may still become {_wait.ReadyState}.",
            _wait.HowToCheck(records[0]) + $" Wait longer with {UserWords.Input(UserInput.TimeoutSec)}.");
    }
}
