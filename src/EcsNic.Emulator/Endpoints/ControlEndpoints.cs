using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>
/// The unsigned control API under <c>/_emulator/</c>: state dumps, counters, faults, latency, settings (race model, job
/// timing, clock offset, quota, metadata), credential expiry and reset. It is not counted and never faulted.
/// </summary>
internal static class ControlEndpoints
{
    private const string P = ApiPipeline.ControlPrefix;

    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime)
    {
        EndpointMap.Map(routes, "GET", P, null, ctx => Ok(ctx, ControlDocuments.Info(runtime)));
        EndpointMap.Map(routes, "GET", P + "/account", null, ctx => Ok(ctx, ControlDocuments.AccountJson(runtime.Account)));
        EndpointMap.Map(routes, "GET", P + "/state", null, ctx => Ok(ctx, ControlDocuments.StateJson(runtime)));
        EndpointMap.Map(routes, "GET", P + "/ports/{port_id}", null, ctx =>
        {
            runtime.State.AdvanceJobs();
            return runtime.State.Ports.TryGet(EndpointMap.Route(ctx, "port_id"), out var port)
                ? Ok(ctx, Views.Port(port, runtime.Account.ProjectId, runtime.Clock))
                : NotFound(ctx, "no such port");
        });
        EndpointMap.Map(routes, "GET", P + "/servers/{server_id}", null, ctx =>
        {
            var server = runtime.State.GetServer(EndpointMap.Route(ctx, "server_id"));
            return server is null ? NotFound(ctx, "no such server") : Ok(ctx, ControlDocuments.ServerJson(server));
        });

        EndpointMap.Map(routes, "GET", P + "/counters", null, ctx => Ok(ctx, ControlDocuments.CountersJson(runtime.Counters.Snapshot())));
        EndpointMap.Map(routes, "DELETE", P + "/counters", null, ctx => NoContent(ctx, runtime.Counters.Reset));
        EndpointMap.Map(routes, "POST", P + "/counters/reset", null, ctx => NoContent(ctx, runtime.Counters.Reset));

        MapRules(routes, "/faults", ControlRequests.ParseFault, runtime.Faults.Add, runtime.Faults.ClearFaults,
            () => ControlDocuments.FaultsJson(runtime.Faults));
        MapRules(routes, "/latency", ControlRequests.ParseLatency, runtime.Faults.Add, runtime.Faults.ClearLatency,
            () => ControlDocuments.LatencyJson(runtime.Faults));

        EndpointMap.Map(routes, "GET", P + "/settings", null, ctx => Ok(ctx, ControlDocuments.SettingsJson(runtime.Settings)));
        foreach (var path in new[] { "/settings", "/race", "/jobs/timing", "/clock", "/quota", "/metadata" })
        {
            EndpointMap.Map(routes, "PUT", P + path, null, ctx => Guard(ctx, () =>
            {
                ControlRequests.ApplySettings(runtime.Settings, ControlRequests.Body(ctx));
                return ControlDocuments.SettingsJson(runtime.Settings);
            }));
        }

        EndpointMap.Map(routes, "POST", P + "/credentials/expire", null, ctx => NoContent(ctx, runtime.Credentials.ExpireTemporaryCredentials));
        EndpointMap.Map(routes, "GET", P + "/auth/last-failure", null, ctx => runtime.LastAuthFailure is { } f
            ? Ok(ctx, new JsonObject
            {
                ["at"] = EmulatorClock.JobTime(f.At),
                ["message"] = f.Message,
                ["canonical_request"] = f.CanonicalRequest,
                ["string_to_sign"] = f.StringToSign,
            })
            : NotFound(ctx, "no authentication failure recorded"));
        EndpointMap.Map(routes, "POST", P + "/reset", null, ctx =>
        {
            runtime.Reset();
            return Ok(ctx, ControlDocuments.AccountJson(runtime.Account));
        });
    }

    // GET lists the armed rules, POST arms more, PUT replaces them all, DELETE disarms them; each answers the rules left.
    private static void MapRules<T>(IEndpointRouteBuilder routes, string path, Func<JsonObject, T> parse, Action<T> add, Action clear,
        Func<JsonObject> document)
    {
        EndpointMap.Map(routes, "GET", P + path, null, ctx => Ok(ctx, document()));
        EndpointMap.Map(routes, "POST", P + path, null, ctx => Guard(ctx, () =>
        {
            foreach (var rule in ControlRequests.Rules(ctx, parse)) add(rule);
            return document();
        }));
        EndpointMap.Map(routes, "PUT", P + path, null, ctx => Guard(ctx, () =>
        {
            var rules = ControlRequests.Rules(ctx, parse);
            clear();
            foreach (var rule in rules) add(rule);
            return document();
        }));
        EndpointMap.Map(routes, "DELETE", P + path, null, ctx => NoContent(ctx, clear));
    }

    private static async Task Guard(HttpContext context, Func<JsonObject> action)
    {
        JsonObject result;
        try
        {
            result = action();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            await Respond.Json(context, 400, new JsonObject { ["error"] = e.Message }).ConfigureAwait(false);
            return;
        }
        await Ok(context, result).ConfigureAwait(false);
    }

    private static Task Ok(HttpContext context, JsonNode node) => Respond.Json(context, 200, node);

    private static Task NotFound(HttpContext context, string message) => Respond.Json(context, 404, new JsonObject { ["error"] = message });

    private static Task NoContent(HttpContext context, Action action)
    {
        action();
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
