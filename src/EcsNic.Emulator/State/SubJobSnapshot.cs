namespace EcsNic.Emulator.State;

/// <summary>A sub-job of an ECS job.</summary>
public sealed record SubJobSnapshot(string Id, string JobType, string Status, string? NicId, string? ErrorCode, string? FailReason);
