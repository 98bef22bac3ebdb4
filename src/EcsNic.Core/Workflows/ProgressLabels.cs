using System;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>The words of a wait's progress bars: the item ("Job", "Subnet"), the count ("jobs finished") and each item's state.</summary>
public sealed class ProgressLabels
{
    /// <summary>The labels of an ECS job wait.</summary>
    public static readonly ProgressLabels Jobs = new("Job", "jobs finished", null);

    /// <summary>Creates the labels.</summary>
    public ProgressLabels(string item, string finished, Func<EcsJob, string>? describe)
    {
        Item = item;
        Finished = finished;
        Describe = describe;
    }

    /// <summary>What one item is called, such as "Job".</summary>
    public string Item { get; }

    /// <summary>The count's noun, such as "jobs finished".</summary>
    public string Finished { get; }

    /// <summary>Words an item's state, or null for the job's status and sub-jobs.</summary>
    public Func<EcsJob, string>? Describe { get; }
}
