using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>
/// The progress of a job wait as reports to a sink: one bar for the batch and, when there are few jobs, a child bar per
/// job still pending. Called from the waiter's loop, never concurrently.
/// </summary>
internal sealed class JobWaitProgress
{
    /// <summary>Above this many jobs only the batch bar is shown: dozens of bars help nobody.</summary>
    public const int MaxChildBars = 10;

    private readonly IOperationSink _sink;
    private readonly string _activity;
    private readonly ProgressLabels _labels;
    private readonly Dictionary<string, int> _childIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _shownChildren = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _finished = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _parentId;
    private readonly int _total;
    private bool _parentShown;

    public JobWaitProgress(IOperationSink sink, string activity, IReadOnlyList<string> jobIds, ProgressLabels labels)
    {
        _sink = sink;
        _activity = activity;
        _labels = labels;
        _total = jobIds.Count;
        _parentId = OperationProgress.NewIds(MaxChildBars + 1);
        if (_total > MaxChildBars) return;
        for (var i = 0; i < jobIds.Count; i++)
            _childIds[jobIds[i]] = _parentId + 1 + i;
    }

    public void Show(JobProgress progress)
    {
        var finished = Math.Max(progress.Finished, _finished.Count);
        _sink.Progress(new OperationProgress(_parentId, _activity, ProgressText.Count(finished, _total, _labels.Finished),
            ProgressText.Percent(finished, _total)));
        _parentShown = true;
        foreach (var job in progress.Pending)
        {
            if (!_childIds.TryGetValue(job.JobId, out var childId) || _finished.Contains(job.JobId)) continue;
            _sink.Progress(new OperationProgress(childId, $"{_labels.Item} {job.JobId}", _labels.Describe?.Invoke(job) ?? Describe(job),
                parentActivityId: _parentId));
            _shownChildren.Add(job.JobId);
        }
    }

    public void Finished(string jobId)
    {
        _finished.Add(jobId);
        if (_shownChildren.Remove(jobId) && _childIds.TryGetValue(jobId, out var childId))
            _sink.Progress(OperationProgress.Ended(childId, $"{_labels.Item} {jobId}", _parentId));
    }

    public void Complete()
    {
        foreach (var jobId in _shownChildren.ToArray())
            Finished(jobId);
        if (_parentShown)
            _sink.Progress(OperationProgress.Ended(_parentId, _activity));
    }

    private static string Describe(EcsJob job)
    {
        var status = JobStatusText.Of(job.Status);
        if (job.SubJobs.Length == 0) return status;
        var done = job.SubJobs.Count(s => s.Status is JobStatus.Success or JobStatus.Fail);
        return $"{status}, {done} of {job.SubJobs.Length} sub-jobs done";
    }
}
