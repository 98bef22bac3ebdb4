using System.Globalization;
using System.Linq;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// What a NIC job does when it finishes, one sub-job at a time: attach a given free port or a new one, or detach and
/// delete a NIC. A sub-job that cannot be done fails with the ECS code and reason the service gives, and the others go on.
/// </summary>
internal sealed class NicJobWork(CloudTables tables, PortFactory ports, IpAllocator addresses, EmulatorSettings settings)
{
    /// <summary>Attaches each sub-job's port, or a new port at its address or the lowest free one, as the job's time.</summary>
    public void AddNics(ServerRecord server, JobRecord job)
    {
        foreach (var sub in job.SubJobs)
        {
            if (!tables.Subnets.TryGetValue(sub.SubnetId!, out var subnet))
            {
                sub.Fail("Ecs.0005", "Subnet " + sub.SubnetId + " does not exist.");
                continue;
            }
            if (subnet.VpcId != server.VpcId)
            {
                sub.Fail("Ecs.0014", "Invalid VPC parameters: subnet " + subnet.Id + " is not in VPC " + server.VpcId + " of server " + server.Id + ".");
                continue;
            }
            if (server.NicIds.Count >= settings.MaxNicsPerServer)
            {
                sub.Fail("Ecs.0050", "The number of NICs attached to the ECS exceeds the maximum value allowed (" +
                    settings.MaxNicsPerServer.ToString(CultureInfo.InvariantCulture) + ").");
                continue;
            }
            var port = sub.PortId is not null ? FreePort(server, subnet, sub) : NewPort(subnet, sub, job);
            if (port is null) continue;
            server.Attach(port);
            sub.Status = "SUCCESS";
            sub.NicId = port.Id;
        }
    }

    /// <summary>Detaches and deletes each NIC but the primary one, and takes it off every virtual IP of its subnet.</summary>
    public void DeleteNics(ServerRecord server, JobRecord job)
    {
        foreach (var sub in job.SubJobs)
        {
            var nicId = sub.NicId!;
            var index = server.NicIds.IndexOf(nicId);
            if (index < 0 || !tables.Ports.TryGetValue(nicId, out var port))
            {
                sub.Fail("Ecs.0307", "Failed to view the port because port " + nicId + " is not attached to server " + server.Id + ".");
                continue;
            }
            if (index == 0)
            {
                sub.Fail("Ecs.0005", "The primary NIC " + nicId + " of server " + server.Id + " cannot be deleted.");
                continue;
            }
            server.NicIds.RemoveAt(index);
            tables.RemovePort(nicId);
            foreach (var vip in tables.PortsIn(port.NetworkId).Where(p => p.IsVirtualIp))
            {
                lock (vip.PairsGate)
                    vip.Pairs = AddressPairUpdater.Without(vip.Pairs, a => a.IpAddress == port.IpAddress && a.MacAddress == port.MacAddress);
            }
            sub.Status = "SUCCESS";
        }
    }

    private PortRecord? FreePort(ServerRecord server, SubnetRecord subnet, SubJobRecord sub)
    {
        if (!tables.Ports.TryGetValue(sub.PortId!, out var port) || port.NetworkId != subnet.Id)
        {
            sub.Fail("Ecs.0307", "Failed to view the port because port " + sub.PortId + " does not exist in network " + subnet.Id + ".");
            return null;
        }
        if (port.DeviceOwner.Length > 0 || port.DeviceId.Length > 0)
        {
            sub.Fail("Ecs.0217", "Attached to server [" + server.Id + "] port [" + port.Id + "] failed. Cause: the port is in use.");
            return null;
        }
        return port;
    }

    private PortRecord? NewPort(SubnetRecord subnet, SubJobRecord sub, JobRecord job)
    {
        string ip;
        if (sub.IpAddress is not null)
        {
            if (!subnet.TryUsableAddress(sub.IpAddress, out ip))
            {
                sub.Fail("Ecs.0005", "Invalid ip_address " + sub.IpAddress + " for subnet " + subnet.Cidr + ".");
                return null;
            }
            if (addresses.IsTaken(subnet, ip))
            {
                sub.Fail("Ecs.0010", "Private IP address " + ip + " is already in use.");
                return null;
            }
        }
        else if (addresses.NextFree(subnet) is { } free)
        {
            ip = free;
        }
        else
        {
            sub.Fail("Ecs.0012", "Insufficient IP addresses.");
            return null;
        }
        return ports.Create(subnet, ip, job.Due, sub.SecurityGroups);
    }
}
