using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Models;

/// <summary>
/// A NIC attached to a server, as Get-EcsServerNic emits it. Its property names bind by name into
/// Set-EcsNicVirtualIp and Remove-EcsNicVirtualIp (<see cref="PortId"/> to -NicId, <see cref="SubnetId"/> to -SubnetId).
/// It deliberately has no IpAddress property, so that piping a NIC never binds the NIC's own address as a virtual IP.
/// </summary>
public sealed class ServerNic
{
    /// <summary>Creates the record.</summary>
    public ServerNic(string serverId, string portId, string subnetId, IReadOnlyList<string> fixedIps,
        IReadOnlyList<string> fixedIpSubnetIds, string? macAddress, string? state, bool? deleteOnTermination,
        string? driverMode, string? pciAddress)
    {
        ServerId = serverId;
        PortId = portId;
        SubnetId = subnetId;
        FixedIps = fixedIps.ToArray();
        FixedIpSubnetIds = fixedIpSubnetIds.ToArray();
        MacAddress = macAddress;
        State = state;
        DeleteOnTermination = deleteOnTermination;
        DriverMode = driverMode;
        PciAddress = pciAddress;
    }

    /// <summary>The server the NIC is attached to.</summary>
    public string ServerId { get; }

    /// <summary>The NIC (port) ID: the nic_id of the virtual IP calls.</summary>
    public string PortId { get; }

    /// <summary>The network ID (net_id), which is the VPC subnet ID a bind call needs.</summary>
    public string SubnetId { get; }

    /// <summary>The NIC's own addresses.</summary>
    public string[] FixedIps { get; }

    /// <summary>The Neutron subnet of each fixed IP, in the same order.</summary>
    public string[] FixedIpSubnetIds { get; }

    /// <summary>The first fixed IP, or null.</summary>
    public string? PrimaryIp => FixedIps.Length > 0 ? FixedIps[0] : null;

    /// <summary>The MAC address.</summary>
    public string? MacAddress { get; }

    /// <summary>The port state, such as ACTIVE.</summary>
    public string? State { get; }

    /// <summary>Whether the NIC is deleted with the server.</summary>
    public bool? DeleteOnTermination { get; }

    /// <summary>The driver mode.</summary>
    public string? DriverMode { get; }

    /// <summary>The PCI address in the guest.</summary>
    public string? PciAddress { get; }

    /// <summary>
    /// True for the server's primary NIC, which cannot be detached; false for an extension NIC; null when the service
    /// did not say (ShowServer marks it with the <c>primary</c> flag of the server's addresses).
    /// </summary>
    public bool? IsPrimary { get; private set; }

    /// <summary>"primary" or "extension", as the default table shows it; null when <see cref="IsPrimary"/> is not known.</summary>
    public string? Role => IsPrimary switch
    {
        true => "primary",
        false => "extension",
        _ => null,
    };

    /// <summary>A copy of this record with <see cref="IsPrimary"/> set.</summary>
    public ServerNic WithPrimary(bool? isPrimary) =>
        new(ServerId, PortId, SubnetId, FixedIps, FixedIpSubnetIds, MacAddress, State, DeleteOnTermination, DriverMode, PciAddress)
        {
            IsPrimary = isPrimary,
        };

    /// <summary>Builds the record from the wire shape; the port and network IDs are required.</summary>
    public static ServerNic FromWire(string serverId, InterfaceAttachmentWire wire)
    {
        if (wire is null) throw new ArgumentNullException(nameof(wire));
        var ips = wire.FixedIps ?? new List<FixedIpWire>();
        return new ServerNic(serverId, wire.PortId ?? string.Empty, wire.NetId ?? string.Empty,
            ips.Select(i => i.IpAddress ?? string.Empty).ToArray(), ips.Select(i => i.SubnetId ?? string.Empty).ToArray(),
            wire.MacAddr, wire.PortState, wire.DeleteOnTermination, wire.DriverMode, wire.PciAddress);
    }

    /// <inheritdoc />
    public override string ToString() => $"{PortId} ({string.Join(", ", FixedIps)})";
}
