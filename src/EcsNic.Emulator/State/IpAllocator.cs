using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Emulator.State;

/// <summary>A subnet's addresses: which are taken, the lowest free one for a new port, and how many are left.</summary>
internal sealed class IpAllocator(CloudTables tables)
{
    /// <summary>True when a port of the subnet holds the address.</summary>
    public bool IsTaken(SubnetRecord subnet, string ip)
    {
        lock (tables.Gate) return tables.PortsIn(subnet.Id).Any(p => p.IpAddress == ip);
    }

    /// <summary>The lowest free host address from .2 up, skipping the reserved ones, or null when the subnet is full.</summary>
    public string? NextFree(SubnetRecord subnet)
    {
        lock (tables.Gate)
        {
            var used = new HashSet<string>(tables.PortsIn(subnet.Id).Select(p => p.IpAddress), StringComparer.Ordinal);
            for (var a = subnet.Cidr.Network + 2; a < subnet.Cidr.Broadcast; a++)
            {
                if (subnet.IsReserved(a)) continue;
                var text = Ipv4.Format(a);
                if (!used.Contains(text)) return text;
            }
            return null;
        }
    }

    /// <summary>The subnet's size less network, gateway and broadcast, less one address per port.</summary>
    public int AvailableCount(SubnetRecord subnet)
    {
        lock (tables.Gate)
        {
            var total = (int)(subnet.Cidr.Broadcast - subnet.Cidr.Network + 1) - 3;
            return Math.Max(0, total - tables.PortsIn(subnet.Id).Count());
        }
    }
}
