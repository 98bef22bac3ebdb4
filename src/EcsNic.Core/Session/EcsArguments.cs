using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EcsNic.Core.Api;

namespace EcsNic.Core.Session;

/// <summary>
/// Checks of cmdlet input made before any request is sent, so that a typo fails with the parameter's name and value
/// instead of a 400 from the cloud. Each returns the value trimmed (or canonical), or throws <see cref="EcsValidationException"/>.
/// </summary>
public static class EcsArguments
{
    /// <summary>The longest ID accepted; Huawei IDs are 32 to 36 characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>
    /// Requires a server, NIC, subnet, port, security group or job ID: not empty, and only letters, digits, '-', '_' and
    /// '.', because the ID becomes a URL path segment.
    /// </summary>
    public static string RequireId(string parameterName, string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new EcsValidationException(parameterName, value, "is empty; an ID is required.");
        if (trimmed!.Length > MaxIdLength)
            throw new EcsValidationException(parameterName, value, $"is longer than {MaxIdLength} characters, so it is not an ID.");
        foreach (var c in trimmed)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.';
            if (!ok)
                throw new EcsValidationException(parameterName, value,
                    $"contains '{c}'; IDs contain only letters, digits, '-', '_' and '.'.");
        }
        return trimmed;
    }

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
