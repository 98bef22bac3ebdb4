using System;
using System.Collections.Generic;
using System.Net.Sockets;
using EcsNic.Core.Models;

namespace EcsNic.Core.Api;

/// <summary>
/// Checks user input before anything is sent, so a bad value becomes an <see cref="EcsValidationException"/> that names
/// the parameter and the value instead of an odd request path or a cloud error. Nothing is trimmed or rewritten: a value
/// is either accepted exactly as given or rejected. The cmdlets reuse these checks.
/// </summary>
public static class InputValidation
{
    /// <summary>An example UUID for messages.</summary>
    public const string ExampleUuid = "d4e5f6a7-1234-4bcd-9ef0-123456789abc";

    /// <summary>An example 32-hex ID for messages.</summary>
    public const string ExampleHexId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /// <summary>Validates a NIC (port) ID: a UUID.</summary>
    public static string NicId(string? value, string parameterName = "NicId") => Uuid(value, parameterName, "NIC ID");

    /// <summary>Validates a server ID: a UUID.</summary>
    public static string ServerId(string? value, string parameterName = "ServerId") => Uuid(value, parameterName, "server ID");

    /// <summary>Validates a network (VPC subnet) ID: a UUID.</summary>
    public static string SubnetId(string? value, string parameterName = "SubnetId") => Uuid(value, parameterName, "subnet ID");

    /// <summary>Validates a port ID: a UUID.</summary>
    public static string PortId(string? value, string parameterName = "PortId") => Uuid(value, parameterName, "port ID");

    /// <summary>Validates a security group ID: a UUID.</summary>
    public static string SecurityGroupId(string? value, string parameterName = "SecurityGroupId") =>
        Uuid(value, parameterName, "security group ID");

    /// <summary>Validates a shared bandwidth ID: a UUID.</summary>
    public static string BandwidthId(string? value, string parameterName = "BandwidthId") =>
        Uuid(value, parameterName, "bandwidth ID");

    /// <summary>Validates a job ID: 32 hexadecimal digits, or a UUID.</summary>
    public static string JobId(string? value, string parameterName = "JobId")
    {
        if (value is not null && (IsHex32(value) || IsUuid(value))) return value;
        throw new EcsValidationException(parameterName, value,
            $"is not a valid job ID: expected 32 hexadecimal digits such as {ExampleHexId}, or a UUID such as {ExampleUuid}.");
    }

    /// <summary>Validates a project ID: 32 hexadecimal digits (a UUID is accepted too).</summary>
    public static string ProjectId(string? value, string parameterName = "ProjectId")
    {
        if (value is not null && (IsHex32(value) || IsUuid(value))) return value;
        throw new EcsValidationException(parameterName, value,
            $"is not a valid project ID: expected 32 hexadecimal digits such as {ExampleHexId}.");
    }

    /// <summary>
    /// Validates a unicast IP address: a strict IPv4 dotted quad or an IPv6 address without a zone ID. Unspecified,
    /// broadcast, loopback and multicast addresses are rejected. Returns the value unchanged.
    /// </summary>
    public static string IpAddress(string? value, string parameterName = "IpAddress")
    {
        var problem = IpAddressProblem(value, allowIpv6: true);
        if (problem is not null) throw new EcsValidationException(parameterName, value, problem);
        return value!;
    }

    /// <summary>Like <see cref="IpAddress"/>, but only IPv4 is accepted.</summary>
    public static string Ipv4Address(string? value, string parameterName = "IpAddress")
    {
        var problem = IpAddressProblem(value, allowIpv6: false);
        if (problem is not null) throw new EcsValidationException(parameterName, value, problem);
        return value!;
    }

