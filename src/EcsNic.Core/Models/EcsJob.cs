using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EcsNic.Core.Models;

/// <summary>The status of an ECS job.</summary>
public enum JobStatus
{
    /// <summary>A status this version does not know; treated as still pending.</summary>
    Unknown,
    /// <summary>INIT: queued.</summary>
    Init,
    /// <summary>RUNNING.</summary>
    Running,
    /// <summary>SUCCESS: finished well.</summary>
    Success,
    /// <summary>FAIL: finished with an error.</summary>
    Fail,
    /// <summary>PENDING_PAYMENT: waiting for an order to be paid; still pending.</summary>
    PendingPayment,
}

/// <summary>A sub-job of an ECS job: for NIC jobs, one per NIC.</summary>
public sealed class EcsSubJob
{
    /// <summary>Creates the record.</summary>
    public EcsSubJob(string jobId, string? jobType, JobStatus status, string? nicId, string? errorCode, string? failReason)
    {
        JobId = jobId;
        JobType = jobType;
        Status = status;
        NicId = nicId;
        ErrorCode = errorCode;
        FailReason = failReason;
    }

    /// <summary>The sub-job ID.</summary>
    public string JobId { get; }

    /// <summary>The sub-job type.</summary>
    public string? JobType { get; }

    /// <summary>The status.</summary>
    public JobStatus Status { get; }

    /// <summary>The NIC it created or removed.</summary>
    public string? NicId { get; }

    /// <summary>The error code of a failure.</summary>
    public string? ErrorCode { get; }

    /// <summary>The reason of a failure.</summary>
    public string? FailReason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{JobId} {Status}";
}

/// <summary>An ECS asynchronous job, as Add-EcsServerNic, Get-EcsJob and Wait-EcsJob emit it.</summary>
public sealed class EcsJob
{
    /// <summary>Creates the record.</summary>
    public EcsJob(string jobId, string? jobType, JobStatus status, string? serverId, DateTimeOffset? beginTime,
        DateTimeOffset? endTime, string? errorCode, string? failReason, IReadOnlyList<EcsSubJob> subJobs)
    {
        JobId = jobId;
        JobType = jobType;
        Status = status;
        ServerId = serverId;
        BeginTime = beginTime;
        EndTime = endTime;
        ErrorCode = errorCode;
        FailReason = failReason;
        SubJobs = subJobs.ToArray();
    }

    /// <summary>The job ID.</summary>
    public string JobId { get; }

    /// <summary>The job type, such as batchAddNics.</summary>
    public string? JobType { get; }

    /// <summary>The status.</summary>
    public JobStatus Status { get; }

    /// <summary>The server the job acts on.</summary>
    public string? ServerId { get; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? BeginTime { get; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndTime { get; }

    /// <summary>The error code of a failed job.</summary>
    public string? ErrorCode { get; }

    /// <summary>The reason of a failed job.</summary>
    public string? FailReason { get; }

    /// <summary>The sub-jobs.</summary>
    public EcsSubJob[] SubJobs { get; }

    /// <summary>The NIC IDs the sub-jobs name (the new NICs, after a successful attach).</summary>
    public string[] NicIds => SubJobs.Where(s => !string.IsNullOrEmpty(s.NicId)).Select(s => s.NicId!).ToArray();

    /// <summary>True once the job has reached SUCCESS or FAIL.</summary>
    public bool IsFinished => Status is JobStatus.Success or JobStatus.Fail;

    /// <summary>Parses a wire status; unknown values map to <see cref="JobStatus.Unknown"/>.</summary>
    public static JobStatus ParseStatus(string? status) => status?.Trim().ToUpperInvariant() switch
    {
        "INIT" => JobStatus.Init,
        "RUNNING" => JobStatus.Running,
        "SUCCESS" => JobStatus.Success,
        "FAIL" => JobStatus.Fail,
        "PENDING_PAYMENT" => JobStatus.PendingPayment,
        _ => JobStatus.Unknown,
    };

    /// <summary>Builds the record from the wire shape. <paramref name="jobId"/> is used when the body has none.</summary>
    public static EcsJob FromWire(string jobId, JobResponse wire, string? serverId = null)
    {
        if (wire is null) throw new ArgumentNullException(nameof(wire));
        var subJobs = (wire.Entities?.SubJobs ?? new List<SubJobWire>())
            .Select(s => new EcsSubJob(s.JobId ?? string.Empty, s.JobType, ParseStatus(s.Status), s.Entities?.NicId,
                s.ErrorCode, s.FailReason ?? s.Entities?.ErrorcodeMessage))
            .ToList();
        if (subJobs.Count == 0 && !string.IsNullOrEmpty(wire.Entities?.NicId))
            subJobs.Add(new EcsSubJob(wire.JobId ?? jobId, wire.JobType, ParseStatus(wire.Status), wire.Entities!.NicId, null, null));
        return new EcsJob(string.IsNullOrEmpty(wire.JobId) ? jobId : wire.JobId!, wire.JobType, ParseStatus(wire.Status),
            wire.Entities?.ServerId ?? serverId, ParseTime(wire.BeginTime), ParseTime(wire.EndTime), wire.ErrorCode,
            wire.FailReason, subJobs);
    }

    /// <summary>A job record for a job that was just submitted and not yet polled.</summary>
    public static EcsJob Submitted(string jobId, string? jobType, string? serverId) =>
        new(jobId, jobType, JobStatus.Init, serverId, null, null, null, null, Array.Empty<EcsSubJob>());

    /// <inheritdoc />
    public override string ToString() => $"{JobId} {Status}";

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
