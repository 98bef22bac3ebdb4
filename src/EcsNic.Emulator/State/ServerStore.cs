using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// The servers and their NICs. Besides the seeded ones, servers can be launched while the emulator runs, standing in for
/// ECS CreateServers: a runbook that builds a new VPC can then attach NICs of that VPC to a server living in it, as
/// BatchAddServerNics requires.
/// </summary>
internal sealed class ServerStore(CloudTables tables, IdSource ids, PortFactory ports, IpAllocator addresses,
    EmulatorClock clock, EmulatorSettings settings, JobEngine jobs)
{
    /// <summary>Adds a server without NICs in a VPC.</summary>
    public ServerRecord Add(string name, string vpcId)
    {
        lock (tables.Gate)
        {
            var server = new ServerRecord { Id = ids.NewUuid(), Name = name, VpcId = vpcId };
            tables.Servers.Add(server.Id, server);
            return server;
        }
    }

    /// <summary>A server by ID.</summary>
    public bool TryGet(string serverId, out ServerRecord server)
    {
        lock (tables.Gate) return tables.Servers.TryGetValue(serverId, out server!);
    }

    /// <summary>The server's NICs in attachment order, once due jobs are finished.</summary>
    public IReadOnlyList<PortRecord> NicsOf(ServerRecord server)
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            return server.NicIds.Select(id => tables.Ports[id]).ToArray();
        }
    }

    /// <summary>How many more NICs the server may have under the NIC quota.</summary>
    public int FreeNicSlots(ServerRecord server)
    {
        lock (tables.Gate) return Math.Max(0, settings.MaxNicsPerServer - server.NicIds.Count);
    }

    /// <summary>Launches a server in a subnet's VPC, with its primary NIC at the subnet's lowest free address.</summary>
    public ServerSnapshot Launch(string name, string subnetId)
    {
        lock (tables.Gate)
        {
            if (!tables.Subnets.TryGetValue(subnetId, out var subnet))
                throw ApiError.Vpc(404, "VPC.0202", "Query resource by id " + subnetId + " fail.the subnet could not be found.");
            var ip = addresses.NextFree(subnet) ?? throw ApiError.Vpc(409, "VPC.0711", "No more IP addresses are available in the subnet.");
            var server = Add(name, subnet.VpcId);
            server.Attach(ports.Create(subnet, ip, clock.RealUtcNow, Array.Empty<string>()));
            return ToSnapshot(server);
        }
    }

    /// <summary>A server with its NICs, once due jobs are finished, or null.</summary>
    public ServerSnapshot? Snapshot(string serverId)
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            return tables.Servers.TryGetValue(serverId, out var s) ? ToSnapshot(s) : null;
        }
    }

    /// <summary>Every server in table order, once due jobs are finished.</summary>
    public IReadOnlyList<ServerSnapshot> Snapshots()
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            return tables.Servers.Values.Select(ToSnapshot).ToArray();
        }
    }

    private ServerSnapshot ToSnapshot(ServerRecord s) =>
        new(s.Id, s.Name, s.VpcId, s.NicIds.Select(id => tables.Ports[id].ToSnapshot()).ToArray());
}
