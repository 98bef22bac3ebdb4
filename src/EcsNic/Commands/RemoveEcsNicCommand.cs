using System;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Deletes NICs (VPC ports; DeletePort). A NIC that a server still uses is refused before anything is sent, with the
/// cloud's code VPC.2500 and the server named: detach it first with Remove-EcsServerNic. Virtual IP ports can be deleted.
/// </summary>
/// <remarks>-PortId has no "Id" alias: with a high-impact delete, a foreign record's Id must never be taken for a port.</remarks>
[Cmdlet(VerbsCommon.Remove, "EcsNic", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(VpcPort))]
public sealed class RemoveEcsNicCommand : VpcResourceCmdlet
{
    /// <summary>The NIC (port) IDs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("NicId", "port_id")]
    [ArgumentCompleter(typeof(NicIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] PortId { get; set; } = Array.Empty<string>();

    /// <summary>Do not ask for confirmation. -WhatIf still previews, and an explicit -Confirm still asks.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the record of each deleted resource, as read just before the delete.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void Process()
    {
        foreach (var value in PortId)
        {
            string id;
            try
            {
                id = EcsArguments.PortId("PortId", value);
            }
            catch (EcsValidationException ex)
            {
                WriteEcsError(ex, value);
                continue;
            }
            if (!ShouldProcessUnlessForced(Force.IsPresent, $"NIC {id}", "Delete")) continue;
            try
            {
                var port = Run(ct => Client.GetPortAsync(id, ct));
                if (port.IsAttached || (!string.IsNullOrEmpty(port.DeviceOwner) && !port.IsVirtualIp))
                {
                    var user = port.IsAttached ? $"server {port.DeviceId}" : port.DeviceOwner;
                    WriteRefusal("VPC.2500",
                        $"NIC {id} ({port.PrimaryIp ?? "no address"}) is still used by {user} (device_owner {port.DeviceOwner}). Nothing was deleted.",
                        port,
                        port.IsAttached
                            ? $"Detach it first: Remove-EcsServerNic -ServerId {port.DeviceId} -NicId {id} -Wait."
                            : "Only free NICs and virtual IP ports can be deleted.");
                    continue;
                }
                Run(async ct =>
                {
                    await Client.DeletePortAsync(id, ct).ConfigureAwait(false);
                    return true;
                });
                if (PassThru.IsPresent) WriteObject(port);
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                WriteEcsError(ex, id);
            }
        }
        Drain();
    }
}
