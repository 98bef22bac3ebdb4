using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// The ports: NICs and virtual IPs. A new port reads BUILD for the configured delay, then DOWN until a server uses it
/// (ACTIVE); creation beyond the quota is refused; deletion is refused while device_id is set or device_owner is neither
/// empty nor neutron:VIP_PORT, as the DeletePort reference says.
/// </summary>
internal sealed class PortStore(CloudTables tables, IdSource ids, PortFactory factory, IpAllocator addresses,
    EmulatorClock clock, EmulatorSettings settings, JobEngine jobs)
{
    /// <summary>ACTIVE when attached or a virtual IP, BUILD until a new port's ready time, else DOWN.</summary>
    public string Status(PortRecord port) =>
        port.IsAttached || port.IsVirtualIp ? "ACTIVE" : port.ReadyAt is { } ready && clock.RealUtcNow < ready ? "BUILD" : "DOWN";

    /// <summary>A port by ID, as it is now (due jobs are not finished first).</summary>
    public bool TryGet(string portId, out PortRecord port)
    {
        lock (tables.Gate) return tables.Ports.TryGetValue(portId, out port!);
    }

    /// <summary>CreatePort: the quota, the network, a given address or the lowest free one; BUILD for the configured delay.</summary>
    public PortRecord Create(string networkId, string? ipAddress, string name, string deviceOwner,
        IReadOnlyList<string> securityGroups, IReadOnlyList<AddressPair> pairs)
    {
        lock (tables.Gate)
        {
            if (tables.Ports.Count >= settings.Vpc.PortQuota)
                throw ApiError.Vpc(409, "VPC.2500", "Quota exceeded for resources: ['port'].");
            if (!tables.Subnets.TryGetValue(networkId, out var subnet))
                throw ApiError.Vpc(400, "VPC.2500", "Param is invalid. network_id " + networkId + " does not exist.");
            string ip;
            if (ipAddress is null)
            {
                ip = addresses.NextFree(subnet) ?? throw ApiError.Vpc(409, "VPC.0711", "No more IP addresses are available in the subnet.");
            }
            else
            {
                if (!subnet.TryUsableAddress(ipAddress, out ip))
                    throw ApiError.Vpc(400, "VPC.2500", "Param is invalid. ip_address " + ipAddress + " is not a usable address of the subnet.");
                if (addresses.IsTaken(subnet, ip)) throw ApiError.Vpc(409, "VPC.0701", "IP is in use");
            }
            var port = factory.Create(subnet, ip, clock.RealUtcNow, securityGroups);
            port.Name = name;
            port.DeviceOwner = deviceOwner;
            port.Pairs = pairs.Distinct().ToArray();
            var delay = settings.Vpc.PortBuildDelay;
            if (delay > TimeSpan.Zero && deviceOwner.Length == 0) port.ReadyAt = port.CreatedAt + delay;
            return port;
        }
    }

    /// <summary>The ports matching every given filter, in creation order, once due jobs are finished.</summary>
    public IReadOnlyList<PortRecord> List(PortQuery query)
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            var candidates = query.NetworkId is null ? tables.Ports.Values : tables.PortsIn(query.NetworkId);
            return candidates.Where(p =>
                    (query.Id is null || p.Id == query.Id) &&
                    (query.NetworkId is null || p.NetworkId == query.NetworkId) &&
                    (query.DeviceId is null || p.DeviceId == query.DeviceId) &&
                    (query.DeviceOwner is null || p.DeviceOwner == query.DeviceOwner) &&
                    (query.Name is null || p.Name == query.Name) &&
                    (query.Status is null || Status(p) == query.Status) &&
                    query.FixedIpAddresses.All(a => p.IpAddress == a) &&
                    query.FixedIpSubnetIds.All(s => p.NeutronSubnetId == s || p.NetworkId == s))
                .InCreationOrder();
        }
    }

    /// <summary>DeletePort: refused for a port a server uses; a virtual IP or a free port goes, and its MAC is free again.</summary>
    public void Delete(string portId)
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            if (!tables.Ports.TryGetValue(portId, out var port)) throw ApiError.Vpc(404, "VPC.2500", "Port " + portId + " not found");
            if (port.DeviceId.Length > 0 || (port.DeviceOwner.Length > 0 && !port.IsVirtualIp))
            {
                throw ApiError.Vpc(400, "VPC.2500", "Port's device_id is not empty. Port " + portId + " is used by " +
                    (port.DeviceId.Length > 0 ? "server " + port.DeviceId : port.DeviceOwner) + " (device_owner " + port.DeviceOwner + ").");
            }
            tables.RemovePort(portId);
            ids.ReleaseMac(port.MacAddress);
        }
    }

    /// <summary>The virtual IP port for an address of the subnet, created when the address is free; ECS's bind does this.</summary>
    public PortRecord FindOrCreateVirtualIp(SubnetRecord subnet, string ip)
    {
        lock (tables.Gate)
        {
            PortRecord? vip = null;
            foreach (var p in tables.PortsIn(subnet.Id))
            {
                if (p.IpAddress != ip) continue;
                if (!p.IsVirtualIp) throw ApiError.Ecs(400, "Ecs.0010", "Private IP address " + ip + " is already in use.");
                vip = p;
            }
            if (vip is not null) return vip;
            vip = factory.Create(subnet, ip, clock.RealUtcNow, Array.Empty<string>());
            vip.DeviceOwner = PortRecord.VipOwner;
            vip.Name = "ecs-vip-" + ip.Replace('.', '-');
            return vip;
        }
    }

    /// <summary>The virtual IP ports of a network.</summary>
    public IReadOnlyList<PortRecord> VirtualIpsOf(string networkId)
    {
        lock (tables.Gate) return tables.PortsIn(networkId).Where(p => p.IsVirtualIp).ToArray();
    }

    /// <summary>A port, once due jobs are finished, or null.</summary>
    public PortSnapshot? Snapshot(string portId)
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            return tables.Ports.TryGetValue(portId, out var p) ? p.ToSnapshot() : null;
        }
    }

    /// <summary>Every port in creation order, once due jobs are finished.</summary>
    public IReadOnlyList<PortSnapshot> Snapshots()
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            return tables.Ports.Values.InCreationOrder().Select(p => p.ToSnapshot()).ToArray();
        }
    }

    /// <summary>The virtual IP port holding an address in a network, once due jobs are finished, or null.</summary>
    public PortSnapshot? VirtualIpSnapshot(string networkId, string ipAddress)
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            return tables.PortsIn(networkId).FirstOrDefault(p => p.IsVirtualIp && p.IpAddress == ipAddress)?.ToSnapshot();
        }
    }
}
