using System;
using System.Linq;
using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

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
    protected override void Process()
    {
        string subnetId;
        string? vpcId;
        try
        {
            subnetId = EcsArguments.SubnetId("SubnetId", SubnetId);
            vpcId = VpcId is null ? null : VpcInputValidation.VpcId(VpcId.Trim());
        }
        catch (EcsValidationException ex)
        {
            WriteEcsError(ex, SubnetId);
            return;
        }
        if (!ShouldProcessUnlessForced(Force.IsPresent, $"subnet {subnetId}", "Delete")) return;
        try
        {
            var before = vpcId is null || PassThru.IsPresent ? Run(ct => Client.GetSubnetAsync(subnetId, ct)) : null;
            vpcId ??= before?.VpcId ?? string.Empty;
            var ports = Run(ct => Client.ListPortsAsync(new PortFilter { NetworkId = subnetId }, ct));
            var used = ports.Where(p => p.IsAttached).ToArray();
            if (ports.Count > 0)
            {
                var code = used.Length > 0 ? "VPC.0209" : "VPC.0208";
                var shown = used.Length > 0 ? used : ports.ToArray();
                WriteRefusal(code,
                    $"Subnet {subnetId} still holds {ports.Count} port(s)" +
                    (used.Length > 0 ? $", {used.Length} of them used by servers: " : ": ") +
                    string.Join(", ", shown.Select(Describe)) + ". Nothing was deleted.",
                    subnetId,
                    used.Length > 0
                        ? "Detach the NICs from their servers first (Remove-EcsServerNic), then delete the remaining ports: " +
                          $"Get-EcsNic -SubnetId {subnetId} | Remove-EcsNic -Force."
                        : $"Delete the ports first: Get-EcsNic -SubnetId {subnetId} | Remove-EcsNic -Force.");
                return;
            }
            var vpc = vpcId;
            Run(async ct =>
            {
                await Client.DeleteSubnetAsync(vpc, subnetId, ct).ConfigureAwait(false);
                return true;
            });
            if (PassThru.IsPresent && before is not null) WriteObject(before);
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, subnetId);
        }
        Drain();
    }

    private static string Describe(VpcPort port) =>
        $"{port.PortId} ({port.PrimaryIp ?? "no address"}" +
        (port.IsAttached ? $", server {port.DeviceId}" : port.IsVirtualIp ? ", virtual IP" : ", not attached") + ")";
}
