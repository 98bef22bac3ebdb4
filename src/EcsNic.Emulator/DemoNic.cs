namespace EcsNic.Emulator;

/// <summary>A NIC of a seeded server.</summary>
/// <param name="PortId">The NIC (port) ID, used as nic_id in bind calls.</param>
/// <param name="SubnetId">The network ID (ECS subnet_id / net_id).</param>
/// <param name="NeutronSubnetId">The Neutron subnet ID that fixed_ips carry.</param>
/// <param name="IpAddress">The fixed IP.</param>
/// <param name="MacAddress">The MAC address.</param>
public sealed record DemoNic(string PortId, string SubnetId, string NeutronSubnetId, string IpAddress, string MacAddress);
