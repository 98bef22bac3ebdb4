using System;
using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>An ECS job row: created with its duration, finished (work done, status set) once it is due.</summary>
internal sealed class JobRecord
{
    public required string Id { get; init; }
    public required JobKind Kind { get; init; }
    public required string JobType { get; init; }
    public required string ServerId { get; init; }
    public required DateTimeOffset Begin { get; init; }
    public required TimeSpan Duration { get; init; }
    public required List<SubJobRecord> SubJobs { get; init; }
    public bool Finalized { get; set; }
    public DateTimeOffset? End { get; set; }
    public string? Status { get; set; }
    public string? ErrorCode { get; set; }
    public string? FailReason { get; set; }

    public DateTimeOffset Due => Begin + Duration;

    /// <summary>INIT for the first fifth of the duration (at most a second), RUNNING until done.</summary>
    public string StatusAt(DateTimeOffset realNow)
    {
        if (Finalized) return Status!;
        var init = TimeSpan.FromTicks(Math.Min(Duration.Ticks / 5, TimeSpan.TicksPerSecond));
        return realNow - Begin < init ? "INIT" : "RUNNING";
    }

    public JobSnapshot ToSnapshot(DateTimeOffset realNow)
    {
        var status = StatusAt(realNow);
        var subs = new List<SubJobSnapshot>(SubJobs.Count);
        foreach (var s in SubJobs)
            subs.Add(new SubJobSnapshot(s.Id, s.JobType, Finalized ? s.Status! : status,
                Finalized || Kind == JobKind.DeleteNics ? s.NicId : null,
                s.ErrorCode, s.FailReason));
        return new JobSnapshot(Id, JobType, status, ServerId, Duration, ErrorCode, FailReason, subs);
    }
}
