namespace EcsNic.Emulator.Runtime;

/// <summary>What an armed fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>HTTP 429 APIGW.0308, with Retry-After when <see cref="FaultRule.RetryAfterSeconds"/> is set. Nothing is done.</summary>
    Throttle,

    /// <summary>HTTP 500 with the service's error body. Nothing is done.</summary>
    ServerError,

    /// <summary>HTTP 503 with the gateway's error body. Nothing is done.</summary>
    ServiceUnavailable,

    /// <summary>The connection is dropped before anything is done.</summary>
    DropBeforeProcessing,

    /// <summary>The work is done, then the connection is dropped without an answer.</summary>
    DropAfterProcessing,

    /// <summary>An HTML error page (502 text/html by default), as a proxy would send. Nothing is done.</summary>
    HtmlErrorPage,

    /// <summary>The work is done and answered with its status but a body cut in half.</summary>
    TruncatedJson,

    /// <summary>
    /// ECS request flow control, <c>Common.0024</c> "exceeds flow over limit": HTTP 202 with an error body, as the ECS
    /// error-code page documents it, or the status in <see cref="FaultRule.StatusCode"/> (429, 400). Nothing is done.
    /// </summary>
    FlowControl,

    /// <summary>ECS <c>Common.1503</c>, the service is busy (HTTP 503 with the ECS error body). Nothing is done.</summary>
    SystemBusy,

    /// <summary>ECS <c>Ecs.0002</c> "task submission failed" as HTTP 400: nothing was submitted, so nothing is done.</summary>
    TaskSubmissionFailed,
}
