using System.Threading;

namespace EcsNic.Core.Workflows;

/// <summary>One progress report: an activity (with a parent for per-item bars), its status text and percentage, or its end.</summary>
public sealed class OperationProgress
{
    private static int _nextId;

    /// <summary>Creates a report.</summary>
    public OperationProgress(int activityId, string activity, string status, int percentComplete = -1, int parentActivityId = -1,
        bool completed = false)
    {
        ActivityId = activityId;
        Activity = activity;
        Status = status;
        PercentComplete = percentComplete;
        ParentActivityId = parentActivityId;
        Completed = completed;
    }

    /// <summary>The activity's ID, unique while it is shown.</summary>
    public int ActivityId { get; }

    /// <summary>The activity, such as "Binding virtual IPs".</summary>
    public string Activity { get; }

    /// <summary>Its state, such as "3 of 10 NICs".</summary>
    public string Status { get; }

    /// <summary>0 to 100, or -1 when unknown.</summary>
    public int PercentComplete { get; }

    /// <summary>The parent activity, or -1.</summary>
    public int ParentActivityId { get; }

    /// <summary>True when the activity has ended and its bar goes away.</summary>
    public bool Completed { get; }

    /// <summary>The end of an activity: its bar goes away.</summary>
    public static OperationProgress Ended(int activityId, string activity, int parentActivityId = -1) =>
        new(activityId, activity, "Done", -1, parentActivityId, completed: true);

    /// <summary>
    /// A block of <paramref name="count"/> fresh activity IDs, so that two operations in one pipeline never overwrite each
    /// other's bars.
    /// </summary>
    public static int NewIds(int count) => 0x4543_0000 + ((Interlocked.Add(ref _nextId, count) - count) & 0xFFFF);
}
