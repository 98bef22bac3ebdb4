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
    public Dictionary<string, ServerRecord> Servers { get; } = new(StringComparer.Ordinal);

    // The ports by ID and by network: a bind checks its subnet's addresses, and a fleet of 20,000 ports must not make
    // every such check (made under the one lock) read them all.
    private readonly Dictionary<string, PortRecord> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, PortRecord>> _portsByNetwork = new(StringComparer.Ordinal);

    /// <summary>Every port by ID; change them through <see cref="AddPort"/> and <see cref="RemovePort"/>.</summary>
    public IReadOnlyDictionary<string, PortRecord> Ports => _ports;

    /// <summary>The ports of a network (a subnet's ID).</summary>
    public IEnumerable<PortRecord> PortsIn(string networkId) =>
        _portsByNetwork.TryGetValue(networkId, out var ports) ? ports.Values : Enumerable.Empty<PortRecord>();

    /// <summary>Adds a new port.</summary>
    public void AddPort(PortRecord port)
    {
        _ports.Add(port.Id, port);
        if (!_portsByNetwork.TryGetValue(port.NetworkId, out var ofNetwork))
            _portsByNetwork[port.NetworkId] = ofNetwork = new Dictionary<string, PortRecord>(StringComparer.Ordinal);
        ofNetwork.Add(port.Id, port);
    }

    /// <summary>Removes a port, if there is one with that ID.</summary>
    public void RemovePort(string portId)
    {
        if (!_ports.Remove(portId, out var port)) return;
        if (_portsByNetwork.TryGetValue(port.NetworkId, out var ofNetwork) && ofNetwork.Remove(portId) && ofNetwork.Count == 0)
            _portsByNetwork.Remove(port.NetworkId);
    }

    /// <summary>Empties every table.</summary>
    public void Clear()
    {
        Vpcs.Clear();
        Subnets.Clear();
        _ports.Clear();
        _portsByNetwork.Clear();
        Servers.Clear();
    }
}
