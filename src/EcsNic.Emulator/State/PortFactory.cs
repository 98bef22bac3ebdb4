using System;
using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>Makes a port in a subnet at a given address, with a fresh ID and MAC, and puts it in the ports table.</summary>
internal sealed class PortFactory
{
    private readonly CloudTables _tables;
    private readonly IdSource _ids;

    public PortFactory(CloudTables tables, IdSource ids)
    {
        _tables = tables;
        _ids = ids;
    }

    public PortRecord Create(SubnetRecord subnet, string ip, DateTimeOffset created, IReadOnlyList<string> securityGroups)
    {
        lock (_tables.Gate)
        {
            var port = new PortRecord
            {
                Id = _ids.NewUuid(),
                NetworkId = subnet.Id,
                NeutronSubnetId = subnet.NeutronSubnetId,
                IpAddress = ip,
                MacAddress = _ids.NewMac(),
                SecurityGroups = securityGroups,
                CreatedAt = created,
            };
            _tables.Ports.Add(port.Id, port);
            return port;
        }
    }
}
