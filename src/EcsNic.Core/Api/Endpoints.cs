using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace EcsNic.Core.Api;

/// <summary>
/// Maps regions to the ECS and IAM endpoints, applies the overrides the official SDK honours, and checks endpoints
/// before any credentials are sent to them.
/// </summary>
public static class Endpoints
{
    /// <summary>The prefix of the environment variable that overrides the ECS endpoint of one region (as the SDK reads it).</summary>
    public const string EcsEnvironmentPrefix = "HUAWEICLOUD_SDK_REGION_ECS_";

    /// <summary>The prefix of the environment variable that overrides the IAM endpoint of one region.</summary>
    public const string IamEnvironmentPrefix = "HUAWEICLOUD_SDK_REGION_IAM_";

    /// <summary>The variable every official SDK reads for the IAM endpoint of the project lookup (IamService.cs).</summary>
    public const string IamEndpointVariable = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

    /// <summary>The global IAM endpoint, which the SDKs use for a region missing from their IAM map.</summary>
    public static readonly Uri GlobalIamEndpoint = new("https://iam.myhuaweicloud.com", UriKind.Absolute);

    // The regions with a regional IAM host in huaweicloud-sdk-net-v3 3.1.207 (Core/Resources/iam_endpoints.json, which
    // IamService reads; Services/Iam/V3/Region/IamRegion.cs adds eu-west-101 under myhuaweicloud.eu). See docs/regions.md.
    private static readonly HashSet<string> RegionalIam = new(StringComparer.Ordinal)
    {
        "cn-north-2", "cn-north-4", "cn-north-1", "cn-east-2", "cn-east-3", "cn-south-1", "cn-south-2", "cn-southwest-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "af-south-1", "sa-brazil-1", "la-south-2", "na-mexico-1",
        "la-north-2", "cn-north-9", "eu-west-0", "my-kualalumpur-1", "ru-moscow-1", "me-east-1", "ap-southeast-4", "ae-ad-1",
        "cn-east-4", "cn-east-5", "tr-west-1", "cn-north-12", "eu-west-101",
    };

    // Terraform's getCloudDomain (huaweicloud/provider.go): every service of an eu-west-1xx region is under myhuaweicloud.eu.
    private const string EuropeRegionPrefix = "eu-west-1";

    // The ECS regions of the official SDKs' EcsRegion tables (33 in huaweicloud-sdk-go-v3 services/ecs/v2/region).
    private static readonly string[] Regions =
    {
        "cn-north-1", "cn-north-4", "cn-south-1", "cn-east-2", "cn-east-3", "cn-southwest-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "af-south-1", "sa-brazil-1", "la-north-2",
        "cn-south-4", "na-mexico-1", "la-south-2", "cn-south-2", "cn-north-9", "cn-north-2",
        "ap-southeast-4", "tr-west-1", "me-east-1", "ae-ad-1", "cn-east-4", "eu-west-101",
        "cn-east-5", "eu-west-0", "my-kualalumpur-1", "af-north-1", "ru-moscow-1", "ap-southeast-5",
        "cn-north-11", "cn-north-12", "cn-southwest-3",
    };

    private static readonly HashSet<string> RegionSet = new(Regions, StringComparer.Ordinal);

    private static readonly Regex RegionPattern = new("^[a-z]{2,}-[a-z]+-[0-9]+$", RegexOptions.CultureInvariant);

    /// <summary>The regions the official SDK knows for ECS, in the SDK's order.</summary>
    public static IReadOnlyList<string> KnownRegions { get; } = Array.AsReadOnly(Regions);

    /// <summary>True for a region the official SDK lists.</summary>
    public static bool IsKnownRegion(string? region) => region is not null && RegionSet.Contains(region);

