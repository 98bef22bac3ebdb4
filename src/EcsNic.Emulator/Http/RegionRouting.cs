using System;
using System.Threading.Tasks;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;

namespace EcsNic.Emulator.Http;

/// <summary>
/// Serves the account's other region under <c>/region/{region}/</c>, as the real cloud serves each region on its own
/// host (ecs.{region}.myhuaweicloud.com). The prefix moves to PathBase so the ECS and VPC routes match unchanged, and the
/// region is remembered for the project check; the signature still covers the raw target, prefix included.
/// </summary>
internal static class RegionRouting
{
    public const string Prefix = "/region";
    private const string ItemKey = "EcsNic.Emulator.Region";

    public static Task RouteAsync(EmulatorRuntime runtime, HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(Prefix, StringComparison.Ordinal, out var rest)) return next(context);
        var text = rest.Value ?? string.Empty;
        var slash = text.IndexOf('/', 1);
        var region = slash < 0 ? text.TrimStart('/') : text[1..slash];
        if (runtime.Account.ProjectIdOf(region) is null)
        {
            return Respond.Gateway(context, 404, "APIGW.0101",
                "The API does not exist or has not been published in the environment");
        }
        context.Items[ItemKey] = region;
        context.Request.PathBase = context.Request.PathBase.Add(Prefix + "/" + region);
        context.Request.Path = slash < 0 ? PathString.Empty : new PathString(text[slash..]);
        return next(context);
    }

    /// <summary>The region a request was addressed to: the one in its prefix, else the account's main region.</summary>
    public static string RegionOf(EmulatorRuntime runtime, HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var region) && region is string name ? name : runtime.Account.Region;
}
