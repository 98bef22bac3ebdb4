using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// The progress of a job wait: one bar for the batch and, when there are few jobs, a child bar per job still pending.
/// Call only on the pipeline thread.
/// </summary>
internal sealed class JobProgressBars
{
    /// <summary>Above this many jobs only the batch bar is shown: dozens of bars help nobody.</summary>
    public const int MaxChildBars = 10;

    private static int _nextActivityId;

    private readonly Cmdlet _cmdlet;
    private readonly string _activity;
    private readonly Dictionary<string, int> _childIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _shownChildren = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _parentId;
    private readonly int _total;
    private readonly ProgressLabels _labels;
    private bool _parentShown;

    public JobProgressBars(Cmdlet cmdlet, string activity, IReadOnlyList<string> jobIds, ProgressLabels? labels = null)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _labels = labels ?? ProgressLabels.Jobs;
        _total = jobIds.Count;
        // Distinct IDs per wait, so that two waits in one pipeline do not overwrite each other's bars.
        _parentId = 0x4543_0000 + (Interlocked.Increment(ref _nextActivityId) % 0x1000) * (MaxChildBars + 1);
        if (_total <= MaxChildBars)
        {
            for (var i = 0; i < jobIds.Count; i++)
                _childIds[jobIds[i]] = _parentId + 1 + i;
        }
    }

    public void Show(JobProgress? progress, int finishedSoFar)
    {
        var finished = Math.Max(progress?.Finished ?? 0, finishedSoFar);
        _cmdlet.WriteProgress(new ProgressRecord(_parentId, _activity, ProgressText.Count(finished, _total, _labels.Finished))
        {
            PercentComplete = ProgressText.Percent(finished, _total),
        });
        _parentShown = true;
        if (progress is null) return;
        foreach (var job in progress.Pending)
        {
            if (!_childIds.TryGetValue(job.JobId, out var childId)) continue;
            _cmdlet.WriteProgress(new ProgressRecord(childId, $"{_labels.Item} {job.JobId}", _labels.Describe?.Invoke(job) ?? Describe(job))
            {
                ParentActivityId = _parentId,
            });
            _shownChildren.Add(job.JobId);
        }
    }

    public void Finished(string jobId)
    {
        if (_shownChildren.Remove(jobId) && _childIds.TryGetValue(jobId, out var childId))
            _cmdlet.WriteProgress(Completed(childId, $"{_labels.Item} {jobId}", _parentId));
    }

    public void Complete()
    {
        try
        {
            foreach (var jobId in _shownChildren.ToArray())
                Finished(jobId);
            if (_parentShown)
                _cmdlet.WriteProgress(Completed(_parentId, _activity, -1));
        }
        catch (PipelineStoppedException)
        {
            // Stopping: the host clears progress itself, and the stop must not be replaced by this exception.
        }
    }

    private static ProgressRecord Completed(int id, string activity, int parentId) =>
        new(id, activity, "Done") { RecordType = ProgressRecordType.Completed, ParentActivityId = parentId };

    private static string Describe(EcsJob job)
    {
        var status = job.Status == JobStatus.Unknown ? "waiting" : job.Status.ToString();
        if (job.SubJobs.Length == 0) return status;
        var done = job.SubJobs.Count(s => s.Status is JobStatus.Success or JobStatus.Fail);
        return $"{status}, {done} of {job.SubJobs.Length} sub-jobs done";
    }
}

/// <summary>The words of a wait's progress bars: the item ("Job", "Subnet"), the count ("jobs finished") and each item's state.</summary>
internal sealed class ProgressLabels
{
    public static readonly ProgressLabels Jobs = new("Job", "jobs finished", null);

    public ProgressLabels(string item, string finished, Func<EcsJob, string>? describe)
    {
        Item = item;
        Finished = finished;
        Describe = describe;
    }

    public string Item { get; }

    public string Finished { get; }

    public Func<EcsJob, string>? Describe { get; }
}
