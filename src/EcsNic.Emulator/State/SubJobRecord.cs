using System;
using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>One NIC of a job: what was asked for, and once the job finishes, how it went.</summary>
internal sealed class SubJobRecord
{
    public required string Id { get; init; }
    public required string JobType { get; init; }
    public string? SubnetId { get; init; }
    public string? PortId { get; init; }
    public string? IpAddress { get; init; }
    public IReadOnlyList<string> SecurityGroups { get; init; } = Array.Empty<string>();
    public string? Status { get; set; }
    public string? NicId { get; set; }
    public string? ErrorCode { get; set; }
    public string? FailReason { get; set; }

    /// <summary>Marks the sub-job failed with an ECS error code and reason.</summary>
    public void Fail(string code, string reason)
    {
        Status = "FAIL";
        ErrorCode = code;
        FailReason = reason;
    }
}
