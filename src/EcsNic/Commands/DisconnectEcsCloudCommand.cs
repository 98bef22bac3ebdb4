using System.Management.Automation;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Clears the session defaults set by Connect-EcsCloud and drops the cached clients. Other credential sources
/// (environment variables, KooCLI profile, instance metadata) still apply afterwards.
/// </summary>
/// <remarks>It takes none of the connection parameters, so it derives from PSCmdlet rather than the EcsNic base.</remarks>
[Cmdlet(VerbsCommunications.Disconnect, "EcsCloud")]
[OutputType(typeof(EcsConnectionInfo))]
public sealed class DisconnectEcsCloudCommand : PSCmdlet
{
    /// <summary>Emit the connection that was cleared, if there was one.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var previous = EcsSession.Default.Disconnect();
        if (previous is null)
            WriteVerbose("No session default was set.");
        else if (PassThru.IsPresent)
            WriteObject(previous);
    }
}
