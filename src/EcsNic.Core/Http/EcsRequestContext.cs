using System;
using System.Net.Http;
using System.Threading;

namespace EcsNic.Core.Http;

/// <summary>
/// What the pipeline needs to know about one logical call, carried on the <see cref="HttpRequestMessage"/>: the SDK
/// operation name and target for messages, whether repeating the call is safe, how a user can check an ambiguous outcome,
/// the project for the X-Project-Id header, and the exact body bytes to send and sign.
/// </summary>
internal sealed class EcsRequestContext
{
    internal const string PropertyKey = "EcsNic.RequestContext";

    public EcsRequestContext(string operation, string? targetId, bool isIdempotent, string? howToCheck, string? projectId,
        byte[]? body, int? maxAttempts = null)
    {
        MaxAttempts = maxAttempts;
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
        TargetId = targetId;
        IsIdempotent = isIdempotent;
        HowToCheck = howToCheck;
        ProjectId = projectId;
        Body = body;
    }

    /// <summary>The SDK operation name, such as AssociateServerVirtualIp.</summary>
    public string Operation { get; }

    /// <summary>The NIC, server, job or region the call is about.</summary>
    public string? TargetId { get; }

    /// <summary>True when sending the call twice has the same effect as once (GET, PUT).</summary>
    public bool IsIdempotent { get; }

    /// <summary>For calls that are not idempotent: what the user should run to learn whether the call took effect.</summary>
    public string? HowToCheck { get; }

    /// <summary>The project sent as X-Project-Id; null for calls that must not carry it (the IAM project lookup).</summary>
    public string? ProjectId { get; }

    /// <summary>
    /// Attempts for this call, overriding <c>RetryOptions.MaxAttempts</c>; 1 for a poller that retries on its own
    /// schedule, so that its request budget holds on the wire.
    /// </summary>
    public int? MaxAttempts { get; }

    /// <summary>The UTF-8 JSON body, or null for none.</summary>
    public byte[]? Body { get; }

    public void AttachTo(HttpRequestMessage request) => request.Properties[PropertyKey] = this;

    public static EcsRequestContext For(HttpRequestMessage request)
    {
        if (request.Properties.TryGetValue(PropertyKey, out var value) && value is EcsRequestContext context) return context;
        // A request built outside EcsClient: be conservative and treat anything but GET, HEAD and PUT as unsafe to repeat.
        var method = request.Method.Method;
        var idempotent = method is "GET" or "HEAD" or "PUT" or "DELETE";
        return new EcsRequestContext(method, null, idempotent, null, null, null);
    }
}

/// <summary>The state of one attempt, shared by the handlers of that attempt through the request's properties.</summary>
internal sealed class AttemptState
{
    internal const string PropertyKey = "EcsNic.Attempt";

    private int _handedToTransport;

    public AttemptState(int number) => Number = number;

    /// <summary>1 for the first attempt.</summary>
    public int Number { get; }

    /// <summary>True once the request was given to the transport; before that, nothing can have reached the server.</summary>
    public bool HandedToTransport => Volatile.Read(ref _handedToTransport) != 0;

    /// <summary>The X-Sdk-Date this attempt was signed with.</summary>
    public string? SignedDate { get; set; }

    /// <summary>The signature hex of this attempt, kept only to scrub it from any text that might echo it.</summary>
    public string? Signature { get; set; }

    /// <summary>The security token of this attempt, kept only to scrub it from any text that might echo it.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>The credentials this attempt was signed with, so that rejected temporary ones can be refreshed.</summary>
    public Auth.Credentials? SignedWith { get; set; }

    public void MarkHandedToTransport() => Volatile.Write(ref _handedToTransport, 1);

    public static AttemptState? For(HttpRequestMessage request) =>
        request.Properties.TryGetValue(PropertyKey, out var value) ? value as AttemptState : null;

    /// <summary>Replaces any secret of this attempt that appears in a text (a server could echo request headers).</summary>
    public string Scrub(string text)
    {
        if (text.Length == 0) return text;
        if (!string.IsNullOrEmpty(Signature)) text = text.Replace(Signature, Auth.Redact.Placeholder);
        if (!string.IsNullOrEmpty(SecurityToken)) text = text.Replace(SecurityToken, Auth.Redact.Placeholder);
        return text;
    }
}
