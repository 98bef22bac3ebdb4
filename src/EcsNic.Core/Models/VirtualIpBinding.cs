using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Models;

/// <summary>Whether a virtual IP record describes a bind or an unbind.</summary>
public enum VirtualIpAction
{
    /// <summary>The virtual IP was bound to the NIC.</summary>
    Bound,
    /// <summary>The NIC's virtual IPs were unbound (<see cref="VirtualIpBinding.RemovedIpAddresses"/> names them).</summary>
    Unbound,
    /// <summary>The NIC had no virtual IP to unbind.</summary>
    NotBound,
}

/// <summary>The result of Set-EcsNicVirtualIp or Remove-EcsNicVirtualIp for one NIC.</summary>
public sealed class VirtualIpBinding
{
    /// <summary>Creates the record.</summary>
    public VirtualIpBinding(string nicId, string? ipAddress, string? subnetId, bool reverseBinding, VirtualIpAction action,
        string? serverId = null, IReadOnlyList<string>? removedIpAddresses = null, string? virtualIpPortId = null)
    {
        VirtualIpPortId = virtualIpPortId;
        NicId = nicId;
        IpAddress = ipAddress;
        SubnetId = subnetId;
        ReverseBinding = reverseBinding;
        Action = action;
        ServerId = serverId;
        RemovedIpAddresses = removedIpAddresses?.ToArray() ?? Array.Empty<string>();
    }

    /// <summary>The NIC (port) ID the call addressed; it binds to -NicId of the virtual IP cmdlets.</summary>
    public string NicId { get; }

    /// <summary>The server the NIC is attached to, when the call read it (an unbind does); otherwise null.</summary>
    public string? ServerId { get; }

    /// <summary>
    /// For a bind, the port of the virtual IP itself (device_owner neutron:VIP_PORT), for the VPC port API; null when it
    /// could not be read, and for an unbind.
    /// </summary>
    public string? VirtualIpPortId { get; }

    /// <summary>The virtual IP bound; null for an unbind.</summary>
    public string? IpAddress { get; }

    /// <summary>The network (VPC subnet) ID: the bind's, or the NIC's for an unbind.</summary>
    public string? SubnetId { get; }

    /// <summary>Whether the NIC's IP/MAC was added to the virtual IP's allowed_address_pairs.</summary>
    public bool ReverseBinding { get; }

    /// <summary>Bound, Unbound, or NotBound (an unbind of a NIC that had no virtual IP).</summary>
    public VirtualIpAction Action { get; }

    /// <summary>For an unbind, the addresses the NIC's allowed_address_pairs held before it; empty otherwise.</summary>
    public string[] RemovedIpAddresses { get; }

    /// <summary>A copy that records the NIC as read before an unbind: its server, subnet, and the addresses it held.</summary>
    public VirtualIpBinding WithUnboundPort(VpcPort port)
    {
        if (port is null) throw new ArgumentNullException(nameof(port));
        var removed = port.AllowedAddressPairs.Select(p => p.IpAddress).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return new VirtualIpBinding(NicId, IpAddress, port.SubnetId ?? SubnetId, ReverseBinding,
            removed.Length == 0 ? VirtualIpAction.NotBound : VirtualIpAction.Unbound,
            string.IsNullOrEmpty(port.DeviceId) ? ServerId : port.DeviceId, removed);
    }

    /// <summary>A copy of a bind's result with what the call's answer does not name: the NIC's server and the virtual IP's port.</summary>
    public VirtualIpBinding WithBindContext(string? serverId, string? virtualIpPortId) =>
        new(NicId, IpAddress, SubnetId, ReverseBinding, Action, serverId ?? ServerId, RemovedIpAddresses, virtualIpPortId ?? VirtualIpPortId);

    /// <inheritdoc />
    public override string ToString() => Action switch
    {
        VirtualIpAction.Bound => $"{IpAddress} -> {NicId}",
        VirtualIpAction.NotBound => $"nothing bound to {NicId}",
        _ => $"unbound {string.Join(", ", RemovedIpAddresses)} from {NicId}",
    };
}
