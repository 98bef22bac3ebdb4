using System;
using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>Makes a port in a subnet at a given address, with a fresh ID and MAC, and puts it in the ports table.</summary>
internal sealed class PortFactory(CloudTables tables, IdSource ids)
{
    public PortRecord Create(SubnetRecord subnet, string ip, DateTimeOffset created, IReadOnlyList<string> securityGroups)
    {
        lock (tables.Gate)
        {
            var port = new PortRecord
            {
                Id = ids.NewUuid(),
                NetworkId = subnet.Id,
                NeutronSubnetId = subnet.NeutronSubnetId,
                IpAddress = ip,
                MacAddress = ids.NewMac(),
                SecurityGroups = securityGroups,
                CreatedAt = created,
            };
            tables.AddPort(port);
            return port;
        }
    }
}
