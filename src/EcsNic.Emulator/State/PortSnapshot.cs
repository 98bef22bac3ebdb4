using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>A port (NIC or virtual IP) as the emulator holds it.</summary>
public sealed record PortSnapshot(
    string Id,
    string Name,
    string NetworkId,
    string NeutronSubnetId,
    string IpAddress,
    string MacAddress,
    string DeviceOwner,
    string DeviceId,
    IReadOnlyList<AddressPair> AllowedAddressPairs)
{
    /// <summary>True for a virtual IP port (<c>device_owner</c> is <c>neutron:VIP_PORT</c>).</summary>
    public bool IsVirtualIp => DeviceOwner == PortRecord.VipOwner;
}
