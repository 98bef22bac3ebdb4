using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace EcsNic.Emulator.Http;

/// <summary>Writes answers. Everything goes through <see cref="HttpResponse.Body"/>, so the pipeline can buffer it.</summary>
internal static class Respond
{
    public const string JsonContentType = "application/json;charset=UTF-8";
    public const string RequestIdHeader = "X-Request-Id";
    private static readonly object RequestIdKey = new();

    public static string RequestId(HttpContext context)
    {
        if (context.Items.TryGetValue(RequestIdKey, out var value) && value is string id) return id;
        id = Guid.NewGuid().ToString("N");
        context.Items[RequestIdKey] = id;
        return id;
    }

    public static Task Json(HttpContext context, int status, JsonNode node) =>
        Bytes(context, status, JsonContentType, Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static Task Text(HttpContext context, int status, string text, string contentType = "text/plain; charset=utf-8") =>
        Bytes(context, status, contentType, Encoding.UTF8.GetBytes(text));

    private static async Task Bytes(HttpContext context, int status, string contentType, byte[] bytes)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    public static Task Error(HttpContext context, ApiError error) => error.Style == ErrorStyle.Ecs
        ? Json(context, error.Status, new JsonObject { ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } })
        : Json(context, error.Status, new JsonObject { ["code"] = error.Code, ["message"] = error.Message });

    public static Task Gateway(HttpContext context, int status, string code, string message) =>
        Json(context, status, new JsonObject
        {
            ["error_code"] = code,
            ["error_msg"] = message,
            ["request_id"] = RequestId(context),
        });
}

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
