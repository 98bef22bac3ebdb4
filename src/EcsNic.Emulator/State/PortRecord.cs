using System;
using System.Collections.Generic;
using System.Threading;

namespace EcsNic.Emulator.State;

/// <summary>A port row: a NIC (attached to a server or free) or a virtual IP.</summary>
internal sealed class PortRecord : IResourceRecord
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
