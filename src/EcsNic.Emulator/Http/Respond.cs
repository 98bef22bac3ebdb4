using System;
using System.Text;
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
