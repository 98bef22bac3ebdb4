using System.Collections.Generic;

namespace EcsNic.Emulator;

/// <summary>A seeded server; its first NIC is the primary one.</summary>
public sealed record DemoServer(string Id, string Name, string VpcId, IReadOnlyList<DemoNic> Nics);
