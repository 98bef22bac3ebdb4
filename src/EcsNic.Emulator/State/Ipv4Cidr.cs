using System;
using System.Globalization;

namespace EcsNic.Emulator.State;

/// <summary>An IPv4 CIDR block with the helpers the VPC rules need.</summary>
public readonly struct Ipv4Cidr
{
    private Ipv4Cidr(uint network, int prefix)
    {
        Network = network;
        Prefix = prefix;
    }

    /// <summary>The network address as a host-order integer.</summary>
    public uint Network { get; }

    /// <summary>The prefix length.</summary>
    public int Prefix { get; }

    /// <summary>The mask as a host-order integer.</summary>
    public uint Mask => Prefix == 0 ? 0u : uint.MaxValue << (32 - Prefix);

    /// <summary>The broadcast (last) address.</summary>
    public uint Broadcast => Network | ~Mask;

    /// <summary>Parses "a.b.c.d/n" and insists that the address is the network address, as the VPC API does.</summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return false;
        if (!Ipv4.TryParse(text[..slash], out var address)) return false;
        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)) return false;
        if (prefix is < 8 or > 29) return false;
        var candidate = new Ipv4Cidr(address, prefix);
        if ((address & candidate.Mask) != address) return false;
        cidr = candidate;
        return true;
    }

    /// <summary>True when the address lies inside the block (network and broadcast included).</summary>
    public bool Contains(uint address) => (address & Mask) == Network;

    /// <summary>True when the other block lies entirely inside this one.</summary>
    public bool Contains(Ipv4Cidr other) => other.Prefix >= Prefix && Contains(other.Network);

    /// <summary>True when the two blocks share any address.</summary>
    public bool Overlaps(Ipv4Cidr other) => Contains(other.Network) || other.Contains(Network);

    /// <inheritdoc />
    public override string ToString() => Ipv4.Format(Network) + "/" + Prefix.ToString(CultureInfo.InvariantCulture);
}
