using System;
using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;

namespace EcsNic.Commands;

/// <summary>
/// Deletes VPCs (DeleteVpc). A VPC that still has subnets is refused before anything is sent, with the cloud's code
/// VPC.0104 and the subnets named; the cloud refuses the same way if one appears in between.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "EcsVpc", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(EcsVpc))]
public sealed class RemoveEcsVpcCommand : VpcResourceCmdlet
{
    /// <summary>The VPC IDs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("vpc_id")]
    [ValidateNotNullOrEmpty]
    public string[] VpcId { get; set; } = Array.Empty<string>();

    /// <summary>Do not ask for confirmation. -WhatIf still previews, and an explicit -Confirm still asks.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the record of each deleted resource, as read just before the delete.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void Process() =>
        ForEachChecked(VpcId, v => VpcInputValidation.VpcId(v?.Trim()), (id, _) =>
        {
            if (ShouldProcessUnlessForced(Force.IsPresent, $"VPC {id}", "Delete")) Run(ct => Removals.RemoveVpcAsync(id, PassThru.IsPresent, ct));
        });
}
