using EcsNic.Core.Models;

namespace EcsNic.Core.Jobs;

/// <summary>
/// The one wording of a job's status in messages and progress: the JobStatus name the records show (Success, Fail...),
/// never the wire's SUCCESS/FAIL, and "waiting" for a status not read yet.
/// </summary>
public static class JobStatusText
{
    /// <summary>The words for <paramref name="status"/>.</summary>
    public static string Of(JobStatus status) => status == JobStatus.Unknown ? "waiting" : status.ToString();

    /// <summary>The words for the status of <paramref name="job"/>, or "never read" when there is no record.</summary>
    public static string Of(EcsJob? job) => job is null ? "never read" : Of(job.Status);
}
