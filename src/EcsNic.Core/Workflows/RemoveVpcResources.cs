using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Errors;
using EcsNic.Core.Models;
using EcsNic.Core.Text;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Deletes VPCs, subnets and NICs, each only once nothing is in it or uses it: what is in the way is refused before
/// anything is sent, with the code the cloud would answer and what is in the way named. Each delete is one item: its
/// failure is an error whose target is its ID, and the rest go on.
/// </summary>
public sealed class RemoveVpcResources
{
    /// <summary>The cloud's code for a VPC that still has subnets.</summary>
    public const string VpcHasSubnets = "VPC.0104";

    /// <summary>The cloud's code for a subnet that still holds private IPs (free NICs, virtual IPs).</summary>
    public const string SubnetHasPorts = "VPC.0208";

    /// <summary>The cloud's code for a subnet with ports that servers use.</summary>
    public const string SubnetPortsInUse = "VPC.0209";

    /// <summary>The cloud's code for a port that a device uses.</summary>
    public const string PortInUse = "VPC.2500";

    private readonly EcsClient _client;
    private readonly IOperationSink _sink;

    /// <summary>Creates the operation.</summary>
    public RemoveVpcResources(EcsClient client, IOperationSink sink)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>Deletes a VPC without subnets; with <paramref name="passThru"/> reports its record as read just before.</summary>
    public async Task RemoveVpcAsync(string vpcId, bool passThru, CancellationToken cancellationToken)
    {
        try
        {
            var subnets = await _client.ListSubnetsAsync(vpcId, cancellationToken).ConfigureAwait(false);
            if (subnets.Count > 0)
            {
                _sink.Error(new EcsRefusalException(VpcHasSubnets, EcsErrorKind.InvalidOperation,
                    $"VPC {vpcId} still has {subnets.Count} subnet(s): " +
                    string.Join(", ", subnets.Select(s => $"{s.SubnetId} ('{s.Name}', {s.Cidr})")) + ". Nothing was deleted.",
                    $"Delete the subnets first: {UserWords.Task(UserTask.DeleteVpcSubnets, UserWords.With(UserInput.VpcId, vpcId))}."),
                    vpcId);
                return;
            }
            var before = passThru ? await _client.GetVpcAsync(vpcId, cancellationToken).ConfigureAwait(false) : null;
            await _client.DeleteVpcAsync(vpcId, cancellationToken).ConfigureAwait(false);
            if (before is not null) _sink.Output(before);
        }
        catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _sink.Error(ex, vpcId);
        }
    }

    /// <summary>
    /// Deletes a subnet that holds no port; its VPC is read from the subnet when <paramref name="vpcId"/> is null. With
    /// <paramref name="passThru"/> reports its record as read just before.
    /// </summary>
    public async Task RemoveSubnetAsync(string subnetId, string? vpcId, bool passThru, CancellationToken cancellationToken)
    {
        try
        {
            var before = vpcId is null || passThru ? await _client.GetSubnetAsync(subnetId, cancellationToken).ConfigureAwait(false) : null;
            vpcId ??= before?.VpcId ?? string.Empty;
            var ports = await _client.ListPortsAsync(new PortFilter { NetworkId = subnetId }, cancellationToken).ConfigureAwait(false);
            if (ports.Count > 0)
            {
                _sink.Error(SubnetRefusal(subnetId, ports.ToArray()), subnetId);
                return;
            }
            await _client.DeleteSubnetAsync(vpcId, subnetId, cancellationToken).ConfigureAwait(false);
            if (passThru && before is not null) _sink.Output(before);
        }
        catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _sink.Error(ex, subnetId);
        }
    }

    /// <summary>
    /// Deletes a NIC (port) no device uses; virtual IP ports can be deleted. With <paramref name="passThru"/> reports its
    /// record as read just before. A refusal's target is that record.
    /// </summary>
    public async Task RemovePortAsync(string portId, bool passThru, CancellationToken cancellationToken)
    {
        try
        {
            var port = await _client.GetPortAsync(portId, cancellationToken).ConfigureAwait(false);
            if (port.IsAttached || (!string.IsNullOrEmpty(port.DeviceOwner) && !port.IsVirtualIp))
            {
                var user = port.IsAttached ? $"server {port.DeviceId}" : port.DeviceOwner;
                _sink.Error(new EcsRefusalException(PortInUse, EcsErrorKind.InvalidOperation,
                    $"NIC {portId} ({port.PrimaryIp ?? "no address"}) is still used by {user} (device_owner {port.DeviceOwner}). Nothing was deleted.",
                    port.IsAttached
                        ? "Detach it first: " + UserWords.Task(UserTask.DetachNics, UserWords.With(UserInput.ServerId, port.DeviceId),
                            UserWords.With(UserInput.NicId, portId), UserWords.Switch(UserInput.Wait)) + "."
                        : "Only free NICs and virtual IP ports can be deleted."),
                    port);
                return;
            }
            await _client.DeletePortAsync(portId, cancellationToken).ConfigureAwait(false);
            if (passThru) _sink.Output(port);
        }
        catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _sink.Error(ex, portId);
        }
    }

    // VPC.0209 when servers use some of the ports (those are named), VPC.0208 for other private IPs (all are named).
    private static EcsRefusalException SubnetRefusal(string subnetId, VpcPort[] ports)
    {
        var used = ports.Where(p => p.IsAttached).ToArray();
        var shown = used.Length > 0 ? used : ports;
        var deletePorts = UserWords.Task(UserTask.DeleteSubnetPorts, UserWords.With(UserInput.SubnetId, subnetId));
        return new EcsRefusalException(used.Length > 0 ? SubnetPortsInUse : SubnetHasPorts, EcsErrorKind.InvalidOperation,
            $"Subnet {subnetId} still holds {ports.Length} port(s)" +
            (used.Length > 0 ? $", {used.Length} of them used by servers: " : ": ") +
            string.Join(", ", shown.Select(Describe)) + ". Nothing was deleted.",
            used.Length > 0
                ? $"Detach the NICs from their servers first ({UserWords.Task(UserTask.DetachNics)}), then delete the remaining ports: {deletePorts}."
                : $"Delete the ports first: {deletePorts}.");
    }

    private static string Describe(VpcPort port) =>
        $"{port.PortId} ({port.PrimaryIp ?? "no address"}" +
        (port.IsAttached ? $", server {port.DeviceId}" : port.IsVirtualIp ? ", virtual IP" : ", not attached") + ")";
}
