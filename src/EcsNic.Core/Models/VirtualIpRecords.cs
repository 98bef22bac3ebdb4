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
    public NicVirtualIps(string? region, string nicId, string? serverId, string? primaryIp, string? subnetId, string? macAddress,
        IReadOnlyList<PortAddressPair> allowedAddressPairs)
    {
        Region = region;
        NicId = nicId;
        ServerId = serverId;
        PrimaryIp = primaryIp;
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

    /// <summary>The NIC's own (first fixed) address; named as on ServerNic, so that it never binds to -IpAddress.</summary>
    public string? PrimaryIp { get; }

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
/// What Get-EcsNicVirtualIp read for one virtual IP, one record per NIC bound to it (the NICs whose allowed_address_pairs
/// hold its address), or a single record with no NicId when none is; each record also carries the virtual IP port's
/// own allowed_address_pairs (the IP/MAC of the NICs bound with reverse binding).
/// </summary>
public sealed class VirtualIpPort
{
    /// <summary>Creates the record.</summary>
    public VirtualIpPort(string? region, string ipAddress, string portId, string? subnetId, string? nicId, bool reverseBinding,
        IReadOnlyList<PortAddressPair> allowedAddressPairs)
    {
        Region = region;
        IpAddress = ipAddress;
        PortId = portId;
        SubnetId = subnetId;
        NicId = nicId;
        ReverseBinding = reverseBinding;
        AllowedAddressPairs = allowedAddressPairs.ToArray();
    }

    /// <summary>
    /// A NIC bound to the virtual IP (its pairs hold the address); null when no NIC is. Declared first so that piped
    /// records bind it, not the virtual IP's PortId, to -NicId.
    /// </summary>
    public string? NicId { get; }

    /// <summary>The region the virtual IP was read in.</summary>
    public string? Region { get; }

    /// <summary>The virtual IP address.</summary>
    public string IpAddress { get; }

    /// <summary>The virtual IP's own port ID (device_owner neutron:VIP_PORT).</summary>
    public string PortId { get; }

    /// <summary>The network (VPC subnet) ID.</summary>
    public string? SubnetId { get; }

    /// <summary>Whether that NIC's IP/MAC is in the virtual IP port's allowed_address_pairs (a reverse binding).</summary>
    public bool ReverseBinding { get; }

    /// <summary>The virtual IP port's allowed_address_pairs: the IP/MAC of each NIC bound with reverse binding.</summary>
    public PortAddressPair[] AllowedAddressPairs { get; }

    /// <inheritdoc />
    public override string ToString() => NicId is null ? $"{IpAddress} ({PortId}): no NIC" : $"{IpAddress} ({PortId}) -> {NicId}";
}
