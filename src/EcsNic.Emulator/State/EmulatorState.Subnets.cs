using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Emulator.Http;

namespace EcsNic.Emulator.State;

// The life of a subnet: UNKNOWN for the configured delay (CreateSubnet answers UNKNOWN, as seed 004 shows), then ACTIVE;
// creation refused while its VPC is CREATING (VPC.0004) and beyond the quota; deletion refused while ports remain
// (VPC.0209 for ports a server uses, VPC.0208 for other private IPs) or while it is not yet ACTIVE (VPC.0205).
public sealed partial class EmulatorState
{
    /// <summary>The longest subnet prefix the documentation allows ("the mask length cannot be greater than 28").</summary>
    internal const int MaxSubnetPrefix = 28;

    /// <summary>UNKNOWN until the subnet's ready time, then ACTIVE.</summary>
    internal string SubnetStatus(SubnetRecord subnet) =>
        subnet.ReadyAt is { } ready && _clock.RealUtcNow < ready ? "UNKNOWN" : "ACTIVE";

    /// <summary>CreateSubnet with the VPC's state, the documented prefix limit, the quota and the UNKNOWN delay applied.</summary>
    internal SubnetRecord CreateSubnetWithLifecycle(string name, string description, string vpcId, string cidr, string gatewayIp,
        string? primaryDns, string? secondaryDns, string? availabilityZone, bool dhcpEnable)
    {
        lock (_gate)
        {
            if (_vpcs.TryGetValue(vpcId, out var vpc) && VpcStatus(vpc) != "OK")
                throw ApiError.Vpc(400, "VPC.0004", "VPC does not active,please try later.");
            if (Ipv4Cidr.TryParse(cidr, out var block) && block.Prefix > MaxSubnetPrefix)
                throw ApiError.Vpc(400, "VPC.0212", "The subnet cidr is not valid: the mask length cannot be greater than 28.");
            if (_subnets.Count >= _settings.Vpc.SubnetQuota)
                throw ApiError.Vpc(409, "VPC.0202", "Quota exceeded for resources: ['subnet'].");
            var subnet = CreateSubnet(name, description, vpcId, cidr, gatewayIp, primaryDns, secondaryDns, availabilityZone, dhcpEnable);
            var delay = _settings.Vpc.SubnetActivationDelay;
            if (delay > TimeSpan.Zero) subnet.ReadyAt = subnet.CreatedAt + delay;
            return subnet;
        }
    }

    /// <summary>The subnets in creation order, optionally of one VPC only.</summary>
    internal IReadOnlyList<SubnetRecord> ListSubnetRecords(string? vpcId)
    {
        lock (_gate)
        {
            return _subnets.Values.Where(s => vpcId is null || s.VpcId == vpcId)
                .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>DeleteSubnet: the subnet must belong to the VPC of the path and hold no ports; the message names them.</summary>
    internal void DeleteSubnet(string vpcId, string subnetId)
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            if (!_subnets.TryGetValue(subnetId, out var subnet))
                throw ApiError.Vpc(404, "VPC.0202", "Query resource by id " + subnetId + " fail.the subnet could not be found.");
            if (subnet.VpcId != vpcId) throw ApiError.Vpc(400, "VPC.0207", "Subnet does not belong to the VPC.");
            if (SubnetStatus(subnet) != "ACTIVE") throw ApiError.Vpc(500, "VPC.0205", "Subnet states is invalid, please try again later.");
            var ports = _ports.Values.Where(p => p.NetworkId == subnetId).OrderBy(p => p.CreatedAt).ToArray();
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
            _subnets.Remove(subnetId);
        }
    }
}
