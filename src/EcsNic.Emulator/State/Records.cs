using System;
using System.Collections.Generic;
using System.Threading;

namespace EcsNic.Emulator.State;

/// <summary>One entry of a port's <c>allowed_address_pairs</c>.</summary>
public sealed record AddressPair(string IpAddress, string MacAddress);

/// <summary>A VPC as the emulator holds it.</summary>
public sealed record VpcSnapshot(string Id, string Name, string Cidr, string Status);

/// <summary>A subnet as the emulator holds it. <see cref="Id"/> is the network ID that ECS calls <c>subnet_id</c>/<c>net_id</c>.</summary>
public sealed record SubnetSnapshot(string Id, string NeutronSubnetId, string Name, string Cidr, string GatewayIp, string VpcId);

/// <summary>A port (NIC or virtual IP) as the emulator holds it.</summary>
public sealed record PortSnapshot(
    string Id,
    string Name,
    string NetworkId,
    string NeutronSubnetId,
    string IpAddress,
    string MacAddress,
    string DeviceOwner,
    string DeviceId,
    IReadOnlyList<AddressPair> AllowedAddressPairs)
{
    /// <summary>True for a virtual IP port (<c>device_owner</c> is <c>neutron:VIP_PORT</c>).</summary>
    public bool IsVirtualIp => DeviceOwner == PortRecord.VipOwner;
}

/// <summary>A server and its NICs, the first being the primary NIC.</summary>
public sealed record ServerSnapshot(string Id, string Name, string VpcId, IReadOnlyList<PortSnapshot> Nics);

/// <summary>A sub-job of an ECS job.</summary>
public sealed record SubJobSnapshot(string Id, string JobType, string Status, string? NicId, string? ErrorCode, string? FailReason);

/// <summary>An ECS job as it reads at the moment of the snapshot.</summary>
public sealed record JobSnapshot(
    string Id,
    string JobType,
    string Status,
    string ServerId,
    TimeSpan Duration,
    string? ErrorCode,
    string? FailReason,
    IReadOnlyList<SubJobSnapshot> SubJobs);

internal sealed class VpcRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = string.Empty;
    public required Ipv4Cidr Cidr { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public bool Shown { get; set; }

    /// <summary>When the VPC stops reading CREATING; null for one that was ready from the start.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    public VpcSnapshot ToSnapshot() => new(Id, Name, Cidr.ToString(), Shown ? "OK" : "CREATING");
}

internal sealed class SubnetRecord
{
    public required string Id { get; init; }
    public required string NeutronSubnetId { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = string.Empty;
    public required string VpcId { get; init; }
    public required Ipv4Cidr Cidr { get; init; }
    public required uint Gateway { get; init; }
    public string PrimaryDns { get; init; } = "100.125.1.250";
    public string SecondaryDns { get; init; } = "100.125.129.250";
    public string AvailabilityZone { get; init; } = string.Empty;
    public bool DhcpEnable { get; init; } = true;
    public required DateTimeOffset CreatedAt { get; init; }
    public bool Shown { get; set; }

    /// <summary>When the subnet stops reading UNKNOWN; null for one that was ready from the start.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    public bool IsReserved(uint address) => address == Cidr.Network || address == Cidr.Broadcast || address == Gateway;

    public SubnetSnapshot ToSnapshot() => new(Id, NeutronSubnetId, Name, Cidr.ToString(), Ipv4.Format(Gateway), VpcId);
}

internal sealed class PortRecord
{
    public const string VipOwner = "neutron:VIP_PORT";

    private AddressPair[] _pairs = Array.Empty<AddressPair>();

    public required string Id { get; init; }
    public string Name { get; set; } = string.Empty;
    public required string NetworkId { get; init; }
    public required string NeutronSubnetId { get; init; }
    public required string IpAddress { get; init; }
    public required string MacAddress { get; init; }
    public string DeviceOwner { get; set; } = string.Empty;
    public string DeviceId { get; set; } = string.Empty;
    public IReadOnlyList<string> SecurityGroups { get; set; } = Array.Empty<string>();
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a new port stops reading BUILD; null for one that was ready from the start.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>Serialises updates when the race model is off.</summary>
    public object PairsGate { get; } = new();

    /// <summary>Replaced wholesale on every update, so a reader always sees one consistent list.</summary>
    public AddressPair[] Pairs
    {
        get => Volatile.Read(ref _pairs);
        set => Volatile.Write(ref _pairs, value);
    }

    public bool IsVirtualIp => DeviceOwner == VipOwner;
    public bool IsAttached => DeviceOwner.StartsWith("compute:", StringComparison.Ordinal);

    public PortSnapshot ToSnapshot() =>
        new(Id, Name, NetworkId, NeutronSubnetId, IpAddress, MacAddress, DeviceOwner, DeviceId, Pairs);
}

internal sealed class ServerRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string VpcId { get; init; }
    public string AvailabilityZone { get; init; } = "cn-north-4a";
    public List<string> NicIds { get; } = new();
}

internal enum JobKind
{
    AddNics,
    DeleteNics,
}

internal sealed class SubJobRecord
{
    public required string Id { get; init; }
    public required string JobType { get; init; }
    public string? SubnetId { get; init; }
    public string? PortId { get; init; }
    public string? IpAddress { get; init; }
    public IReadOnlyList<string> SecurityGroups { get; init; } = Array.Empty<string>();
    public string? Status { get; set; }
    public string? NicId { get; set; }
    public string? ErrorCode { get; set; }
    public string? FailReason { get; set; }
}

internal sealed class JobRecord
{
    public required string Id { get; init; }
    public required JobKind Kind { get; init; }
    public required string JobType { get; init; }
    public required string ServerId { get; init; }
    public required DateTimeOffset Begin { get; init; }
    public required TimeSpan Duration { get; init; }
    public required List<SubJobRecord> SubJobs { get; init; }
    public bool Finalized { get; set; }
    public DateTimeOffset? End { get; set; }
    public string? Status { get; set; }
    public string? ErrorCode { get; set; }
    public string? FailReason { get; set; }

    public DateTimeOffset Due => Begin + Duration;

    /// <summary>INIT for the first fifth of the duration (at most a second), RUNNING until done.</summary>
    public string StatusAt(DateTimeOffset realNow)
    {
        if (Finalized) return Status!;
        var init = TimeSpan.FromTicks(Math.Min(Duration.Ticks / 5, TimeSpan.TicksPerSecond));
        return realNow - Begin < init ? "INIT" : "RUNNING";
    }

    public JobSnapshot ToSnapshot(DateTimeOffset realNow)
    {
        var status = StatusAt(realNow);
        var subs = new List<SubJobSnapshot>(SubJobs.Count);
        foreach (var s in SubJobs)
            subs.Add(new SubJobSnapshot(s.Id, s.JobType, Finalized ? s.Status! : status,
                Finalized || Kind == JobKind.DeleteNics ? s.NicId : null,
                s.ErrorCode, s.FailReason));
        return new JobSnapshot(Id, JobType, status, ServerId, Duration, ErrorCode, FailReason, subs);
    }
}
