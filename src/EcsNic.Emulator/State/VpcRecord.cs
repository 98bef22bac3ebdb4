using System;

namespace EcsNic.Emulator.State;

/// <summary>A VPC row.</summary>
internal sealed class VpcRecord : IResourceRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = string.Empty;
    public required Ipv4Cidr Cidr { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Whether ShowVpc has read it (or it was seeded); the state dump's status follows this, not the delay.</summary>
    public bool Shown { get; set; }

    /// <summary>When the VPC stops reading CREATING; null for one that was ready from the start.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    public VpcSnapshot ToSnapshot() => new(Id, Name, Cidr.ToString(), Shown ? "OK" : "CREATING");
}
