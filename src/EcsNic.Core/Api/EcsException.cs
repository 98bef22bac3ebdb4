using System;

namespace EcsNic.Core.Api;

/// <summary>The base of every exception EcsNic throws on purpose; messages never contain secrets.</summary>
public class EcsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EcsException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// The cloud (or its API gateway) answered with an error, or with a body that could not be understood.
/// Carries the HTTP status, the Huawei error code, the message and the X-Request-Id that support asks for.
/// </summary>
public sealed class EcsApiException : EcsException
{
    /// <summary>Creates the exception.</summary>
    public EcsApiException(int statusCode, string errorCode, string errorMessage, string? requestId, string operation,
        string? targetId = null, Exception? inner = null)
        : this(statusCode, errorCode, errorMessage, requestId, operation, targetId, 1, inner)
    {
    }

    /// <summary>Creates the exception for a call that was tried <paramref name="attempts"/> times; the message says so.</summary>
    public EcsApiException(int statusCode, string errorCode, string errorMessage, string? requestId, string operation,
        string? targetId, int attempts, Exception? inner = null)
        : base(Format(statusCode, errorCode, errorMessage, requestId, operation, targetId, attempts), inner)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
        Operation = operation;
        TargetId = targetId;
        Attempts = attempts < 1 ? 1 : attempts;
    }

    /// <summary>The HTTP status code; 0 when no response was received.</summary>
    public int StatusCode { get; }

    /// <summary>The Huawei error code, such as <c>Ecs.0005</c> or <c>APIGW.0308</c>, or an EcsNic code for unreadable bodies.</summary>
    public string ErrorCode { get; }

    /// <summary>The error message as the service gave it.</summary>
    public string ErrorMessage { get; }

    /// <summary>The X-Request-Id of the failed response, if any.</summary>
    public string? RequestId { get; }

    /// <summary>The SDK operation name, such as <c>AssociateServerVirtualIp</c>.</summary>
    public string Operation { get; }

    /// <summary>The NIC, server or job the call was about.</summary>
    public string? TargetId { get; }

    /// <summary>How many attempts were made before giving up (1 when the call was not retried).</summary>
    public int Attempts { get; } = 1;

    /// <summary>True for errors worth retrying: throttling (429, Common.0024, Common.1503), 5xx and Ecs.0002.</summary>
    public bool IsTransient => Http.ResponseClassifier.IsTransient(StatusCode, ErrorCode);

    private static string Format(int status, string code, string message, string? requestId, string operation, string? target,
        int attempts) =>
        $"{operation}{(target is null ? string.Empty : $" ({target})")} failed" +
        $"{(attempts > 1 ? $" after {attempts} attempts" : string.Empty)}: " +
        // Without a response there is no status, no Huawei code and no request ID to give support: the message is all.
        (status == 0 && requestId is null ? message : $"HTTP {status} {code}: {message} (request ID: {requestId ?? "none"})");
}

/// <summary>
/// A non-idempotent call (a POST) may or may not have taken effect: the connection failed or timed out after the
/// request was sent. It is never repeated automatically; the message says how to check.
/// </summary>
public sealed class OutcomeUnknownException : EcsException
{
    /// <summary>Creates the exception.</summary>
    public OutcomeUnknownException(string operation, string? targetId, string howToCheck, Exception? inner = null)
        : base($"{operation}{(targetId is null ? string.Empty : $" ({targetId})")}: the outcome is unknown: the request was sent " +
               $"but no complete answer came back ({inner?.Message ?? "no response"}). It was not retried, because repeating it " +
               $"could act twice. {howToCheck}", inner)
    {
        Operation = operation;
        TargetId = targetId;
        HowToCheck = howToCheck;
    }

    /// <summary>The SDK operation name.</summary>
    public string Operation { get; }

    /// <summary>The server the call was about.</summary>
    public string? TargetId { get; }

    /// <summary>What the user should run to find out what happened.</summary>
    public string HowToCheck { get; }
}

/// <summary>Input was rejected before any request was sent. The message names the parameter and the offending value.</summary>
public sealed class EcsValidationException : EcsException
{
    /// <summary>Creates the exception; long values are shortened in the message, and a missing one is not quoted.</summary>
    public EcsValidationException(string parameterName, string? value, string problem)
        : base(value is not null ? $"{parameterName} '{Shorten(value)}' {problem}"
            : problem.StartsWith("is ", StringComparison.Ordinal) ? $"{parameterName} {problem}"
            : $"{parameterName} is missing: {problem}")
    {
        ParameterName = parameterName;
        Value = value;
        Problem = problem;
    }

    /// <summary>What is wrong with the value, without the parameter name and value (to re-word it under another name).</summary>
    public string Problem { get; }

    /// <summary>An exception for a value that was not given at all; the message names the parameter and what is needed.</summary>
    public static EcsValidationException Missing(string parameterName, string need) => new(parameterName, null, need);

    /// <summary>The name of the parameter or field that was rejected.</summary>
    public string ParameterName { get; }

    /// <summary>The rejected value.</summary>
    public string? Value { get; }

    /// <summary>Shortens a value for display, so a 10 MB string does not become a 10 MB message.</summary>
    public static string Shorten(string? value)
    {
        if (value is null) return "(null)";
        const int max = 80;
        return value.Length <= max ? value : value.Substring(0, max) + $"... ({value.Length} characters)";
    }
}
