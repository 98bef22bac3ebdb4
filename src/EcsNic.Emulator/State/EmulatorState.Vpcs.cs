using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsNic.Emulator.Http;

namespace EcsNic.Emulator.State;

// The life of a VPC: CREATING for the configured delay, then OK; a quota on how many there are; unique non-empty names;
// deletion refused while subnets remain (VPC.0104) or while it is still CREATING (VPC.0103), as the VPC error table says.
public sealed partial class EmulatorState
{
    /// <summary>CREATING until the VPC's ready time, then OK.</summary>
    internal string VpcStatus(VpcRecord vpc) => vpc.ReadyAt is { } ready && _clock.RealUtcNow < ready ? "CREATING" : "OK";

    /// <summary>CreateVpc with the quota, the name rule and the CREATING delay applied.</summary>
    internal VpcRecord CreateVpcWithLifecycle(string name, string cidr, string description)
    {
        lock (_gate)
        {
            var quota = _settings.Vpc.VpcQuota;
            if (_vpcs.Count >= quota)
                throw ApiError.Vpc(409, "VPC.0114", "Quota exceeded for resources: ['router'].");
            if (name.Length > 0 && _vpcs.Values.Any(v => v.Name == name))
                throw ApiError.Vpc(400, "VPC.0115", "The router name has exist.");
            var vpc = CreateVpc(name, cidr, description);
            var delay = _settings.Vpc.VpcCreatingDelay;
            if (delay > TimeSpan.Zero) vpc.ReadyAt = vpc.CreatedAt + delay;
            return vpc;
        }
    }

    /// <summary>The VPCs in creation order, optionally one ID only.</summary>
    internal IReadOnlyList<VpcRecord> ListVpcRecords(string? id)
    {
        lock (_gate)
        {
            return _vpcs.Values.Where(v => id is null || v.Id == id)
                .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>DeleteVpc: refused while the VPC is CREATING or has subnets; the message names the subnets.</summary>
    internal void DeleteVpc(string vpcId)
    {
        lock (_gate)
        {
            if (!_vpcs.TryGetValue(vpcId, out var vpc)) throw ApiError.Vpc(404, "VPC.0003", "VPC does not exist.");
            if (VpcStatus(vpc) != "OK") throw ApiError.Vpc(409, "VPC.0103", "Rescource status is busy, try it again later.");
            var subnets = _subnets.Values.Where(s => s.VpcId == vpcId).OrderBy(s => s.CreatedAt).ToArray();
            if (subnets.Length > 0)
            {
                throw ApiError.Vpc(409, "VPC.0104", "Router contains subnets, please delete subnet first. Subnets: " +
                    string.Join(", ", subnets.Select(s => s.Id + " (" + s.Name + ")")) + ".");
            }
            _vpcs.Remove(vpcId);
        }
    }

    /// <summary>How many VPCs exist, for the quota document.</summary>
    internal string VpcUsage()
    {
        lock (_gate) return _vpcs.Count.ToString(CultureInfo.InvariantCulture) + "/" + _settings.Vpc.VpcQuota.ToString(CultureInfo.InvariantCulture);
    }
}
