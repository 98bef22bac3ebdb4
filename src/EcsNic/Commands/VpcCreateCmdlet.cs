using System.Collections.Generic;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// The base of New-EcsVpc, New-EcsSubnet and New-EcsNic: the checks of what a creation builds on, and with -Wait one wait
/// at the end for every resource the call created, on the job waiter's budgeted loop, so that piped creations are waited
/// for together.
/// </summary>
/// <typeparam name="T">The record the cmdlet creates.</typeparam>
public abstract class VpcCreateCmdlet<T> : JobCmdlet
    where T : class
{
    private readonly List<T> _created = new();
    private CreateVpcResources? _plans;

    /// <summary>The checks of what the creation builds on, made on first use.</summary>
    protected CreateVpcResources Plans => _plans ??= new CreateVpcResources(Client, Sink, TimeoutSec);

    /// <summary>When the created resource counts as usable, and how to read it again.</summary>
    protected abstract ResourceWait<T> Readiness();

    /// <summary>Writes a created resource now, or, with -Wait, keeps it for the wait at the end.</summary>
    protected void WriteCreated(T resource)
    {
        if (Wait.IsPresent) _created.Add(resource);
        else WriteObject(resource);
    }

    /// <inheritdoc />
    protected override void End()
    {
        var wait = new WaitForResources<T>(Readiness(), _created, TimeoutSec, Sink);
        // WaitForJobs, so that Ctrl+C says what was created and goes on in the cloud.
        WaitForJobs(wait.Ids, wait.Options, wait.Activity, wait.ReadyAsync, wait.TargetOf, wait.PollAsync, wait.Labels,
            wait.FailureOf, wait.TimeoutOf, wait.DescribeLeftRunning);
    }
}
