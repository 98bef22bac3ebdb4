using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Emulator.State;

/// <summary>
/// The rows of the emulated cloud, one table per resource, and the one lock that guards them all, so that a change
/// spanning resources (a job attaching a new port to a server) is one step. Each store keeps the rules of its resource and
/// reads the other tables for its checks.
/// </summary>
internal sealed class CloudTables
{
    public object Gate { get; } = new();
    public Dictionary<string, VpcRecord> Vpcs { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SubnetRecord> Subnets { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, PortRecord> Ports { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ServerRecord> Servers { get; } = new(StringComparer.Ordinal);

    /// <summary>The ports of a network (a subnet's ID).</summary>
    public IEnumerable<PortRecord> PortsIn(string networkId) => Ports.Values.Where(p => p.NetworkId == networkId);

    /// <summary>Empties every table.</summary>
    public void Clear()
    {
        Vpcs.Clear();
        Subnets.Clear();
        Ports.Clear();
        Servers.Clear();
    }
}
