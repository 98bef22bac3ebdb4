using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// The VPCs. A new VPC reads CREATING for the configured delay, then OK; there is a quota on how many there are and names
/// are unique when given; deletion is refused while subnets remain (VPC.0104) or while it is still CREATING (VPC.0103), as
/// the VPC error table says.
/// </summary>
internal sealed class VpcStore(CloudTables tables, IdSource ids, EmulatorClock clock, EmulatorSettings settings)
{
    private static readonly Ipv4Cidr[] PrivateBlocks = { Block("10.0.0.0/8"), Block("172.16.0.0/12"), Block("192.168.0.0/16") };

    /// <summary>Adds a seeded VPC: ready from the start, and already shown.</summary>
    public VpcRecord Seed(string name, string cidr, string description, DateTimeOffset created)
    {
        var vpc = new VpcRecord { Id = ids.NewUuid(), Name = name, Description = description, Cidr = Block(cidr), CreatedAt = created, Shown = true };
        lock (tables.Gate) tables.Vpcs.Add(vpc.Id, vpc);
        return vpc;
    }

    /// <summary>CREATING until the VPC's ready time, then OK.</summary>
    public string Status(VpcRecord vpc) => vpc.ReadyAt is { } ready && clock.RealUtcNow < ready ? "CREATING" : "OK";

    /// <summary>CreateVpc: the quota, the name rule and a private range, then CREATING for the configured delay.</summary>
    public VpcRecord Create(string name, string cidr, string description)
    {
        lock (tables.Gate)
        {
            if (tables.Vpcs.Count >= settings.Vpc.VpcQuota)
                throw ApiError.Vpc(409, "VPC.0114", "Quota exceeded for resources: ['router'].");
            if (name.Length > 0 && tables.Vpcs.Values.Any(v => v.Name == name))
                throw ApiError.Vpc(400, "VPC.0115", "The router name has exist.");
            if (!Ipv4Cidr.TryParse(cidr, out var block) || !PrivateBlocks.Any(p => p.Contains(block)))
                throw ApiError.Vpc(400, "VPC.0101", "Param is invalid. The cidr must be a private IPv4 block such as 192.168.0.0/16.");
            var vpc = new VpcRecord { Id = ids.NewUuid(), Name = name, Description = description, Cidr = block, CreatedAt = clock.RealUtcNow };
            var delay = settings.Vpc.VpcCreatingDelay;
            if (delay > TimeSpan.Zero) vpc.ReadyAt = vpc.CreatedAt + delay;
            tables.Vpcs.Add(vpc.Id, vpc);
            return vpc;
        }
    }

    /// <summary>ShowVpc: the VPC, marked as shown, or null.</summary>
    public VpcRecord? Show(string vpcId)
    {
        lock (tables.Gate)
        {
            if (!tables.Vpcs.TryGetValue(vpcId, out var vpc)) return null;
            vpc.Shown = true;
            return vpc;
        }
    }

    /// <summary>The VPCs in creation order, optionally one ID only.</summary>
    public IReadOnlyList<VpcRecord> List(string? id)
    {
        lock (tables.Gate) return tables.Vpcs.Values.Where(v => id is null || v.Id == id).InCreationOrder();
    }

    /// <summary>DeleteVpc: refused while the VPC is CREATING or has subnets; the message names the subnets.</summary>
    public void Delete(string vpcId)
    {
        lock (tables.Gate)
        {
            if (!tables.Vpcs.TryGetValue(vpcId, out var vpc)) throw ApiError.Vpc(404, "VPC.0003", "VPC does not exist.");
            if (Status(vpc) != "OK") throw ApiError.Vpc(409, "VPC.0103", "Rescource status is busy, try it again later.");
            var subnets = tables.Subnets.Values.Where(s => s.VpcId == vpcId).OrderBy(s => s.CreatedAt).ToArray();
            if (subnets.Length > 0)
            {
                throw ApiError.Vpc(409, "VPC.0104", "Router contains subnets, please delete subnet first. Subnets: " +
                    string.Join(", ", subnets.Select(s => s.Id + " (" + s.Name + ")")) + ".");
            }
            tables.Vpcs.Remove(vpcId);
        }
    }

    /// <summary>A VPC as the state dump shows it, or null.</summary>
    public VpcSnapshot? Snapshot(string vpcId)
    {
        lock (tables.Gate) return tables.Vpcs.TryGetValue(vpcId, out var v) ? v.ToSnapshot() : null;
    }

    /// <summary>Every VPC, in table order.</summary>
    public IReadOnlyList<VpcSnapshot> Snapshots()
    {
        lock (tables.Gate) return tables.Vpcs.Values.Select(v => v.ToSnapshot()).ToArray();
    }

    private static Ipv4Cidr Block(string cidr)
    {
        Ipv4Cidr.TryParse(cidr, out var block);
        return block;
    }
}
