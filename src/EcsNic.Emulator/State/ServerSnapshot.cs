using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>A server and its NICs, the first being the primary NIC.</summary>
public sealed record ServerSnapshot(string Id, string Name, string VpcId, IReadOnlyList<PortSnapshot> Nics);