    /// <summary>True when the value is a UUID in the 8-4-4-4-12 hexadecimal form, with nothing around it.</summary>
    public static bool IsUuid(string? value)
    {
        if (value is null || value.Length != 36) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (c != '-') return false;
            }
            else if (!IsHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Validates the NIC specs of BatchAddServerNics: at least one, each with valid IDs and address.</summary>
    public static void NicSpecs(IReadOnlyList<NicSpec>? nics, string parameterName = "Nic")
    {
        if (nics is null) throw new EcsValidationException(parameterName, null, "is required: give at least one NIC to attach.");
        if (nics.Count == 0) throw new EcsValidationException(parameterName, "(empty list)", "must name at least one NIC to attach.");
        for (var i = 0; i < nics.Count; i++)
        {
            var name = $"{parameterName}[{i}]";
            var spec = nics[i] ?? throw new EcsValidationException(name, null, "is null: every NIC spec needs a SubnetId or a PortId.");
            if (spec.PortId is null || spec.SubnetId is not null) SubnetId(spec.SubnetId, name + ".SubnetId");
            if (spec.PortId is not null) PortId(spec.PortId, name + ".PortId");
            if (spec.IpAddress is not null) Ipv4Address(spec.IpAddress, name + ".IpAddress");
            if (spec.SecurityGroups is not null)
            {
                for (var g = 0; g < spec.SecurityGroups.Count; g++)
                {
                    var groupName = $"{name}.SecurityGroups[{g}]";
                    var group = spec.SecurityGroups[g] ?? throw new EcsValidationException(groupName, null, "is null.");
                    SecurityGroupId(group.Id, groupName + ".Id");
                }
            }
            if (spec.Ipv6Bandwidth is not null) BandwidthId(spec.Ipv6Bandwidth.Id, name + ".Ipv6Bandwidth.Id");
        }
    }

    /// <summary>Validates the NIC IDs of BatchDeleteServerNics: at least one, each a UUID, none twice.</summary>
    public static void NicIds(IReadOnlyList<string>? nicIds, string parameterName = "NicId")
    {
        if (nicIds is null) throw new EcsValidationException(parameterName, null, "is required: give at least one NIC to detach.");
        if (nicIds.Count == 0) throw new EcsValidationException(parameterName, "(empty list)", "must name at least one NIC to detach.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < nicIds.Count; i++)
        {
            NicId(nicIds[i], $"{parameterName}[{i}]");
            if (!seen.Add(nicIds[i]))
                throw new EcsValidationException($"{parameterName}[{i}]", nicIds[i], "appears more than once in the list.");
        }
    }

    /// <summary>Escapes one path segment, so that no value can add a segment, a query or a fragment to a request path.</summary>
    public static string PathSegment(string value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        // EscapeDataString leaves '.' alone, so "." and ".." would still be dot segments that a URI parser removes.
        if (value.Length == 0 || value == "." || value == "..")
            throw new EcsValidationException("PathSegment", value, "cannot be used as a path segment.");
        return Uri.EscapeDataString(value);
    }

    private static string Uuid(string? value, string parameterName, string kind)
    {
        if (IsUuid(value)) return value!;
        throw new EcsValidationException(parameterName, value, $"is not a valid {kind}: expected a UUID such as {ExampleUuid}.");
    }

    private static bool IsHex32(string value)
    {
        if (value.Length != 32) return false;
        foreach (var c in value)
        {
            if (!IsHexDigit(c)) return false;
        }
        return true;
    }

    private static bool IsHexDigit(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static string? IpAddressProblem(string? value, bool allowIpv6)
    {
        var expected = allowIpv6
            ? "expected an IPv4 address such as 192.168.0.7 or an IPv6 address such as 2001:db8::7"
            : "expected an IPv4 address such as 192.168.0.7";
        if (value is null || value.Length == 0) return $"is not a valid IP address: {expected}.";
        // Longest IPv6 text form with an embedded IPv4 tail is 45 characters.
        if (value.Length > 45) return $"is not a valid IP address: {expected}.";
        if (value.IndexOf(':') >= 0)
        {
            if (!allowIpv6) return $"is not an IPv4 address: {expected}.";
            return Ipv6Problem(value, expected);
        }
        return Ipv4Problem(value, expected);
    }

    private static string? Ipv4Problem(string value, string expected)
    {
        var octets = new int[4];
        var part = 0;
        var digits = 0;
        var current = 0;
        var leadingZero = false;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i == value.Length || value[i] == '.')
            {
                if (digits == 0 || part > 3) return $"is not a valid IP address: {expected} (four decimal numbers separated by dots).";
                octets[part++] = current;
                digits = 0;
                current = 0;
                leadingZero = false;
                continue;
            }
            var c = value[i];
            if (c < '0' || c > '9') return $"is not a valid IP address: {expected}.";
            if (leadingZero) return $"is not a valid IP address: a number has a leading zero, which some systems read as octal; {expected}.";
            if (digits == 0 && c == '0') leadingZero = true;
            current = current * 10 + (c - '0');
            digits++;
            if (digits > 3 || current > 255) return $"is not a valid IP address: each number must be 0 to 255; {expected}.";
        }
        if (part != 4) return $"is not a valid IP address: {expected} (four decimal numbers separated by dots).";

        if (octets[0] == 0) return "is not a usable address: 0.0.0.0/8 means 'this network', not a host.";
        if (octets[0] == 255 && octets[1] == 255 && octets[2] == 255 && octets[3] == 255)
            return "is not a usable address: it is the broadcast address.";
        if (octets[0] == 127) return "is not a usable address: it is a loopback address.";
        if (octets[0] >= 224 && octets[0] <= 239) return "is not a usable address: it is a multicast address.";
        return null;
    }

    private static string? Ipv6Problem(string value, string expected)
    {
        foreach (var c in value)
        {
            if (c == '%') return $"is not a valid IP address: zone IDs (such as %eth0) are not allowed; {expected}.";
            if (!(IsHexDigit(c) || c == ':' || c == '.')) return $"is not a valid IP address: {expected}.";
        }
        if (!System.Net.IPAddress.TryParse(value, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            return $"is not a valid IP address: {expected}.";
        if (address.Equals(System.Net.IPAddress.IPv6None) || address.Equals(System.Net.IPAddress.IPv6Any))
            return "is not a usable address: :: is the unspecified address.";
        if (address.Equals(System.Net.IPAddress.IPv6Loopback)) return "is not a usable address: it is the loopback address.";
        if (address.IsIPv6Multicast) return "is not a usable address: it is a multicast address.";
        if (address.IsIPv4MappedToIPv6)
        {
            var v4 = address.MapToIPv4().ToString();
            var inner = Ipv4Problem(v4, expected);
            if (inner is not null) return inner;
        }
        return null;
    }
}
