using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// The subnets. A new subnet reads UNKNOWN for the configured delay (CreateSubnet answers UNKNOWN, as seed 004 shows),
/// then ACTIVE; creation is refused while its VPC is CREATING (VPC.0004) and beyond the quota; deletion is refused while
/// ports remain (VPC.0209 for ports a server uses, VPC.0208 for other private IPs) or while it is not yet ACTIVE (VPC.0205).
/// </summary>
internal sealed class SubnetStore(CloudTables tables, IdSource ids, EmulatorClock clock, EmulatorSettings settings,
    VpcStore vpcs, JobEngine jobs)
{
    /// <summary>The longest subnet prefix the documentation allows ("the mask length cannot be greater than 28").</summary>
    private const int MaxSubnetPrefix = 28;

    /// <summary>Adds a seeded subnet in the default zone, ready from the start.</summary>
    public SubnetRecord Seed(VpcRecord vpc, string name, string cidr, string gateway, DateTimeOffset created)
    {
        Ipv4Cidr.TryParse(cidr, out var block);
        Ipv4.TryParse(gateway, out var gw);
        var subnet = new SubnetRecord
        {
            Id = ids.NewUuid(),
            NeutronSubnetId = ids.NewUuid(),
            Name = name,
            VpcId = vpc.Id,
            Cidr = block,
            Gateway = gw,
            AvailabilityZone = ServerRecord.DefaultAvailabilityZone,
            CreatedAt = created,
        };
        lock (tables.Gate) tables.Subnets.Add(subnet.Id, subnet);
        return subnet;
    }

    /// <summary>UNKNOWN until the subnet's ready time, then ACTIVE.</summary>
    public string Status(SubnetRecord subnet) =>
        subnet.ReadyAt is { } ready && clock.RealUtcNow < ready ? "UNKNOWN" : "ACTIVE";

    /// <summary>A subnet by network ID.</summary>
    public bool TryGet(string subnetId, out SubnetRecord subnet)
    {
        lock (tables.Gate) return tables.Subnets.TryGetValue(subnetId, out subnet!);
    }

    /// <summary>A subnet by network ID, or null.</summary>
    public SubnetRecord? Find(string subnetId) => TryGet(subnetId, out var subnet) ? subnet : null;

    /// <summary>
    /// CreateSubnet: the VPC's state, the documented prefix limit and the quota, then the range and gateway rules; the
    /// subnet reads UNKNOWN for the configured delay.
    /// </summary>
    public SubnetRecord Create(string name, string description, string vpcId, string cidr, string gatewayIp,
        string? primaryDns, string? secondaryDns, string? availabilityZone, bool dhcpEnable)
    {
        lock (tables.Gate)
        {
            tables.Vpcs.TryGetValue(vpcId, out var vpc);
            if (vpc is not null && vpcs.Status(vpc) != "OK") throw ApiError.Vpc(400, "VPC.0004", "VPC does not active,please try later.");
            if (Ipv4Cidr.TryParse(cidr, out var block) && block.Prefix > MaxSubnetPrefix)
                throw ApiError.Vpc(400, "VPC.0212", "The subnet cidr is not valid: the mask length cannot be greater than 28.");
            if (tables.Subnets.Count >= settings.Vpc.SubnetQuota)
                throw ApiError.Vpc(409, "VPC.0202", "Quota exceeded for resources: ['subnet'].");
            if (vpc is null) throw ApiError.Vpc(404, "VPC.0003", "VPC does not exist.");
            if (!Ipv4Cidr.TryParse(cidr, out block)) throw ApiError.Vpc(400, "VPC.0212", "The subnet cidr is not valid.");
            if (!vpc.Cidr.Contains(block)) throw ApiError.Vpc(400, "VPC.0203", "Subnet is not in the range of VPC.");
            if (tables.Subnets.Values.Any(s => s.VpcId == vpcId && s.Cidr.Overlaps(block)))
                throw ApiError.Vpc(400, "VPC.0204", "The subnet has already existed in the VPC, or has been in conflict with the VPC subnet.");
            if (!Ipv4.TryParse(gatewayIp, out var gw) || !block.Contains(gw) || gw == block.Network || gw == block.Broadcast)
                throw ApiError.Vpc(400, "VPC.0201", "Subnet gateway_ip is invalid.");
            var subnet = new SubnetRecord
            {
                Id = ids.NewUuid(),
                NeutronSubnetId = ids.NewUuid(),
                Name = name,
                Description = description,
                VpcId = vpcId,
                Cidr = block,
                Gateway = gw,
                PrimaryDns = primaryDns ?? "100.125.1.250",
                SecondaryDns = secondaryDns ?? "100.125.129.250",
                AvailabilityZone = availabilityZone ?? string.Empty,
                DhcpEnable = dhcpEnable,
                CreatedAt = clock.RealUtcNow,
            };
            var delay = settings.Vpc.SubnetActivationDelay;
            if (delay > TimeSpan.Zero) subnet.ReadyAt = subnet.CreatedAt + delay;
            tables.Subnets.Add(subnet.Id, subnet);
            return subnet;
        }
    }

    /// <summary>The subnets in creation order, optionally of one VPC only.</summary>
    public IReadOnlyList<SubnetRecord> List(string? vpcId)
    {
        lock (tables.Gate) return tables.Subnets.Values.Where(s => vpcId is null || s.VpcId == vpcId).InCreationOrder();
    }

    /// <summary>DeleteSubnet: the subnet must belong to the VPC of the path and hold no ports; the message names them.</summary>
    public void Delete(string vpcId, string subnetId)
    {
        lock (tables.Gate)
        {
            jobs.Advance();
            if (!tables.Subnets.TryGetValue(subnetId, out var subnet))
                throw ApiError.Vpc(404, "VPC.0202", "Query resource by id " + subnetId + " fail.the subnet could not be found.");
            if (subnet.VpcId != vpcId) throw ApiError.Vpc(400, "VPC.0207", "Subnet does not belong to the VPC.");
            if (Status(subnet) != "ACTIVE") throw ApiError.Vpc(500, "VPC.0205", "Subnet states is invalid, please try again later.");
            var ports = tables.PortsIn(subnetId).OrderBy(p => p.CreatedAt).ToArray();
            var used = ports.Where(p => p.IsAttached).ToArray();
            if (used.Length > 0)
            {
                throw ApiError.Vpc(500, "VPC.0209", "subnet is still used ,such as computer,LB. Ports: " +
                    string.Join(", ", used.Select(p => p.Id + " (" + p.IpAddress + ", server " + p.DeviceId + ")")) + ".");
            }
            if (ports.Length > 0)
            {
                throw ApiError.Vpc(500, "VPC.0208", "Subnet is used by private IP, can not be deleted. Ports: " +
                    string.Join(", ", ports.Select(p => p.Id + " (" + p.IpAddress + (p.IsVirtualIp ? ", virtual IP" : string.Empty) + ")")) + ".");
            }
            tables.Subnets.Remove(subnetId);
        }
    }

    /// <summary>Every subnet, in table order.</summary>
    public IReadOnlyList<SubnetSnapshot> Snapshots()
    {
        lock (tables.Gate) return tables.Subnets.Values.Select(s => s.ToSnapshot()).ToArray();
    }
}
