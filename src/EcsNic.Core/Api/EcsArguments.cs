using System;
using System.Net;

namespace EcsNic.Core.Api;

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
    /// Requires a unicast IPv4 or IPv6 address (the client's rule, <see cref="InputValidation.IpAddress"/>), trimmed.
    /// Returns the canonical text, so that equal addresses give equal bulk keys.
    /// </summary>
    public static string RequireIpAddress(string parameterName, string? value)
    {
        var valid = InputValidation.IpAddress(value?.Trim(), parameterName);
        return valid.IndexOf(':') >= 0 ? IPAddress.Parse(valid).ToString() : valid;
    }

    /// <summary>
    /// Requires a unicast IPv4 address in strict dotted-decimal form (no leading zeros, which some parsers read as octal),
    /// trimmed: the rule of <see cref="InputValidation.Ipv4Address"/>, for parameters that take IPv4 only.
    /// </summary>
    public static string RequireIpv4Address(string parameterName, string? value) =>
        InputValidation.Ipv4Address(value?.Trim(), parameterName);

    /// <summary>
    /// Requires an absolute http or https URI without user info, query or fragment, such as
    /// https://ecs.cn-north-4.myhuaweicloud.com: the client's rule (<see cref="Endpoints.ValidateEndpoint"/>), which also
    /// refuses plain http:// except to a loopback address.
    /// </summary>
    public static Uri RequireEndpoint(string parameterName, Uri? value)
    {
        if (value is null) throw EcsValidationException.Missing(parameterName, "an absolute https:// URL is required.");
        return Endpoints.ValidateEndpoint(value, allowInsecureHttp: false, parameterName);
    }

    /// <summary>
    /// Requires a region ID such as cn-north-4 (the client's rule, <see cref="Endpoints.ValidateRegion"/>); returns it in
    /// lower case, and a rejection quotes the value as typed.
    /// </summary>
    public static string RequireRegion(string parameterName, string? value) => Endpoints.ValidateRegion(value, parameterName);
}
