using System.Collections.Generic;
using System.Management.Automation;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// The base of New-EcsVpc, New-EcsSubnet and New-EcsNic: -Wait and -TimeoutSec, and one wait at the end for every
/// resource the call created, on the job waiter's budgeted loop, so that piped creations are waited for together.
/// </summary>
/// <typeparam name="T">The record the cmdlet creates.</typeparam>
public abstract class VpcCreateCmdlet<T> : VpcResourceCmdlet
    where T : class
{
    private readonly List<T> _created = new();

    /// <summary>Wait until each created resource is usable before returning it.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = JobWaitSettings.DefaultTimeoutSec;

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
        WaitUntilUsable(_created, Readiness(), TimeoutSec, Sink.Output);
        Drain();
    }
}
