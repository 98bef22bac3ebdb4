namespace EcsNic.Emulator.State;

/// <summary>A subnet as the emulator holds it. <see cref="Id"/> is the network ID that ECS calls <c>subnet_id</c>/<c>net_id</c>.</summary>
public sealed record SubnetSnapshot(string Id, string NeutronSubnetId, string Name, string Cidr, string GatewayIp, string VpcId);