    /// <summary>
    /// Accepts a known region, or an unknown one shaped like a region ID (<c>xx-name-9</c>), so new regions work before
    /// this list learns them. Anything else is an <see cref="EcsValidationException"/>.
    /// </summary>
    /// <remarks>
    /// This is the one region rule: cmdlets and the client both use it. Surrounding whitespace is ignored and upper case
    /// is folded (a region ID is lower case), but a rejection quotes the value as it was typed.
    /// </remarks>
    public static string ValidateRegion(string? region, string parameterName = "Region")
    {
        if (region is null) throw EcsValidationException.Missing(parameterName, "is required: give a region such as cn-north-4.");
        var candidate = region.Trim().ToLowerInvariant();
        if (candidate.Length == 0)
            throw new EcsValidationException(parameterName, region, "is empty; a region such as cn-north-4 is required.");
        if (RegionSet.Contains(candidate) || (candidate.Length <= 64 && RegionPattern.IsMatch(candidate))) return candidate;
        throw new EcsValidationException(parameterName, region,
            "is not a valid region ID: expected a region such as cn-north-4, ap-southeast-1 or la-south-2.");
    }

    /// <summary>
    /// The ECS endpoint derived from a region, without overrides: ecs.{region}.myhuaweicloud.com, or myhuaweicloud.eu for
    /// the eu-west-1xx regions (Terraform's domain rule and the EU site's endpoint pages; the .NET SDK's EcsRegion lists
    /// eu-west-101 under .com, see docs/regions.md).
    /// </summary>
    public static Uri EcsEndpointForRegion(string region) => new($"https://ecs.{ValidateRegion(region)}.{CloudDomain(region)}", UriKind.Absolute);

    /// <summary>
    /// The IAM endpoint derived from a region, without overrides: the regional host for the regions in the SDK's IAM map
    /// (under myhuaweicloud.eu for eu-west-1xx), else the global https://iam.myhuaweicloud.com, as the SDKs fall back.
    /// </summary>
    public static Uri IamEndpointForRegion(string region)
    {
        var valid = ValidateRegion(region);
        return RegionalIam.Contains(valid) || IsEuropeRegion(valid)
            ? new Uri($"https://iam.{valid}.{CloudDomain(valid)}", UriKind.Absolute)
            : GlobalIamEndpoint;
    }

    private static bool IsEuropeRegion(string region) => region.StartsWith(EuropeRegionPrefix, StringComparison.Ordinal);

    private static string CloudDomain(string region) => IsEuropeRegion(region.Trim().ToLowerInvariant()) ? "myhuaweicloud.eu" : "myhuaweicloud.com";

    /// <summary>The environment variable that overrides a region's endpoint for a service prefix.</summary>
    public static string EnvironmentVariableName(string prefix, string region) =>
        prefix + region.ToUpperInvariant().Replace('-', '_');

