using System;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>Maps handlers and turns <see cref="ApiError"/> into the right error body.</summary>
internal static class EndpointMap
{
    public static void Map(IEndpointRouteBuilder routes, string method, string pattern, OperationMetadata? operation,
        Func<HttpContext, Task> handler)
    {
        RequestDelegate run = async context =>
        {
            try
            {
                await handler(context).ConfigureAwait(false);
            }
            catch (ApiError error) when (!context.Response.HasStarted)
            {
                await Respond.Error(context, error).ConfigureAwait(false);
            }
        };
        var builder = routes.MapMethods(pattern, new[] { method }, run);
        if (operation is not null) builder.WithMetadata(operation);
    }

    public static string Route(HttpContext context, string name) => context.GetRouteValue(name) as string ?? string.Empty;

    /// <summary>
    /// The project in the path (and X-Project-Id, when sent) must be the project of the region the request was sent to:
    /// another region's project ID is Ecs.0023, as on the real cloud, where a project ID serves one region only.
    /// </summary>
    public static void CheckProject(EmulatorRuntime runtime, HttpContext context, ErrorStyle style)
    {
        var project = Route(context, "project_id");
        var header = context.Request.Headers["X-Project-Id"].ToString();
        var expected = runtime.Account.ProjectIdOf(RegionRouting.RegionOf(runtime, context));
        if (project == expected && (header.Length == 0 || header == expected)) return;
        throw style == ErrorStyle.Vpc
            ? ApiError.Vpc(400, "VPC.0007", "urlTenantId is not equal tokenTenantId")
            : ApiError.Ecs(400, "Ecs.0023", "project_id in token mismatches with project_id in url");
    }
}
