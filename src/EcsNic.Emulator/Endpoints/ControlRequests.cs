using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;

namespace EcsNic.Emulator.Endpoints;

/// <summary>Reads the control API's request bodies; what it cannot use is a <see cref="FormatException"/>, answered 400.</summary>
internal static class ControlRequests
{
    public static void ApplySettings(EmulatorSettings s, JsonObject body)
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

    public static FaultRule ParseFault(JsonObject o)
    {
        var kindName = String(o, "kind") ?? throw new FormatException("kind is required.");
        var kind = FaultKindNames.Parse(kindName);
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

    public static LatencyRule ParseLatency(JsonObject o) => new()
    {
        Operation = String(o, "operation") ?? "*",
        Fixed = Number(o, "fixed_ms") is { } f ? TimeSpan.FromMilliseconds(f) : null,
        Min = TimeSpan.FromMilliseconds(Number(o, "min_ms") ?? 0),
        Max = TimeSpan.FromMilliseconds(Number(o, "max_ms") ?? 0),
        Count = (int?)Number(o, "count"),
        Rate = Number(o, "rate") ?? 1.0,
    };

    public static List<T> Rules<T>(HttpContext context, Func<JsonObject, T> parse)
    {
        var body = Body(context);
        if (body["rules"] is JsonArray array)
            return array.Select(n => parse(n as JsonObject ?? throw new FormatException("rules must list objects."))).ToList();
        return new List<T> { parse(body) };
    }

    public static JsonObject Body(HttpContext context)
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

    private static string? String(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : o[name] is null ? null : throw new FormatException(name + " must be a string.");

    public static double? Number(JsonObject o, string name) =>
        o[name] is null ? null : o[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : throw new FormatException(name + " must be a number.");

    private static bool? Bool(JsonObject o, string name) =>
        o[name] is null ? null : o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new FormatException(name + " must be true or false.");
}
