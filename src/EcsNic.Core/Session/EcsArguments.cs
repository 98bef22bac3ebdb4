using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EcsNic.Core.Api;

namespace EcsNic.Core.Session;

/// <summary>
/// Checks of cmdlet input made before any request is sent, so that a typo fails with the parameter's name and value
/// instead of a 400 from the cloud, and one bad piped record fails alone. The ID rules are the client's
/// (<see cref="InputValidation"/>); each returns the value trimmed (or canonical), or throws <see cref="EcsValidationException"/>.
/// </summary>
public static class EcsArguments
{
    /// <summary>Requires a server ID (a UUID); surrounding whitespace, as pasted or read from a CSV, is trimmed.</summary>
    public static string ServerId(string parameterName, string? value) => InputValidation.ServerId(value?.Trim(), parameterName);

    /// <summary>Requires a NIC (port) ID (a UUID), trimmed.</summary>
    public static string NicId(string parameterName, string? value) => InputValidation.NicId(value?.Trim(), parameterName);

    /// <summary>Requires a network (VPC subnet) ID (a UUID), trimmed.</summary>
    public static string SubnetId(string parameterName, string? value) => InputValidation.SubnetId(value?.Trim(), parameterName);

    /// <summary>Requires a port ID (a UUID), trimmed.</summary>
    public static string PortId(string parameterName, string? value) => InputValidation.PortId(value?.Trim(), parameterName);

    /// <summary>Requires a security group ID (a UUID), trimmed.</summary>
    public static string SecurityGroupId(string parameterName, string? value) =>
        InputValidation.SecurityGroupId(value?.Trim(), parameterName);

    /// <summary>Requires a shared bandwidth ID (a UUID), trimmed.</summary>
    public static string BandwidthId(string parameterName, string? value) => InputValidation.BandwidthId(value?.Trim(), parameterName);

    /// <summary>Requires a job ID (32 hexadecimal digits or a UUID), trimmed.</summary>
    public static string JobId(string parameterName, string? value) => InputValidation.JobId(value?.Trim(), parameterName);

    /// <summary>Requires a project ID (32 hexadecimal digits), trimmed.</summary>
    public static string ProjectId(string parameterName, string? value) => InputValidation.ProjectId(value?.Trim(), parameterName);

    /// <summary>
    /// Requires an IPv4 address in strict dotted-decimal form (no leading zeros, which some parsers read as octal) or an
    /// IPv6 address. Returns the canonical text, so that equal addresses give equal bulk keys.
    /// </summary>
    public static string RequireIpAddress(string parameterName, string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new EcsValidationException(parameterName, value, "is empty; an IP address is required.");
        if (trimmed!.IndexOf(':') >= 0)
        {
            if (IPAddress.TryParse(trimmed, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && trimmed.IndexOf('%') < 0)
                return v6.ToString();
            throw new EcsValidationException(parameterName, value, "is not a valid IPv6 address.");
        }
        var parts = trimmed.Split('.');
        if (parts.Length != 4)
            throw new EcsValidationException(parameterName, value, "is not a valid IPv4 address (expected four numbers such as 192.168.0.10).");
        foreach (var part in parts)
        {
            var valid = part.Length is >= 1 and <= 3 && (part.Length == 1 || part[0] != '0');
            foreach (var c in part) valid &= c is >= '0' and <= '9';
            if (!valid || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
                throw new EcsValidationException(parameterName, value,
                    "is not a valid IPv4 address (each of the four numbers is 0 to 255, without leading zeros).");
        }
        return trimmed;
    }

    /// <summary>Requires an absolute http or https URI without query or fragment, such as https://ecs.cn-north-4.myhuaweicloud.com.</summary>
    public static Uri RequireEndpoint(string parameterName, Uri? value)
    {
        if (value is null)
            throw new EcsValidationException(parameterName, null, "is empty; an absolute http or https URI is required.");
        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
            throw new EcsValidationException(parameterName, value.OriginalString, "is not an absolute http or https URI.");
        if (value.Query.Length > 0 || value.Fragment.Length > 0)
            throw new EcsValidationException(parameterName, value.OriginalString, "has a query or fragment; give only scheme, host, port and path.");
        return value;
    }

    /// <summary>Requires a region name such as cn-north-4: lower-case letters, digits and '-'. Unknown regions are accepted.</summary>
    public static string RequireRegion(string parameterName, string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new EcsValidationException(parameterName, value, "is empty; a region such as cn-north-4 is required.");
        foreach (var c in trimmed!)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-'))
                throw new EcsValidationException(parameterName, value, $"contains '{c}'; a region looks like cn-north-4.");
        }
        return trimmed.ToLowerInvariant();
    }
}
