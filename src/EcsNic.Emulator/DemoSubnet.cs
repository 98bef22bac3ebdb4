namespace EcsNic.Emulator;

/// <summary>A seeded subnet.</summary>
public sealed record DemoSubnet(string Id, string NeutronSubnetId, string Name, string Cidr, string GatewayIp, string VpcId);
