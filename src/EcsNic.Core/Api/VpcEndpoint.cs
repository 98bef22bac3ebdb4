using System;

namespace EcsNic.Core.Api;

/// <summary>
/// Where the VPC v1 calls go: the configured endpoint (an emulator serves ECS and VPC on one address), else the first
/// endpoint in <c>HUAWEICLOUD_SDK_REGION_VPC_{REGION}</c> as the official SDK reads it, else the region's public one.
/// </summary>
public static class VpcEndpoint
{
    /// <summary>The prefix of the environment variable that overrides the VPC endpoint of one region.</summary>
    public const string EnvironmentPrefix = "HUAWEICLOUD_SDK_REGION_VPC_";

    /// <summary>The public VPC endpoint of a region; EU-Dublin (eu-west-101) lives under myhuaweicloud.eu.</summary>
    public static Uri ForRegion(string region)
    {
        Endpoints.ValidateRegion(region);
        var domain = region.StartsWith("eu-west-1", StringComparison.Ordinal) && region != "eu-west-0"
            ? "myhuaweicloud.eu"
            : "myhuaweicloud.com";
        return new Uri($"https://vpc.{region}.{domain}", UriKind.Absolute);
    }

    /// <summary>Resolves the VPC endpoint for a client's options; the result is checked like the ECS endpoint.</summary>
    public static Uri Resolve(EcsClientOptions options, Func<string, string?>? getEnvironmentVariable = null)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.Endpoint is not null) return Endpoints.ValidateEndpoint(options.Endpoint, options.AllowInsecureHttp, "Endpoint");
        if (options.Region is null)
            throw new EcsValidationException("Region", null, "is required: give a region such as cn-north-4, or an endpoint.");
        var region = Endpoints.ValidateRegion(options.Region);
        var name = Endpoints.EnvironmentVariableName(EnvironmentPrefix, region);
        var value = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(name);
        if (!string.IsNullOrWhiteSpace(value))
        {
            foreach (var part in value!.Split(','))
            {
                var candidate = part.Trim();
                if (candidate.Length == 0) continue;
                if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri))
                    throw new EcsValidationException(name, candidate, "is not an absolute URL: expected one such as https://vpc.cn-north-4.myhuaweicloud.com.");
                return Endpoints.ValidateEndpoint(uri, options.AllowInsecureHttp, name);
            }
        }
        return ForRegion(region);
    }
}
