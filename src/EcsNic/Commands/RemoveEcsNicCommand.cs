using System;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;

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
    protected override void Process() =>
        ForEachChecked(PortId, v => EcsArguments.PortId("PortId", v), (id, _) =>
        {
            if (ShouldProcessUnlessForced(Force.IsPresent, $"NIC {id}", "Delete")) Run(ct => Removals.RemovePortAsync(id, PassThru.IsPresent, ct));
        });
}
