
namespace EcsNic.Core.Errors;

/// <summary>
/// The categories an EcsNic error can fall in, named for what went wrong; a front end maps each to its own categories
/// (the PowerShell module to ErrorCategory, in ErrorRecords).
/// </summary>
public enum EcsErrorKind
{
    /// <summary>No better category.</summary>
    NotSpecified,
    /// <summary>Bad input (HTTP 400, validation).</summary>
    InvalidArgument,
    /// <summary>The call is not allowed (HTTP 403).</summary>
    PermissionDenied,
    /// <summary>The request was not authenticated (HTTP 401: bad AK/SK, signature or date).</summary>
    SecurityError,
    /// <summary>No usable credentials.</summary>
    AuthenticationError,
    /// <summary>The NIC, server or job does not exist (HTTP 404, Ecs.0307).</summary>
    ObjectNotFound,
    /// <summary>A conflict (HTTP 409, Ecs.0010 address in use).</summary>
    ResourceExists,
    /// <summary>Throttled (HTTP 429) or out of addresses (Ecs.0012).</summary>
    LimitsExceeded,
    /// <summary>A quota is used up (Ecs.0001).</summary>
    QuotaExceeded,
    /// <summary>No answer from the service, or a gateway error.</summary>
    ConnectionError,
    /// <summary>The service failed (HTTP 5xx).</summary>
    ResourceUnavailable,
    /// <summary>Something took too long, or may not have happened.</summary>
    OperationTimeout,
    /// <summary>Cancelled.</summary>
    OperationStopped,
    /// <summary>A job ended in FAIL.</summary>
    InvalidOperation,
    /// <summary>The service answered with something that could not be understood.</summary>
    InvalidResult,
}
