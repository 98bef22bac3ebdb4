using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;

namespace EcsNic.Core.Tests.Jobs;

/// <summary>
/// A fake ShowJob: each job follows a script of its status over virtual time (time since the fake was created), and
/// every poll is recorded with its virtual timestamp. Answers synchronously, so with an auto-advancing FakeClock a
/// whole wait runs instantly and deterministically.
/// </summary>
public sealed class ScriptedJobs
{
    private readonly Dictionary<string, Func<TimeSpan, int, EcsJob>> _scripts = new();
    private readonly Dictionary<string, int> _pollCount = new();
    private readonly object _gate = new();

    public ScriptedJobs(FakeClock? clock = null)
    {
        Clock = clock ?? new FakeClock();
        Start = Clock.UtcNow;
    }

    public FakeClock Clock { get; }

    public DateTimeOffset Start { get; }

    public List<(string Id, TimeSpan At)> Polls { get; } = new();

    /// <summary>Runs before each scripted answer (after the poll is recorded); lets a test cancel mid-wait.</summary>
    public Action<string, int>? OnPoll { get; set; }

    public IReadOnlyList<TimeSpan> PollTimes(string id) => Polls.Where(p => p.Id == id).Select(p => p.At).ToList();

    /// <summary>RUNNING until <paramref name="at"/>, then <paramref name="final"/> (SUCCESS by default).</summary>
    public ScriptedJobs FinishesAt(string id, TimeSpan at, EcsJob? final = null, JobStatus before = JobStatus.Running) =>
        Script(id, (elapsed, _) => elapsed >= at ? final ?? Job(id, JobStatus.Success) : Job(id, before));

    public ScriptedJobs NeverFinishes(string id, JobStatus status = JobStatus.Running) =>
        Script(id, (_, _) => Job(id, status));

    public ScriptedJobs Script(string id, Func<TimeSpan, int, EcsJob> script)
    {
        _scripts[id] = script;
        return this;
    }

    public Task<EcsJob> GetJobAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int n;
        lock (_gate)
        {
            _pollCount.TryGetValue(id, out n);
            _pollCount[id] = ++n;
            Polls.Add((id, Clock.UtcNow - Start));
        }

        OnPoll?.Invoke(id, n);
        try
        {
            if (!_scripts.TryGetValue(id, out var script)) throw new InvalidOperationException($"no script for {id}");
            return Task.FromResult(script(Clock.UtcNow - Start, n));
        }
        catch (Exception ex)
        {
            return Task.FromException<EcsJob>(ex);
        }
    }

    public static EcsJob Job(string id, JobStatus status, string? errorCode = null, string? failReason = null,
        params EcsSubJob[] subJobs) =>
        new(id, "batchAddNics", status, "srv-1", null, null, errorCode, failReason, subJobs);

    public static EcsSubJob Sub(string id, JobStatus status, string? nicId = null, string? errorCode = null,
        string? failReason = null) =>
        new(id, "attachNic", status, nicId, errorCode, failReason);

    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
