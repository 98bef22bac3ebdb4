using System;
using System.Text;
using System.Text.Json;

namespace EcsNic.Core.Http;

/// <summary>
/// Reads Huawei error bodies. ECS answers <c>{"error":{"code","message"}}</c>; the API gateway answers
/// <c>{"error_code","error_msg","request_id"}</c>; Nova-style calls may answer <c>{"itemNotFound":{"code":404,"message"}}</c>.
/// Bodies that are not JSON at all (an HTML gateway page, a truncated answer, nothing) never throw: they become an
/// EcsNic code with a short excerpt.
/// </summary>
internal static class ErrorResponse
{
    /// <summary>The code of a body that could not be understood.</summary>
    public const string UnreadableCode = "EcsNic.UnreadableResponse";

    /// <summary>The code of a JSON error body in no known shape.</summary>
    public const string UnknownErrorCode = "EcsNic.UnknownError";

    /// <summary>The code of a 3xx answer, which is never followed.</summary>
    public const string RedirectCode = "EcsNic.Redirect";

    /// <summary>The code of a call that got no answer in time.</summary>
    public const string TimeoutCode = "EcsNic.Timeout";

    /// <summary>The code of a call whose connection failed.</summary>
    public const string ConnectionFailedCode = "EcsNic.ConnectionFailed";

    /// <summary>The code of a 2xx answer that lacks a field the operation needs.</summary>
    public const string MissingFieldCode = "EcsNic.MissingField";

    public const int MaxExcerptLength = 200;

    /// <summary>The parts of an error answer, before they become an exception.</summary>
    public readonly struct Details
    {
        public Details(int statusCode, string errorCode, string message, string? requestId)
        {
            StatusCode = statusCode;
            ErrorCode = errorCode;
            Message = message;
            RequestId = requestId;
        }

        public int StatusCode { get; }
        public string ErrorCode { get; }
        public string Message { get; }
        public string? RequestId { get; }
    }

    /// <summary>Reads an error body; <paramref name="headerRequestId"/> (X-Request-Id) wins over one in the body.</summary>
    /// <paramref name="scrub"/> removes secrets a server might echo, before any text is shortened.
    public static Details Parse(int statusCode, string? reasonPhrase, byte[] body, string? headerRequestId,
        Func<string, string>? scrub = null)
    {
        scrub ??= static t => t;
        if (TryParseJson(body, out var code, out var message, out var bodyRequestId, out var isJsonObject))
        {
            var requestId = headerRequestId ?? bodyRequestId;
            if (code is not null || message is not null)
                return new Details(statusCode, code ?? UnknownErrorCode, OneLine(scrub(message ?? reasonPhrase ?? "(no message)")), requestId);
            if (isJsonObject)
                return new Details(statusCode, UnknownErrorCode, $"the error body has no known error fields: {Excerpt(body, scrub)}", requestId);
        }
        var what = body.Length == 0 ? "an empty body" : $"a body that is not valid JSON: {Excerpt(body, scrub)}";
        return new Details(statusCode, UnreadableCode, $"{reasonPhrase ?? "Error"}, with {what}", headerRequestId);
    }

