namespace EcsNic.Emulator;

/// <summary>A seeded VPC.</summary>
public sealed record DemoVpc(string Id, string Name, string Cidr);
