using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EcsNic.Core.Api;

/// <summary>
/// The VPC API's documented input rules, checked before anything is sent: private IPv4 ranges of the allowed sizes,
/// gateways and fixed IPs inside their subnet, names and descriptions of the allowed length and characters, and the
/// number of security groups. Addresses and IDs go through <see cref="InputValidation"/>.
/// </summary>
/// <remarks>
/// Limits, from Huawei's VPC API reference (CreateVpc, CreateSubnet): a VPC range lies in 10.0.0.0/8, 172.16.0.0/12 or
/// 192.168.0.0/16 with a prefix from that block's own length up to /24; a subnet lies in its VPC's range with a prefix of at
/// most /28. The security group limit is the ECS guide's advice of at most five per NIC.
/// </remarks>
public static class VpcInputValidation
{
    /// <summary>The longest subnet prefix CreateSubnet accepts ("the mask length cannot be greater than 28").</summary>
    public const int MaxSubnetPrefix = 28;

    /// <summary>The longest VPC prefix CreateVpc accepts.</summary>
    public const int MaxVpcPrefix = 24;

    /// <summary>The most security groups EcsNic lets a new NIC have.</summary>
    public const int MaxSecurityGroups = 5;

    private static readonly Ipv4Block[] PrivateBlocks =
    {
        new(0x0A000000, 8), new(0xAC100000, 12), new(0xC0A80000, 16),
    };

    /// <summary>Validates a VPC ID: a UUID.</summary>
    public static string VpcId(string? value, string parameterName = "VpcId")
    {
        if (InputValidation.IsUuid(value)) return value!;
        throw new EcsValidationException(parameterName, value,
            $"is not a valid VPC ID: expected a UUID such as {InputValidation.ExampleUuid}.");
    }

    /// <summary>Validates the range of a new VPC and returns its canonical text.</summary>
    public static string VpcCidr(string? value, string parameterName = "Cidr")
    {
        var block = ParseCidr(value, parameterName);
        var home = PrivateBlocks.FirstOrDefault(b => b.Contains(block));
        if (home.Prefix == 0)
            throw new EcsValidationException(parameterName, value,
                "is not a private IPv4 range: a VPC range must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.");
        if (block.Prefix > MaxVpcPrefix)
            throw new EcsValidationException(parameterName, value,
                $"is too small: a VPC range in {home} may be /{home.Prefix} to /{MaxVpcPrefix.ToString(CultureInfo.InvariantCulture)}.");
        return block.ToString();
    }

    /// <summary>
    /// Validates the range of a new subnet and returns its canonical text. When the VPC's range is known the subnet must
    /// lie inside it; otherwise it must at least be private.
    /// </summary>
    public static string SubnetCidr(string? value, string? vpcCidr, string parameterName = "Cidr")
    {
        var block = ParseCidr(value, parameterName);
        if (block.Prefix > MaxSubnetPrefix)
            throw new EcsValidationException(parameterName, value,
                $"is too small: a subnet may be at most /{MaxSubnetPrefix.ToString(CultureInfo.InvariantCulture)} (16 addresses).");
        if (vpcCidr is not null && TryParseCidr(vpcCidr, out var vpc))
        {
            if (!vpc.Contains(block))
                throw new EcsValidationException(parameterName, value, $"is not inside the VPC's range {vpc}.");
        }
        else if (!PrivateBlocks.Any(b => b.Contains(block)))
        {
            throw new EcsValidationException(parameterName, value,
                "is not a private IPv4 range: it must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.");
        }
        return block.ToString();
    }

    /// <summary>Validates a subnet's gateway: an IPv4 host address of the subnet. Returns it unchanged.</summary>
    public static string GatewayIp(string? value, string subnetCidr, string parameterName = "GatewayIp")
    {
        InputValidation.Ipv4Address(value, parameterName);
        RequireHostAddress(value!, ParseCidr(subnetCidr, "Cidr"), parameterName);
        return value!;
    }

    /// <summary>The gateway the VPC console proposes: the first host address of the subnet.</summary>
    public static string DefaultGateway(string subnetCidr)
    {
        var block = ParseCidr(subnetCidr, "Cidr");
        return FormatAddress(block.Network + 1);
    }

    /// <summary>Validates a fixed IP for a new port: an IPv4 host address of the subnet, and not its gateway.</summary>
    public static string FixedIp(string? value, string? subnetCidr, string? gatewayIp, string parameterName = "IpAddress")
    {
        InputValidation.Ipv4Address(value, parameterName);
        if (subnetCidr is null || !TryParseCidr(subnetCidr, out var block)) return value!;
        var address = RequireHostAddress(value!, block, parameterName);
        if (gatewayIp is not null && TryParseAddress(gatewayIp, out var gateway) && gateway == address)
            throw new EcsValidationException(parameterName, value, $"is the gateway of the subnet {block}; pick another address.");
        return value!;
    }

