namespace EcsNic.Emulator.State;

/// <summary>A VPC as the emulator holds it.</summary>
public sealed record VpcSnapshot(string Id, string Name, string Cidr, string Status);
