using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Emulator.Http;

namespace EcsNic.Emulator.State;

// The life of a port: BUILD for the configured delay, then DOWN until a server uses it (ACTIVE); creation beyond the
// quota is refused; deletion is refused while device_id is set or device_owner is neither empty nor neutron:VIP_PORT, as
// the DeletePort reference says.
public sealed partial class EmulatorState
{
    /// <summary>The filters ListPorts understands.</summary>
    internal sealed record PortQuery(string? Id, string? NetworkId, string? DeviceId, string? DeviceOwner, string? Name,
        string? Status, IReadOnlyList<string> FixedIpAddresses, IReadOnlyList<string> FixedIpSubnetIds);

    /// <summary>ACTIVE when attached or a virtual IP, BUILD until a new port's ready time, else DOWN.</summary>
    internal string PortStatus(PortRecord port) =>
        port.IsAttached || port.IsVirtualIp ? "ACTIVE" : port.ReadyAt is { } ready && _clock.RealUtcNow < ready ? "BUILD" : "DOWN";

    /// <summary>CreatePort with the quota and the BUILD delay applied.</summary>
    internal PortRecord CreatePortWithLifecycle(string networkId, string? ipAddress, string name, string deviceOwner,
        IReadOnlyList<string> securityGroups, IReadOnlyList<AddressPair> pairs)
    {
        lock (_gate)
        {
            if (_ports.Count >= _settings.Vpc.PortQuota)
                throw ApiError.Vpc(409, "VPC.2500", "Quota exceeded for resources: ['port'].");
            var port = CreatePort(networkId, ipAddress, name, deviceOwner, securityGroups, pairs);
            var delay = _settings.Vpc.PortBuildDelay;
            if (delay > TimeSpan.Zero && deviceOwner.Length == 0) port.ReadyAt = port.CreatedAt + delay;
            return port;
        }
    }

    /// <summary>The ports matching every given filter, in creation order.</summary>
    internal IReadOnlyList<PortRecord> ListPortRecords(PortQuery query)
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            return _ports.Values.Where(p =>
                    (query.Id is null || p.Id == query.Id) &&
                    (query.NetworkId is null || p.NetworkId == query.NetworkId) &&
                    (query.DeviceId is null || p.DeviceId == query.DeviceId) &&
                    (query.DeviceOwner is null || p.DeviceOwner == query.DeviceOwner) &&
                    (query.Name is null || p.Name == query.Name) &&
                    (query.Status is null || PortStatus(p) == query.Status) &&
                    query.FixedIpAddresses.All(a => p.IpAddress == a) &&
                    query.FixedIpSubnetIds.All(s => p.NeutronSubnetId == s || p.NetworkId == s))
                .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>DeletePort: refused for a port a server uses; a virtual IP or a free port goes.</summary>
    internal void DeletePort(string portId)
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            if (!_ports.TryGetValue(portId, out var port)) throw ApiError.Vpc(404, "VPC.2500", "Port " + portId + " not found");
            if (port.DeviceId.Length > 0 || (port.DeviceOwner.Length > 0 && !port.IsVirtualIp))
            {
                throw ApiError.Vpc(400, "VPC.2500", "Port's device_id is not empty. Port " + portId + " is used by " +
                    (port.DeviceId.Length > 0 ? "server " + port.DeviceId : port.DeviceOwner) + " (device_owner " + port.DeviceOwner + ").");
            }
            _ports.Remove(portId);
            _macs.Remove(port.MacAddress);
        }
    }
}
