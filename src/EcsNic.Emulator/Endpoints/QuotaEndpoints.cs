using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>
/// ECS ShowServerLimits (<c>GET /v1/{project_id}/cloudservers/limits</c>, API reference ecs_02_0801): the tenant's ECS
/// quotas in <c>{"absolute":{...}}</c>. Connect-EcsCloud sends it to check credentials, region and project together.
/// </summary>
internal static class QuotaEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime) =>
        EndpointMap.Map(routes, "GET", "/v1/{project_id}/cloudservers/limits",
            new OperationMetadata(Operations.ShowServerLimits, ServiceKind.Ecs), ctx => ShowLimitsAsync(runtime, ctx));

    private static Task ShowLimitsAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Ecs);
        var mainRegion = RegionRouting.RegionOf(runtime, context) == runtime.Account.Region;
        var servers = mainRegion ? runtime.Account.Servers.Count + 1 : 0;
        return Respond.Json(context, 200, new JsonObject
        {
            ["absolute"] = new JsonObject
            {
                ["maxTotalInstances"] = 100,
                ["totalInstancesUsed"] = servers,
                ["maxTotalCores"] = 400,
                ["totalCoresUsed"] = servers * 2,
                ["maxTotalRAMSize"] = 819200,
                ["totalRAMUsed"] = servers * 4096,
                ["maxServerMeta"] = 128,
                ["maxPersonality"] = 5,
                ["maxPersonalitySize"] = 10240,
                ["maxTotalKeypairs"] = 100,
                ["maxSecurityGroups"] = -1,
                ["maxSecurityGroupRules"] = -1,
                ["maxTotalFloatingIps"] = -1,
                ["maxServerGroups"] = 1000,
                ["maxServerGroupMembers"] = 16,
                ["totalServerGroupsUsed"] = 0,
                ["totalSecurityGroupsUsed"] = 0,
                ["totalFloatingIpsUsed"] = 0,
            },
        });
    }
}
