using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using EcsNic.Emulator.State;
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
        EndpointMap.Map(routes, "GET", P, null, ctx => Ok(ctx, Info(runtime)));
        EndpointMap.Map(routes, "GET", P + "/account", null, ctx => Ok(ctx, AccountJson(runtime.Account)));
        EndpointMap.Map(routes, "GET", P + "/state", null, ctx => Ok(ctx, StateJson(runtime)));
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
            return server is null ? NotFound(ctx, "no such server") : Ok(ctx, ServerJson(server));
        });

        EndpointMap.Map(routes, "GET", P + "/counters", null, ctx => Ok(ctx, CountersJson(runtime.Counters.Snapshot())));
        EndpointMap.Map(routes, "DELETE", P + "/counters", null, ctx => NoContent(ctx, runtime.Counters.Reset));
        EndpointMap.Map(routes, "POST", P + "/counters/reset", null, ctx => NoContent(ctx, runtime.Counters.Reset));

        EndpointMap.Map(routes, "GET", P + "/faults", null, ctx => Ok(ctx, FaultsJson(runtime.Faults)));
        EndpointMap.Map(routes, "POST", P + "/faults", null, ctx => Guard(ctx, () =>
        {
            foreach (var rule in Rules(ctx, ParseFault)) runtime.Faults.Add(rule);
            return FaultsJson(runtime.Faults);
        }));
        EndpointMap.Map(routes, "PUT", P + "/faults", null, ctx => Guard(ctx, () =>
        {
            var rules = Rules(ctx, ParseFault);
            runtime.Faults.ClearFaults();
            foreach (var rule in rules) runtime.Faults.Add(rule);
            return FaultsJson(runtime.Faults);
        }));
        EndpointMap.Map(routes, "DELETE", P + "/faults", null, ctx => NoContent(ctx, runtime.Faults.ClearFaults));

        EndpointMap.Map(routes, "GET", P + "/latency", null, ctx => Ok(ctx, LatencyJson(runtime.Faults)));
        EndpointMap.Map(routes, "POST", P + "/latency", null, ctx => Guard(ctx, () =>
        {
            foreach (var rule in Rules(ctx, ParseLatency)) runtime.Faults.Add(rule);
            return LatencyJson(runtime.Faults);
        }));
        EndpointMap.Map(routes, "PUT", P + "/latency", null, ctx => Guard(ctx, () =>
        {
            var rules = Rules(ctx, ParseLatency);
            runtime.Faults.ClearLatency();
            foreach (var rule in rules) runtime.Faults.Add(rule);
            return LatencyJson(runtime.Faults);
        }));
        EndpointMap.Map(routes, "DELETE", P + "/latency", null, ctx => NoContent(ctx, runtime.Faults.ClearLatency));

        EndpointMap.Map(routes, "GET", P + "/settings", null, ctx => Ok(ctx, SettingsJson(runtime.Settings)));
        foreach (var path in new[] { "/settings", "/race", "/jobs/timing", "/clock", "/quota", "/metadata" })
        {
            EndpointMap.Map(routes, "PUT", P + path, null, ctx => Guard(ctx, () =>
            {
                ApplySettings(runtime.Settings, Body(ctx));
                return SettingsJson(runtime.Settings);
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
            return Ok(ctx, AccountJson(runtime.Account));
        });
    }

    // ---------------------------------------------------------------- documents

    internal static JsonObject Info(EmulatorRuntime runtime)
    {
        var baseUrl = runtime.BaseUri?.ToString() ?? string.Empty;
        return new JsonObject
        {
            ["base_url"] = baseUrl,
            ["control_url"] = baseUrl + "_emulator/",
            ["account"] = AccountJson(runtime.Account),
            ["settings"] = SettingsJson(runtime.Settings),
        };
    }

    internal static JsonObject AccountJson(DemoAccount a) => new()
    {
        ["access_key"] = a.AccessKey,
        ["secret_key"] = a.SecretKey,
        ["project_id"] = a.ProjectId,
        ["domain_id"] = a.DomainId,
        ["region"] = a.Region,
        ["second_region"] = a.SecondRegion,
        ["second_project_id"] = a.SecondProjectId,
        ["vpcs"] = new JsonArray(a.Vpcs.Select(v => (JsonNode?)new JsonObject { ["id"] = v.Id, ["name"] = v.Name, ["cidr"] = v.Cidr }).ToArray()),
        ["subnets"] = new JsonArray(a.Subnets.Select(s => (JsonNode?)new JsonObject
        {
            ["id"] = s.Id,
            ["neutron_subnet_id"] = s.NeutronSubnetId,
            ["name"] = s.Name,
            ["cidr"] = s.Cidr,
            ["gateway_ip"] = s.GatewayIp,
            ["vpc_id"] = s.VpcId,
        }).ToArray()),
        ["servers"] = new JsonArray(a.Servers.Append(a.OtherServer).Select(s => (JsonNode?)new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["vpc_id"] = s.VpcId,
            ["nics"] = new JsonArray(s.Nics.Select(n => (JsonNode?)new JsonObject
            {
                ["port_id"] = n.PortId,
                ["subnet_id"] = n.SubnetId,
                ["ip_address"] = n.IpAddress,
                ["mac_address"] = n.MacAddress,
            }).ToArray()),
        }).ToArray()),
    };

    private static JsonObject StateJson(EmulatorRuntime runtime)
    {
        var state = runtime.State;
        var jobs = new JsonArray();
        foreach (var j in state.GetJobs())
        {
            jobs.Add(state.Jobs.Read(j.Id, (job, now) => Views.Job(job, now, runtime.Clock)));
        }
        return new JsonObject
        {
            ["vpcs"] = new JsonArray(state.GetVpcs().Select(v => (JsonNode?)new JsonObject
            {
                ["id"] = v.Id, ["name"] = v.Name, ["cidr"] = v.Cidr, ["status"] = v.Status,
            }).ToArray()),
            ["subnets"] = new JsonArray(state.GetSubnets().Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id, ["neutron_subnet_id"] = s.NeutronSubnetId, ["name"] = s.Name, ["cidr"] = s.Cidr,
                ["gateway_ip"] = s.GatewayIp, ["vpc_id"] = s.VpcId,
            }).ToArray()),
            ["servers"] = new JsonArray(state.GetServers().Select(s => (JsonNode?)ServerJson(s)).ToArray()),
            ["ports"] = new JsonArray(state.GetPorts().Select(p => (JsonNode?)PortJson(p)).ToArray()),
            ["jobs"] = jobs,
        };
    }

    private static JsonObject ServerJson(ServerSnapshot s) => new()
    {
        ["id"] = s.Id,
        ["name"] = s.Name,
        ["vpc_id"] = s.VpcId,
        ["nics"] = new JsonArray(s.Nics.Select(p => (JsonNode?)PortJson(p)).ToArray()),
    };

    private static JsonObject PortJson(PortSnapshot p) => new()
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["network_id"] = p.NetworkId,
        ["neutron_subnet_id"] = p.NeutronSubnetId,
        ["ip_address"] = p.IpAddress,
        ["mac_address"] = p.MacAddress,
        ["device_owner"] = p.DeviceOwner,
        ["device_id"] = p.DeviceId,
        ["allowed_address_pairs"] = new JsonArray(p.AllowedAddressPairs.Select(a => (JsonNode?)new JsonObject
        {
            ["ip_address"] = a.IpAddress, ["mac_address"] = a.MacAddress,
        }).ToArray()),
    };

    internal static JsonObject CountersJson(CountersSnapshot c)
    {
        var requests = new JsonObject();
        foreach (var (op, n) in c.Requests) requests[op] = n;
        var faults = new JsonObject();
        foreach (var (kind, n) in c.Faults) faults[KindName(kind)] = n;
        return new JsonObject
        {
            ["total_requests"] = c.TotalRequests,
            ["requests"] = requests,
            ["faults"] = faults,
            ["auth_failures"] = c.AuthFailures,
            ["paths"] = new JsonArray(c.Paths.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        };
    }

    private static JsonObject FaultsJson(FaultInjector faults) => new()
    {
        ["rules"] = new JsonArray(faults.Faults.Select(f => (JsonNode?)new JsonObject
        {
            ["operation"] = f.Operation,
            ["kind"] = KindName(f.Kind),
            ["count"] = f.Count,
            ["rate"] = f.Rate,
            ["retry_after_seconds"] = f.RetryAfterSeconds,
            ["status"] = f.StatusCode,
        }).ToArray()),
    };

    private static JsonObject LatencyJson(FaultInjector faults) => new()
    {
        ["rules"] = new JsonArray(faults.Latency.Select(l => (JsonNode?)new JsonObject
        {
            ["operation"] = l.Operation,
            ["fixed_ms"] = l.Fixed?.TotalMilliseconds,
            ["min_ms"] = l.Min.TotalMilliseconds,
            ["max_ms"] = l.Max.TotalMilliseconds,
            ["count"] = l.Count,
            ["rate"] = l.Rate,
        }).ToArray()),
    };

    internal static JsonObject SettingsJson(EmulatorSettings s) => new()
    {
        ["race_model"] = new JsonObject { ["enabled"] = s.RaceModelEnabled, ["pause_ms"] = s.RacePause.TotalMilliseconds },
        ["job_duration_ms"] = s.JobDuration.TotalMilliseconds,
        ["queued_job_durations_ms"] = new JsonArray(s.QueuedJobDurations.Select(d => (JsonNode?)JsonValue.Create(d.TotalMilliseconds)).ToArray()),
        ["clock_offset_seconds"] = s.ClockOffset.TotalSeconds,
        ["max_nics_per_server"] = s.MaxNicsPerServer,
        ["require_metadata_token"] = s.RequireMetadataToken,
        ["metadata_agency_configured"] = s.MetadataAgencyConfigured,
        ["temporary_credential_lifetime_seconds"] = s.TemporaryCredentialLifetime.TotalSeconds,
    };

    // ---------------------------------------------------------------- parsing

    private static void ApplySettings(EmulatorSettings s, JsonObject body)
    {
        var race = body["race_model"] as JsonObject ?? body;
        if (Bool(race, "enabled") is { } enabled) s.RaceModelEnabled = enabled;
        if (Number(race, "pause_ms") is { } pause) s.RacePause = TimeSpan.FromMilliseconds(pause);
        if (Number(body, "job_duration_ms") is { } duration) s.JobDuration = TimeSpan.FromMilliseconds(duration);
        if (Number(body, "duration_ms") is { } duration2) s.JobDuration = TimeSpan.FromMilliseconds(duration2);
        var queued = body["next_durations_ms"] ?? body["queued_job_durations_ms"];
        if (queued is JsonArray list)
        {
            s.ClearQueuedJobDurations();
            s.EnqueueJobDurations(list.Select(n => TimeSpan.FromMilliseconds(n?.GetValue<double>() ?? 0)));
        }
        if (Number(body, "clock_offset_seconds") is { } offset) s.ClockOffset = TimeSpan.FromSeconds(offset);
        if (Number(body, "offset_seconds") is { } offset2) s.ClockOffset = TimeSpan.FromSeconds(offset2);
        if (Number(body, "max_nics_per_server") is { } max) s.MaxNicsPerServer = (int)max;
        if (Bool(body, "require_metadata_token") is { } require) s.RequireMetadataToken = require;
        if (Bool(body, "metadata_agency_configured") is { } agency) s.MetadataAgencyConfigured = agency;
        if (Number(body, "temporary_credential_lifetime_seconds") is { } life) s.TemporaryCredentialLifetime = TimeSpan.FromSeconds(life);
    }

    private static FaultRule ParseFault(JsonObject o)
    {
        var kindName = String(o, "kind") ?? throw new FormatException("kind is required.");
        var kind = KindFromName(kindName);
        return new FaultRule
        {
            Operation = String(o, "operation") ?? "*",
            Kind = kind,
            Count = o.ContainsKey("count") ? (int?)Number(o, "count") : 1,
            Rate = Number(o, "rate") ?? 1.0,
            RetryAfterSeconds = (int?)Number(o, "retry_after_seconds"),
            StatusCode = (int?)Number(o, "status"),
        };
    }

    private static LatencyRule ParseLatency(JsonObject o) => new()
    {
        Operation = String(o, "operation") ?? "*",
        Fixed = Number(o, "fixed_ms") is { } f ? TimeSpan.FromMilliseconds(f) : null,
        Min = TimeSpan.FromMilliseconds(Number(o, "min_ms") ?? 0),
        Max = TimeSpan.FromMilliseconds(Number(o, "max_ms") ?? 0),
        Count = (int?)Number(o, "count"),
        Rate = Number(o, "rate") ?? 1.0,
    };

    private static List<T> Rules<T>(HttpContext context, Func<JsonObject, T> parse)
    {
        var body = Body(context);
        if (body["rules"] is JsonArray array)
            return array.Select(n => parse(n as JsonObject ?? throw new FormatException("rules must list objects."))).ToList();
        return new List<T> { parse(body) };
    }

    private static JsonObject Body(HttpContext context)
    {
        var bytes = RequestJson.Body(context);
        try
        {
            return JsonNode.Parse(bytes.Length == 0 ? "{}"u8.ToArray() : bytes) as JsonObject
                   ?? throw new FormatException("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The body is not valid JSON: " + e.Message);
        }
    }

    internal static string KindName(FaultKind kind) => kind switch
    {
        FaultKind.Throttle => "throttle",
        FaultKind.ServerError => "server_error",
        FaultKind.ServiceUnavailable => "service_unavailable",
        FaultKind.DropBeforeProcessing => "drop_before",
        FaultKind.DropAfterProcessing => "drop_after",
        FaultKind.HtmlErrorPage => "html_error",
        FaultKind.FlowControl => "flow_control",
        FaultKind.SystemBusy => "system_busy",
        FaultKind.TaskSubmissionFailed => "task_submission_failed",
        _ => "truncated_json",
    };

    internal static FaultKind KindFromName(string name)
    {
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            if (KindName(kind) == name || string.Equals(kind.ToString(), name, StringComparison.OrdinalIgnoreCase)) return kind;
        }
        throw new FormatException("Unknown fault kind '" + name + "'. Use throttle, server_error, service_unavailable, drop_before, " +
                                  "drop_after, html_error, truncated_json, flow_control, system_busy or task_submission_failed.");
    }

    private static string? String(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : o[name] is null ? null : throw new FormatException(name + " must be a string.");

    private static double? Number(JsonObject o, string name) =>
        o[name] is null ? null : o[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : throw new FormatException(name + " must be a number.");

    private static bool? Bool(JsonObject o, string name) =>
        o[name] is null ? null : o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new FormatException(name + " must be true or false.");

    // ---------------------------------------------------------------- answers

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
