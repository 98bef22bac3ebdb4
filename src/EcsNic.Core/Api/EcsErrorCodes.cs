namespace EcsNic.Core.Api;

/// <summary>
/// What a Huawei error code (with its HTTP status) says about a call: throttled, worth retrying, or proof that nothing
/// was submitted. The retry handler, <see cref="EcsApiException.IsTransient"/> and the error classifier all ask here, so
/// the rules live in one place.
/// </summary>
public static class EcsErrorCodes
{
    /// <summary>ECS request flow control, "exceeds flow over limit"; documented with HTTP 202 and also seen as a 4xx.</summary>
    public const string FlowControl = "Common.0024";

    /// <summary>ECS "the system is busy", HTTP 503.</summary>
    public const string SystemBusy = "Common.1503";

    /// <summary>The API gateway's throttling, HTTP 429 "The throttling threshold has been reached".</summary>
    public const string GatewayThrottled = "APIGW.0308";

    /// <summary>ECS "a system exception occurred" / "task submission failed", HTTP 400: nothing was submitted.</summary>
    public const string TaskSubmissionFailed = "Ecs.0002";

    /// <summary>ECS "project_id in token mismatches with project_id in url": the project ID belongs to another region.</summary>
    public const string ProjectMismatch = "Ecs.0023";

    /// <summary>True when the service throttled the call: HTTP 429, or a throttling code whatever the status.</summary>
    public static bool IsThrottling(int statusCode, string? errorCode) =>
        statusCode == 429 || errorCode is FlowControl or SystemBusy or GatewayThrottled;

    /// <summary>True for failures worth retrying: throttling, 5xx and Ecs.0002.</summary>
    public static bool IsTransient(int statusCode, string? errorCode) =>
        IsThrottling(statusCode, errorCode) || statusCode >= 500 || errorCode == TaskSubmissionFailed;

    /// <summary>
    /// True when the answer proves the service did not start the work, so that even a POST may be sent again: the call
    /// was throttled, or refused with Ecs.0002 as a 4xx ("task submission failed").
    /// </summary>
    public static bool ProvesNotSubmitted(int statusCode, string? errorCode) =>
        IsThrottling(statusCode, errorCode) || (errorCode == TaskSubmissionFailed && statusCode is >= 400 and < 500);
}
