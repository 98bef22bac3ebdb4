using System;
using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>An ECS job as it reads at the moment of the snapshot.</summary>
public sealed record JobSnapshot(
    string Id,
    string JobType,
    string Status,
    string ServerId,
    TimeSpan Duration,
    string? ErrorCode,
    string? FailReason,
    IReadOnlyList<SubJobSnapshot> SubJobs);
