using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>
/// The control API of the VPC lifecycle, <c>GET</c>/<c>PUT /_emulator/vpc</c>: the CREATING, UNKNOWN and BUILD delays
/// and the VPC, subnet and port quotas. Unsigned and not counted, like the rest of the control API.
/// </summary>
internal static class VpcControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime)
    {
        var path = ApiPipeline.ControlPrefix + "/vpc";
        EndpointMap.Map(routes, "GET", path, null, ctx => Respond.Json(ctx, 200, Json(runtime.Settings.Vpc)));
        EndpointMap.Map(routes, "PUT", path, null, ctx => ApplyAsync(runtime.Settings.Vpc, ctx));
        EndpointMap.Map(routes, "POST", ApiPipeline.ControlPrefix + "/servers", null, ctx => LaunchAsync(runtime, ctx));
    }

    // POST /_emulator/servers {"name": "...", "subnet_id": "..."}: a server in that subnet's VPC, as ECS CreateServers would make.
    private static Task LaunchAsync(EmulatorRuntime runtime, HttpContext context)
    {
        JsonObject body;
        try
        {
            body = BodyOf(context);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Respond.Json(context, 400, new JsonObject { ["error"] = e.Message });
        }
        var subnetId = body["subnet_id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(subnetId)) return Respond.Json(context, 400, new JsonObject { ["error"] = "subnet_id is required." });
        var name = body["name"]?.GetValue<string>() ?? "ecs-launched";
        var server = runtime.State.Servers.Launch(name, subnetId);
        return Respond.Json(context, 200, new JsonObject
        {
            ["id"] = server.Id,
            ["name"] = server.Name,
            ["vpc_id"] = server.VpcId,
            ["primary_port_id"] = server.Nics[0].Id,
        });
    }

    private static JsonObject Json(VpcLifecycleSettings s) => new()
    {
        ["vpc_creating_ms"] = s.VpcCreatingDelay.TotalMilliseconds,
        ["subnet_unknown_ms"] = s.SubnetActivationDelay.TotalMilliseconds,
        ["port_build_ms"] = s.PortBuildDelay.TotalMilliseconds,
        ["vpc_quota"] = s.VpcQuota,
        ["subnet_quota"] = s.SubnetQuota,
        ["port_quota"] = s.PortQuota,
    };

    private static Task ApplyAsync(VpcLifecycleSettings s, HttpContext context)
    {
        try
        {
            var body = BodyOf(context);
            if (ControlRequests.Number(body, "vpc_creating_ms") is { } vpc) s.VpcCreatingDelay = TimeSpan.FromMilliseconds(vpc);
            if (ControlRequests.Number(body, "subnet_unknown_ms") is { } subnet) s.SubnetActivationDelay = TimeSpan.FromMilliseconds(subnet);
            if (ControlRequests.Number(body, "port_build_ms") is { } port) s.PortBuildDelay = TimeSpan.FromMilliseconds(port);
            if (ControlRequests.Number(body, "vpc_quota") is { } vpcQuota) s.VpcQuota = (int)vpcQuota;
            if (ControlRequests.Number(body, "subnet_quota") is { } subnetQuota) s.SubnetQuota = (int)subnetQuota;
            if (ControlRequests.Number(body, "port_quota") is { } portQuota) s.PortQuota = (int)portQuota;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return Respond.Json(context, 400, new JsonObject { ["error"] = e.Message });
        }
        return Respond.Json(context, 200, Json(s));
    }

    private static JsonObject BodyOf(HttpContext context)
    {
        var bytes = RequestJson.Body(context);
        return JsonNode.Parse(bytes.Length == 0 ? "{}"u8.ToArray() : bytes) as JsonObject
               ?? throw new FormatException("The body must be a JSON object.");
    }
}
