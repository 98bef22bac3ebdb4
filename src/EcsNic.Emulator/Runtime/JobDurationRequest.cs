namespace EcsNic.Emulator.Runtime;

/// <summary>What a job-duration hook is told about the job being created.</summary>
/// <param name="JobType">The job type, <c>addNicsForServer</c> or <c>deleteNicsForServer</c>.</param>
/// <param name="ServerId">The server the job works on.</param>
/// <param name="Sequence">How many jobs this emulator created before this one (0 for the first).</param>
public sealed record JobDurationRequest(string JobType, string ServerId, long Sequence);
