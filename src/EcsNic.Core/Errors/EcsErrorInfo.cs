using System;

namespace EcsNic.Core.Errors;

/// <summary>What the module needs to build an ErrorRecord: a stable ID, a category, a message and what to do next.</summary>
public sealed class EcsErrorInfo
{
    /// <summary>Creates the record.</summary>
    public EcsErrorInfo(string errorId, EcsErrorKind kind, string message, string? targetId, string? recommendedAction,
        Exception exception)
    {
        ErrorId = errorId;
        Kind = kind;
        Message = message;
        TargetId = targetId;
        RecommendedAction = recommendedAction;
        Exception = exception;
    }

    /// <summary>The ErrorId: the Huawei code, the job's error code, or one of <see cref="EcsErrorIds"/>.</summary>
    public string ErrorId { get; }

    /// <summary>The category.</summary>
    public EcsErrorKind Kind { get; }

    /// <summary>The message, which for cloud errors includes the request ID.</summary>
    public string Message { get; }

    /// <summary>The NIC, server or job the error is about, when the exception names one.</summary>
    public string? TargetId { get; }

    /// <summary>What the user can do, or null.</summary>
    public string? RecommendedAction { get; }

    /// <summary>The exception classified.</summary>
    public Exception Exception { get; }
}
