using System;
using System.Threading.Tasks;

namespace EcsNic.Core.Session;

/// <summary>
/// Blocks the pipeline thread on background work while still doing pipeline-thread chores (writing queued log lines,
/// refreshing progress) at a steady interval.
/// </summary>
public static class PipelinePump
{
    /// <summary>
    /// Waits for <paramref name="task"/>, calling <paramref name="onTick"/> on this thread about every
    /// <paramref name="interval"/> and once more at the end; returns the result or rethrows the task's own exception
    /// (not an AggregateException).
    /// </summary>
    public static T Wait<T>(Task<T> task, TimeSpan interval, Action? onTick)
    {
        Wait((Task)task, interval, onTick);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for <paramref name="task"/> like <see cref="Wait{T}"/>, for a task without a result.</summary>
    public static void Wait(Task task, TimeSpan interval, Action? onTick)
    {
        if (task is null) throw new ArgumentNullException(nameof(task));
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");
        while (!task.IsCompleted)
        {
            try
            {
                task.Wait(interval);
            }
            catch (AggregateException)
            {
                // Completed with an error; GetResult below rethrows it unwrapped.
            }
            onTick?.Invoke();
        }
        task.GetAwaiter().GetResult();
    }
}
