using System.Management.Automation;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// The base of the cmdlets that can wait for what they started (jobs, or new resources until usable): -Wait and
/// -TimeoutSec, the timeout of the one wait for everything the call started.
/// </summary>
public abstract class JobCmdlet : EcsCmdlet
{
    /// <summary>Wait until what the call started is done before returning it.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = JobWaitSettings.DefaultTimeoutSec;
}
