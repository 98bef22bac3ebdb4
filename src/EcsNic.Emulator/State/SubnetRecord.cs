using System;

namespace EcsNic.Emulator.State;

/// <summary>A subnet row. <see cref="Id"/> is the network ID; <see cref="NeutronSubnetId"/> is what fixed_ips carry.</summary>
internal sealed class SubnetRecord : IResourceRecord
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

    /// <summary>When the subnet stops reading UNKNOWN; null for one that was ready from the start.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    public bool IsReserved(uint address) => address == Cidr.Network || address == Cidr.Broadcast || address == Gateway;

    /// <summary>Parses an address that a port may hold here: inside the range, and not the network, broadcast or gateway.</summary>
    public bool TryUsableAddress(string? text, out string address)
    {
        address = string.Empty;
        if (!Ipv4.TryParse(text, out var value) || !Cidr.Contains(value) || IsReserved(value)) return false;
        address = Ipv4.Format(value);
        return true;
    }

    public SubnetSnapshot ToSnapshot() => new(Id, NeutronSubnetId, Name, Cidr.ToString(), Ipv4.Format(Gateway), VpcId);
}