    /// <summary>Validates security group IDs: UUIDs, at most <see cref="MaxSecurityGroups"/> distinct ones. Returns them deduplicated.</summary>
    public static IReadOnlyList<string> SecurityGroupIds(IReadOnlyList<string?>? values, string parameterName = "SecurityGroupId")
    {
        if (values is null || values.Count == 0) return Array.Empty<string>();
        var result = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var id = InputValidation.SecurityGroupId(values[i]?.Trim(), parameterName);
            if (!result.Contains(id, StringComparer.OrdinalIgnoreCase)) result.Add(id);
        }
        if (result.Count > MaxSecurityGroups)
            throw new EcsValidationException(parameterName, string.Join(",", result),
                $"names {result.Count.ToString(CultureInfo.InvariantCulture)} security groups; a NIC may have at most " +
                $"{MaxSecurityGroups.ToString(CultureInfo.InvariantCulture)}.");
        return result;
    }

    /// <summary>
    /// Validates a VPC or subnet name: 1 to 64 letters (any script), digits, '_', '-' or '.'. With
    /// <paramref name="allowEmpty"/> an empty name (which CreateVpc accepts) passes.
    /// </summary>
    public static string Name(string? value, string parameterName = "Name", bool allowEmpty = false)
    {
        if (value is null || value.Length == 0)
        {
            if (allowEmpty && value is not null) return value;
            throw new EcsValidationException(parameterName, value, "is empty; give 1 to 64 characters.");
        }
        if (value.Length > 64) throw new EcsValidationException(parameterName, value, "is longer than 64 characters.");
        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))
                throw new EcsValidationException(parameterName, value,
                    $"contains '{c}'; a name may hold only letters, digits, '_', '-' and '.'.");
        }
        return value;
    }

    /// <summary>Validates a port name: at most 255 characters.</summary>
    public static string PortName(string? value, string parameterName = "Name")
    {
        if (value is null) throw new EcsValidationException(parameterName, null, "is required.");
        if (value.Length > 255) throw new EcsValidationException(parameterName, value, "is longer than 255 characters.");
        return value;
    }

    /// <summary>Validates a description: at most 255 characters and no angle brackets.</summary>
    public static string Description(string? value, string parameterName = "Description")
    {
        if (value is null) throw new EcsValidationException(parameterName, null, "is required.");
        if (value.Length > 255) throw new EcsValidationException(parameterName, value, "is longer than 255 characters.");
        if (value.IndexOf('<') >= 0 || value.IndexOf('>') >= 0)
            throw new EcsValidationException(parameterName, value, "contains '<' or '>', which the VPC API rejects.");
        return value;
    }

    /// <summary>Validates a DNS server address: an IPv4 address (the VPC API takes no IPv6 DNS servers).</summary>
    public static string DnsServer(string? value, string parameterName = "DnsServer") =>
        InputValidation.Ipv4Address(value, parameterName);

    /// <summary>True when <paramref name="address"/> is an IPv4 address inside <paramref name="cidr"/>.</summary>
    public static bool CidrContains(string? cidr, string? address) =>
        cidr is not null && address is not null && TryParseCidr(cidr, out var block) && TryParseAddress(address, out var a) &&
        block.ContainsAddress(a);

    private static uint RequireHostAddress(string value, Ipv4Block block, string parameterName)
    {
        var address = ParseAddress(value);
        if (!block.ContainsAddress(address))
            throw new EcsValidationException(parameterName, value, $"is not inside the subnet {block}.");
        if (address == block.Network || address == block.Broadcast)
            throw new EcsValidationException(parameterName, value,
                $"is the {(address == block.Network ? "network" : "broadcast")} address of {block}, not a host address.");
        return address;
    }

    private static Ipv4Block ParseCidr(string? value, string parameterName)
    {
        if (TryParseCidr(value, out var block, out var problem)) return block;
        throw new EcsValidationException(parameterName, value, problem);
    }

    private static bool TryParseCidr(string? value, out Ipv4Block block) => TryParseCidr(value, out block, out _);

    private static bool TryParseCidr(string? value, out Ipv4Block block, out string problem)
    {
        block = default;
        const string expected = "expected an IPv4 range such as 192.168.0.0/16";
        var slash = value?.IndexOf('/') ?? -1;
        if (value is null || slash <= 0)
        {
            problem = $"is not a CIDR range: {expected}.";
            return false;
        }
        var prefixText = value.Substring(slash + 1);
        if (prefixText.Length is 0 or > 2 || !prefixText.All(c => c is >= '0' and <= '9') || (prefixText.Length == 2 && prefixText[0] == '0'))
        {
            problem = $"has no valid prefix length after '/': {expected}.";
            return false;
        }
        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        if (prefix is < 1 or > 32)
        {
            problem = $"has a prefix length outside 1 to 32: {expected}.";
            return false;
        }
        var addressText = value.Substring(0, slash);
        if (!TryParseAddress(addressText, out var address))
        {
            problem = $"does not start with a valid IPv4 address: {expected}.";
            return false;
        }
        var candidate = new Ipv4Block(address, prefix);
        if (candidate.Network != address)
        {
            problem = $"has host bits set: the range starting there is {candidate}.";
            return false;
        }
        block = candidate;
        problem = string.Empty;
        return true;
    }

    private static uint ParseAddress(string value) =>
        TryParseAddress(value, out var address) ? address : throw new EcsValidationException("IpAddress", value, "is not an IPv4 address.");

    private static bool TryParseAddress(string value, out uint address)
    {
        address = 0;
        var parts = value.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(c => c is >= '0' and <= '9')) return false;
            var octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255) return false;
            address = (address << 8) | (uint)octet;
        }
        return true;
    }

    private static string FormatAddress(uint address) =>
        string.Join(".", new[] { address >> 24, (address >> 16) & 0xFF, (address >> 8) & 0xFF, address & 0xFF }
            .Select(o => o.ToString(CultureInfo.InvariantCulture)));

    private readonly struct Ipv4Block
    {
        public Ipv4Block(uint address, int prefix)
        {
            Prefix = prefix;
            Mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
            Network = address & Mask;
        }

        public uint Network { get; }

        public int Prefix { get; }

        public uint Mask { get; }

        public uint Broadcast => Network | ~Mask;

        public bool Contains(Ipv4Block inner) => Prefix != 0 && inner.Prefix >= Prefix && (inner.Network & Mask) == Network;

        public bool ContainsAddress(uint address) => (address & Mask) == Network;

        public override string ToString() => FormatAddress(Network) + "/" + Prefix.ToString(CultureInfo.InvariantCulture);
    }
}
