using System;
using System.Linq;
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
    protected override void Process()
    {
        foreach (var value in VpcId)
        {
            string id;
            try
            {
                id = VpcInputValidation.VpcId(value?.Trim());
            }
            catch (EcsValidationException ex)
            {
                WriteEcsError(ex, value);
                continue;
            }
            if (!ShouldProcessUnlessForced(Force.IsPresent, $"VPC {id}", "Delete")) continue;
            try
            {
                var subnets = Run(ct => Client.ListSubnetsAsync(id, ct));
                if (subnets.Count > 0)
                {
                    WriteRefusal("VPC.0104",
                        $"VPC {id} still has {subnets.Count} subnet(s): " +
                        string.Join(", ", subnets.Select(s => $"{s.SubnetId} ('{s.Name}', {s.Cidr})")) + ". Nothing was deleted.",
                        id, $"Delete the subnets first: Get-EcsSubnet -VpcId {id} | Remove-EcsSubnet -Force.");
                    continue;
                }
                var before = PassThru.IsPresent ? Run(ct => Client.GetVpcAsync(id, ct)) : null;
                Run(async ct =>
                {
                    await Client.DeleteVpcAsync(id, ct).ConfigureAwait(false);
                    return true;
                });
                if (before is not null) WriteObject(before);
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                WriteEcsError(ex, id);
            }
        }
        Drain();
    }
}
