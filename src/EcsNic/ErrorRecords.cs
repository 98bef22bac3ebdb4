using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Errors;

namespace EcsNic;

/// <summary>Builds ErrorRecords from the core's error classification; the module's only place that knows ErrorCategory.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord Create(EcsErrorInfo info, object? target)
    {
        var record = new ErrorRecord(info.Exception, info.ErrorId, CategoryOf(info.Kind), target ?? info.TargetId);
        // Always set, so that every error reads the same way ($_.ErrorDetails.Message, .RecommendedAction) whatever its source.
        record.ErrorDetails = new ErrorDetails(info.Message) { RecommendedAction = info.RecommendedAction ?? string.Empty };
        return record;
    }

    public static ErrorRecord Create(string errorId, EcsErrorKind kind, string message, object? target, string? recommendedAction = null) =>
        Create(new EcsErrorInfo(errorId, kind, message, null, recommendedAction, new EcsException(message)), target);

    public static ErrorCategory CategoryOf(EcsErrorKind kind) => kind switch
    {
        EcsErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        EcsErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        EcsErrorKind.SecurityError => ErrorCategory.SecurityError,
        EcsErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
        EcsErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        EcsErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        EcsErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        EcsErrorKind.QuotaExceeded => ErrorCategory.QuotaExceeded,
        EcsErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        EcsErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        EcsErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        EcsErrorKind.OperationStopped => ErrorCategory.OperationStopped,
        EcsErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        EcsErrorKind.InvalidResult => ErrorCategory.InvalidResult,
        _ => ErrorCategory.NotSpecified,
    };
}
