using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// The ECS jobs. A job gets its duration from the settings when it is created, reads INIT then RUNNING, and is finished —
/// its work done and its status set — by the first read after it is due, so every read sees the jobs whose time has come
/// as done.
/// </summary>
internal sealed class JobEngine(CloudTables tables, IdSource ids, EmulatorClock clock, EmulatorSettings settings,
    NicJobWork work)
{
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly List<JobRecord> _pending = new();

    /// <summary>BatchAddServerNics: one addNic sub-job per NIC asked for.</summary>
    public JobRecord CreateAddNics(ServerRecord server,
        IReadOnlyList<(string SubnetId, string? PortId, string? Ip, IReadOnlyList<string> SecurityGroups)> nics) =>
        Submit(server, JobKind.AddNics, "addNicsForServer", () => nics.Select(n => new SubJobRecord
        {
            Id = ids.NewHexId(),
            JobType = "addNic",
            SubnetId = n.SubnetId,
            PortId = n.PortId,
            IpAddress = n.Ip,
            SecurityGroups = n.SecurityGroups,
        }).ToList());

    /// <summary>BatchDeleteServerNics: one deleteNic sub-job per NIC.</summary>
    public JobRecord CreateDeleteNics(ServerRecord server, IReadOnlyList<string> nicIds) =>
        Submit(server, JobKind.DeleteNics, "deleteNicsForServer",
            () => nicIds.Select(id => new SubJobRecord { Id = ids.NewHexId(), JobType = "deleteNic", NicId = id }).ToList());

    /// <summary>Renders a job under the state lock, so it cannot finish half-way through the rendering.</summary>
    public T? Read<T>(string jobId, Func<JobRecord, DateTimeOffset, T> render) where T : class
    {
        lock (tables.Gate)
        {
            var now = Advance();
            return _jobs.TryGetValue(jobId, out var job) ? render(job, now) : null;
        }
    }

    /// <summary>A job as it reads now, or null.</summary>
    public JobSnapshot? Snapshot(string jobId) => Read(jobId, (job, now) => job.ToSnapshot(now));

    /// <summary>Every job as it reads now, oldest first.</summary>
    public IReadOnlyList<JobSnapshot> Snapshots()
    {
        lock (tables.Gate)
        {
            var now = Advance();
            return _jobs.Values.OrderBy(j => j.Begin).Select(j => j.ToSnapshot(now)).ToArray();
        }
    }

    /// <summary>Finishes every job that is due, earliest first; returns the time it went by.</summary>
    public DateTimeOffset Advance()
    {
        lock (tables.Gate)
        {
            var now = clock.RealUtcNow;
            List<JobRecord>? due = null;
            foreach (var job in _pending)
            {
                if (job.Due <= now) (due ??= new List<JobRecord>()).Add(job);
            }
            if (due is null) return now;
            _pending.RemoveAll(j => j.Due <= now);
            foreach (var job in due.OrderBy(j => j.Due).ThenBy(j => j.Begin)) Finish(job);
            return now;
        }
    }

    /// <summary>Forgets every job.</summary>
    public void Clear()
    {
        lock (tables.Gate)
        {
            _jobs.Clear();
            _pending.Clear();
        }
    }

    // The duration is chosen outside the lock: the hook is the caller's code and may take its time.
    private JobRecord Submit(ServerRecord server, JobKind kind, string jobType, Func<List<SubJobRecord>> subJobs)
    {
        var duration = settings.NextJobDuration(jobType, server.Id);
        lock (tables.Gate)
        {
            var subs = subJobs();
            var job = new JobRecord
            {
                Id = ids.NewHexId(),
                Kind = kind,
                JobType = jobType,
                ServerId = server.Id,
                Begin = clock.RealUtcNow,
                Duration = duration,
                SubJobs = subs,
            };
            _jobs.Add(job.Id, job);
            _pending.Add(job);
            return job;
        }
    }

    // The job copies its first failing sub-job; the sub-jobs that succeeded keep their work.
    private void Finish(JobRecord job)
    {
        var server = tables.Servers[job.ServerId];
        if (job.Kind == JobKind.AddNics) work.AddNics(server, job);
        else work.DeleteNics(server, job);
        var failed = job.SubJobs.FirstOrDefault(s => s.Status == "FAIL");
        job.Status = failed is null ? "SUCCESS" : "FAIL";
        job.ErrorCode = failed?.ErrorCode;
        job.FailReason = failed?.FailReason;
        job.End = job.Due;
        job.Finalized = true;
    }
}
