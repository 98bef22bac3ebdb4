using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Models;

/// <summary>
/// What Get-EcsNicVirtualIp read for one NIC: the addresses in its port's allowed_address_pairs, which are the virtual
/// IPs bound to it (a bind adds the virtual IP with the NIC's MAC there).
/// </summary>
public sealed class NicVirtualIps
{
    /// <summary>Creates the record.</summary>
    public NicVirtualIps(string? region, string nicId, string? serverId, string? ipAddress, string? subnetId, string? macAddress,
        IReadOnlyList<PortAddressPair> allowedAddressPairs)
    {
        Region = region;
        NicId = nicId;
        ServerId = serverId;
        IpAddress = ipAddress;
        SubnetId = subnetId;
        MacAddress = macAddress;
        AllowedAddressPairs = allowedAddressPairs.ToArray();
        VirtualIps = AllowedAddressPairs.Select(p => p.IpAddress).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The record of a NIC's port as ShowPort returned it.</summary>
    public static NicVirtualIps FromPort(VpcPort port)
    {
        if (port is null) throw new ArgumentNullException(nameof(port));
        return new NicVirtualIps(port.Region, port.PortId, string.IsNullOrEmpty(port.DeviceId) ? null : port.DeviceId, port.PrimaryIp,
            port.SubnetId, port.MacAddress, port.AllowedAddressPairs);
    }

    /// <summary>The region the NIC was read in.</summary>
    public string? Region { get; }

    /// <summary>The NIC (port) ID.</summary>
    public string NicId { get; }

    /// <summary>The server the NIC is attached to; null when it is free.</summary>
    public string? ServerId { get; }

    /// <summary>The NIC's own (first fixed) address.</summary>
    public string? IpAddress { get; }

    /// <summary>The network (VPC subnet) ID.</summary>
    public string? SubnetId { get; }

    /// <summary>The NIC's MAC address.</summary>
    public string? MacAddress { get; }

    /// <summary>The virtual IPs bound to the NIC (the addresses of its allowed_address_pairs); empty when none is.</summary>
    public string[] VirtualIps { get; }

    /// <summary>The NIC port's allowed_address_pairs as read.</summary>
    public PortAddressPair[] AllowedAddressPairs { get; }

    /// <inheritdoc />
    public override string ToString() => VirtualIps.Length == 0 ? $"{NicId}: none" : $"{NicId}: {string.Join(", ", VirtualIps)}";
}

/// <summary>
/// What Get-EcsNicVirtualIp read for one virtual IP: its port, the NICs it is bound to (those whose allowed_address_pairs
/// hold its address) and its own allowed_address_pairs (the NICs bound with -ReverseBinding).
/// </summary>
public sealed class VirtualIpPort
{
    /// <summary>Creates the record.</summary>
    public VirtualIpPort(string? region, string ipAddress, string portId, string? subnetId, IReadOnlyList<string> boundNicIds,
        IReadOnlyList<PortAddressPair> allowedAddressPairs)
    {
        Region = region;
        IpAddress = ipAddress;
        PortId = portId;
        SubnetId = subnetId;
        BoundNicIds = boundNicIds.ToArray();
        AllowedAddressPairs = allowedAddressPairs.ToArray();
    }

    /// <summary>The region the virtual IP was read in.</summary>
    public string? Region { get; }

    /// <summary>The virtual IP address.</summary>
    public string IpAddress { get; }

    /// <summary>The virtual IP's own port ID (device_owner neutron:VIP_PORT).</summary>
    public string PortId { get; }

    /// <summary>The network (VPC subnet) ID.</summary>
    public string? SubnetId { get; }

    /// <summary>The NICs whose allowed_address_pairs hold the address: the NICs it is bound to; empty when none.</summary>
    public string[] BoundNicIds { get; }

    /// <summary>The virtual IP port's allowed_address_pairs: the IP/MAC of each NIC bound with reverse binding.</summary>
    public PortAddressPair[] AllowedAddressPairs { get; }

    /// <inheritdoc />
    public override string ToString() => $"{IpAddress} ({PortId}): {BoundNicIds.Length} NIC(s)";
}
