using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EcsNic.Emulator.Http;

/// <summary>Reads request JSON; malformed input becomes the caller's error.</summary>
internal static class RequestJson
{
    private static readonly object BodyKey = new();

    public static void SetBody(HttpContext context, byte[] body)
    {
        context.Items[BodyKey] = body;
        context.Request.Body = new MemoryStream(body, writable: false);
    }

    public static byte[] Body(HttpContext context) =>
        context.Items.TryGetValue(BodyKey, out var value) && value is byte[] bytes ? bytes : System.Array.Empty<byte>();

    public static JsonObject Object(HttpContext context, Func<string, ApiError> invalid)
    {
        var body = Body(context);
        if (body.Length == 0) throw invalid("The request body is empty.");
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw invalid("The request body is not a JSON object.");
        }
        catch (JsonException)
        {
            throw invalid("The request body is not valid JSON.");
        }
    }

    /// <summary>A string member: null when absent or JSON null; an error when present with another type.</summary>
    public static string? String(JsonObject obj, string name, Func<string, ApiError> invalid)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw invalid(name + " must be a string.");
    }

    public static bool? Bool(JsonObject obj, string name, Func<string, ApiError> invalid)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        throw invalid(name + " must be a boolean.");
    }

    public static JsonObject? Child(JsonObject obj, string name, Func<string, ApiError> invalid)
    {
        var node = obj[name];
        if (node is null) return null;
        return node as JsonObject ?? throw invalid(name + " must be an object.");
    }

    public static JsonArray? Array(JsonObject obj, string name, Func<string, ApiError> invalid)
    {
        var node = obj[name];
        if (node is null) return null;
        return node as JsonArray ?? throw invalid(name + " must be an array.");
    }
}
