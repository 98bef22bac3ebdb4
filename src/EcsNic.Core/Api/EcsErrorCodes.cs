
namespace EcsNic.Core.Api;

/// <summary>
/// The Huawei error codes EcsNic treats specially. What a code (with its HTTP status) says about a call, whether
/// throttled, worth retrying or proof that nothing was submitted, is decided by <see cref="Http.ResponseClassifier"/>.
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
}
