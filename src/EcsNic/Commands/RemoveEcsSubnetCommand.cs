using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;

namespace EcsNic.Commands;

/// <summary>
/// Deletes subnets (DeleteSubnet). A subnet that still holds ports is refused before anything is sent, with the cloud's
/// code (VPC.0209 when a server uses one, VPC.0208 for other private IPs such as free NICs and virtual IPs) and the ports
/// named.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "EcsSubnet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(EcsSubnet))]
public sealed class RemoveEcsSubnetCommand : VpcResourceCmdlet
{
    /// <summary>The subnet (network) ID.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("NetworkId", "subnet_id")]
    [ValidateNotNullOrEmpty]
    public string SubnetId { get; set; } = string.Empty;

    /// <summary>The subnet's VPC, which the delete call names; read from the subnet when not given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("vpc_id")]
    [ValidateNotNullOrEmpty]
    public string? VpcId { get; set; }

    /// <summary>Do not ask for confirmation. -WhatIf still previews, and an explicit -Confirm still asks.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the record of each deleted resource, as read just before the delete.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override object? ErrorTarget => SubnetId;

    /// <inheritdoc />
    protected override void Process()
    {
        var subnetId = EcsArguments.SubnetId("SubnetId", SubnetId);
        var vpcId = VpcId is null ? null : VpcInputValidation.VpcId(VpcId.Trim());
        if (ShouldProcessUnlessForced(Force.IsPresent, $"subnet {subnetId}", "Delete"))
            Run(ct => Removals.RemoveSubnetAsync(subnetId, vpcId, PassThru.IsPresent, ct));
    }
}