    /// <summary>
    /// The ECS endpoint to use: <see cref="EcsClientOptions.Endpoint"/>, else the first endpoint in
    /// <c>HUAWEICLOUD_SDK_REGION_ECS_{REGION}</c>, else the one derived from the region. The result is checked with
    /// <see cref="ValidateEndpoint"/>.
    /// </summary>
    public static Uri ResolveEcs(EcsClientOptions options, Func<string, string?>? getEnvironmentVariable = null)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.Endpoint is not null) return ValidateEndpoint(options.Endpoint, options.AllowInsecureHttp, "Endpoint");
        if (options.Region is null)
            throw EcsValidationException.Missing("Region", "is required: give a region such as cn-north-4, or an endpoint.");
        var region = ValidateRegion(options.Region);
        var fromEnvironment = FromEnvironment(EcsEnvironmentPrefix, region, getEnvironmentVariable);
        return fromEnvironment is not null
            ? ValidateEndpoint(fromEnvironment, options.AllowInsecureHttp, EnvironmentVariableName(EcsEnvironmentPrefix, region))
            : EcsEndpointForRegion(region);
    }

    /// <summary>
    /// The IAM endpoint for project lookup: <see cref="EcsClientOptions.IamEndpoint"/>, else
    /// <c>HUAWEICLOUD_SDK_REGION_IAM_{REGION}</c>, else <c>HUAWEICLOUD_SDK_IAM_ENDPOINT</c>, else the one derived from the
    /// region. Never <see cref="EcsClientOptions.Endpoint"/>: an ECS host does not serve IAM (no SDK sends the lookup there).
    /// </summary>
    public static Uri ResolveIam(EcsClientOptions options, Func<string, string?>? getEnvironmentVariable = null)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.IamEndpoint is not null) return ValidateEndpoint(options.IamEndpoint, options.AllowInsecureHttp, "IamEndpoint");
        if (options.Region is null)
            throw EcsValidationException.Missing("Region", "is needed to look up the project ID: give a region such as cn-north-4.");
        var region = ValidateRegion(options.Region);
        var fromEnvironment = FromEnvironment(IamEnvironmentPrefix, region, getEnvironmentVariable);
        if (fromEnvironment is not null)
            return ValidateEndpoint(fromEnvironment, options.AllowInsecureHttp, EnvironmentVariableName(IamEnvironmentPrefix, region));
        var global = FromVariable(IamEndpointVariable, getEnvironmentVariable);
        return global is not null
            ? ValidateEndpoint(global, options.AllowInsecureHttp, IamEndpointVariable)
            : IamEndpointForRegion(region);
    }

    /// <summary>
    /// Checks that an endpoint is an absolute https:// URI without user info, query or fragment. Plain http:// is
    /// accepted for a loopback host, or anywhere when <paramref name="allowInsecureHttp"/> is true.
    /// </summary>
    public static Uri ValidateEndpoint(Uri endpoint, bool allowInsecureHttp, string parameterName = "Endpoint")
    {
        if (endpoint is null) throw new ArgumentNullException(nameof(endpoint));
        var text = endpoint.OriginalString;
        if (!endpoint.IsAbsoluteUri)
            throw new EcsValidationException(parameterName, text, "is not an absolute URL: expected one such as https://ecs.cn-north-4.myhuaweicloud.com.");
        if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
            throw new EcsValidationException(parameterName, text, "must be an https:// URL.");
        if (endpoint.UserInfo.Length > 0)
            throw new EcsValidationException(parameterName, text, "must not contain a user name or password.");
        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
            throw new EcsValidationException(parameterName, text, "must not contain a query (?) or fragment (#).");
        if (endpoint.Host.Length == 0) throw new EcsValidationException(parameterName, text, "has no host name.");
        if (endpoint.Scheme == Uri.UriSchemeHttp && !allowInsecureHttp && !IsLoopback(endpoint))
            throw new EcsValidationException(parameterName, text,
                "uses plain http://, which would send signed requests unencrypted: use https://, or allow insecure HTTP explicitly.");
        return endpoint;
    }

    /// <summary>True for an insecure http:// endpoint that is not a loopback address (which deserves a warning).</summary>
    public static bool IsInsecure(Uri endpoint) =>
        endpoint is not null && endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(endpoint);

    /// <summary>True when the URI's host is localhost or a loopback IP address.</summary>
    public static bool IsLoopback(Uri uri)
    {
        if (uri is null) throw new ArgumentNullException(nameof(uri));
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>
    /// The Host header value for a request: the host, plus <c>:port</c> when the port is not the scheme's default. The
    /// signature covers exactly this value, so a server that verifies what it receives sees the same text.
    /// </summary>
    public static string HostHeader(Uri uri)
    {
        if (uri is null) throw new ArgumentNullException(nameof(uri));
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? host : host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Joins an endpoint and a relative path whose segments are already escaped.</summary>
    internal static Uri Combine(Uri endpoint, string escapedPathAndQuery)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        var builder = endpoint.GetLeftPart(UriPartial.Authority) + basePath + escapedPathAndQuery;
        return new Uri(builder, UriKind.Absolute);
    }

    private static Uri? FromEnvironment(string prefix, string region, Func<string, string?>? getEnvironmentVariable) =>
        FromVariable(EnvironmentVariableName(prefix, region), getEnvironmentVariable);

    private static Uri? FromVariable(string name, Func<string, string?>? getEnvironmentVariable)
    {
        var value = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(name);
        if (string.IsNullOrWhiteSpace(value)) return null;
        foreach (var part in value!.Split(','))
        {
            var candidate = part.Trim();
            if (candidate.Length == 0) continue;
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri))
                throw new EcsValidationException(name, candidate, "is not an absolute URL: expected one such as https://ecs.cn-north-4.myhuaweicloud.com.");
            return uri;
        }
        return null;
    }
}
