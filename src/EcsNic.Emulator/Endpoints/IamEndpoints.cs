using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>
/// IAM KeystoneListProjects, which the SDK calls to find the project of a region. IAM lives under its own route
/// (<see cref="RoutePrefix"/>), never at the ECS base address, as on the real cloud where iam.* and ecs.* are different
/// hosts: the ECS address answers /v3/projects with APIGW.0101, so a client that sends the lookup there fails.
/// </summary>
internal static class IamEndpoints
{
    /// <summary>The path under the base address where IAM is served.</summary>
    public const string RoutePrefix = "/iam";

    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime) =>
        EndpointMap.Map(routes, "GET", RoutePrefix + "/v3/projects",
            new OperationMetadata(Operations.KeystoneListProjects, ServiceKind.Iam), ctx => ListProjectsAsync(runtime, ctx));

    private static Task ListProjectsAsync(EmulatorRuntime runtime, HttpContext context)
    {
        var account = runtime.Account;
        var query = context.Request.Query;
        var baseUri = (runtime.BaseUri?.ToString() ?? "http://127.0.0.1/").TrimEnd('/') + RoutePrefix;
        var projects = new (string Id, string Name)[]
        {
            (account.ProjectId, account.Region),
            (account.SecondProjectId, account.SecondRegion),
            (DemoAccount.DerivedProjectId(account.ProjectId, 2), "MOS"),
        };

        var name = query["name"].ToString();
        var domainId = query["domain_id"].ToString();
        var parentId = query["parent_id"].ToString();
        var enabled = query["enabled"].ToString();
        var list = new JsonArray();
        foreach (var (id, projectName) in projects)
        {
            if (name.Length > 0 && name != projectName) continue;
            if (domainId.Length > 0 && domainId != account.DomainId) continue;
            if (parentId.Length > 0 && parentId != account.DomainId) continue;
            if (enabled.Equals("false", StringComparison.OrdinalIgnoreCase)) continue;
            list.Add(new JsonObject
            {
                ["domain_id"] = account.DomainId,
                ["is_domain"] = false,
                ["parent_id"] = account.DomainId,
                ["name"] = projectName,
                ["description"] = string.Empty,
                ["links"] = new JsonObject { ["self"] = baseUri + "/v3/projects/" + id },
                ["id"] = id,
                ["enabled"] = true,
            });
        }
        return Respond.Json(context, 200, new JsonObject
        {
            ["projects"] = list,
            ["links"] = new JsonObject
            {
                ["self"] = baseUri + "/v3/projects" + context.Request.QueryString.ToUriComponent(),
                ["previous"] = null,
                ["next"] = null,
            },
        });
    }
}