    /// <summary>True when the body is one complete, well-formed JSON object.</summary>
    public static bool IsWellFormedJsonObject(byte[] body)
    {
        if (body.Length == 0) return false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            reader.Skip();
            // Anything after the object other than whitespace makes the body unreadable.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// One forward pass over a body: whether it is a comment-free JSON object (then whether it carries an error code:
    /// <c>error.code</c>, or the gateway's <c>error_code</c>/<c>error_msg</c>, or a code such as <c>Common.0024</c> beside a
    /// message, and no <c>job_id</c> or <c>status</c>, since a job carries <c>error_code</c> as data), definitely no object, or unreadable this way (malformed, or with comments, which
    /// only <see cref="IsWellFormedJsonObject"/> can tell apart). A list of thousands of ports is scanned, never built
    /// into a document; a repeated name counts as its last occurrence, as JsonElement reads it.
    /// </summary>
    public static BodyShape Scan(byte[] body, out bool carriesErrorCode)
    {
        carriesErrorCode = false;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read()) return BodyShape.Unreadable;
            if (reader.TokenType != JsonTokenType.StartObject) return BodyShape.NotObject;
            string? errorObjectCode = null, errorCode = null, code = null;
            bool hasJobOrStatus = false, hasErrorMsg = false, hasMessage = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (reader.ValueIsEscaped) name = Encoding.UTF8.GetBytes(reader.GetString()!);
                reader.Read();
                if (name.SequenceEqual("error"u8)) errorObjectCode = reader.TokenType == JsonTokenType.StartObject ? CodeOfObject(ref reader) : null;
                else if (name.SequenceEqual("job_id"u8) || name.SequenceEqual("status"u8)) hasJobOrStatus = true;
                else if (name.SequenceEqual("error_code"u8)) errorCode = Text(ref reader);
                else if (name.SequenceEqual("error_msg"u8)) hasErrorMsg = true;
                else if (name.SequenceEqual("code"u8)) code = Text(ref reader);
                else if (name.SequenceEqual("message"u8)) hasMessage = true;
                reader.Skip();
            }
            // The whole body must parse, as a document would: a broken tail makes it unreadable, not an error.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return BodyShape.Unreadable;
            carriesErrorCode = !string.IsNullOrEmpty(errorObjectCode) ||
                               (!hasJobOrStatus && ((!string.IsNullOrEmpty(errorCode) && hasErrorMsg) ||
                                                    (code is not null && IsErrorCodeShape(code) && hasMessage)));
            return BodyShape.Object;
        }
        catch (JsonException)
        {
            return BodyShape.Unreadable;
        }
    }

    // The "code" of an object value (the last one, as text), leaving the reader on its end.
    private static string? CodeOfObject(ref Utf8JsonReader reader)
    {
        string? code = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code"u8);
            reader.Read();
            if (isCode) code = Text(ref reader);
            reader.Skip();
        }
        return code;
    }

    // A string's value or a number's digits, as JsonElement's GetString and GetRawText give them; null for anything else.
    private static string? Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan.ToArray()), // the body is one segment
        _ => null,
    };

    // Huawei codes look like Ecs.0023, Common.0024 or APIGW.0308: a name, a dot and digits.
    private static bool IsErrorCodeShape(string code)
    {
        var dot = code.IndexOf('.');
        return dot > 0 && dot < code.Length - 1 && IsNumber(code.Substring(dot + 1));
    }

    /// <summary>A single-line excerpt of at most <see cref="MaxExcerptLength"/> characters, for messages.</summary>
    public static string Excerpt(byte[] body, Func<string, string>? scrub = null)
    {
        if (body.Length == 0) return "(empty)";
        // Decode well past the excerpt, so that a secret straddling the cut is still found and scrubbed whole.
        var take = Math.Min(body.Length, 64 * 1024);
        string text;
        try
        {
            text = new UTF8Encoding(false, false).GetString(body, 0, take);
        }
        catch (ArgumentException)
        {
            text = "(binary data)";
        }
        if (scrub is not null) text = scrub(text);
        return Shorten(OneLine(text), MaxExcerptLength);
    }

    /// <summary>Collapses whitespace and control characters to single spaces.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 4096));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
            if (builder.Length > 4096) break;
        }
        return builder.ToString();
    }

    public static string Shorten(string text, int max) =>
        text.Length <= max ? text : text.Substring(0, max - 3) + "...";

    private static bool TryParseJson(byte[] body, out string? code, out string? message, out string? requestId,
        out bool isJsonObject)
    {
        code = null;
        message = null;
        requestId = null;
        isJsonObject = false;
        if (body.Length == 0) return false;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return true;
            isJsonObject = true;
            requestId = Text(root, "request_id");
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = Text(error, "code");
                message = Text(error, "message");
                requestId ??= Text(error, "request_id");
            }
            code ??= Text(root, "error_code");
            message ??= Text(root, "error_msg");
            if (code is null && message is null)
            {
                code = Text(root, "code");
                message = Text(root, "message");
            }
            if (code is null && message is null)
            {
                // Nova style: one property named after the fault, holding code and message.
                foreach (var property in root.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) continue;
                    var innerMessage = Text(property.Value, "message");
                    if (innerMessage is null) continue;
                    message = innerMessage;
                    var innerCode = Text(property.Value, "code");
                    code = innerCode is not null && !IsNumber(innerCode) ? innerCode : property.Name;
                    break;
                }
            }
            if (code is not null) code = Shorten(OneLine(code), 64);
            if (requestId is not null) requestId = Shorten(OneLine(requestId), 128);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A property's string value, or a number's digits; null for anything else or when it is missing.</summary>
    internal static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static bool IsNumber(string value)
    {
        foreach (var c in value)
        {
            if (c < '0' || c > '9') return false;
        }
        return value.Length > 0;
    }
}

/// <summary>What one pass of <see cref="ErrorResponse.Scan"/> found a body to be.</summary>
internal enum BodyShape
{
    /// <summary>One comment-free JSON object.</summary>
    Object,

    /// <summary>Valid so far, but its first token is no object.</summary>
    NotObject,

    /// <summary>Malformed, empty, or with comments: only a tolerant reading can tell.</summary>
    Unreadable,
}
