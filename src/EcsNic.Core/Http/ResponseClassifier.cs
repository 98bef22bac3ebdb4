using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using EcsNic.Core.Api;

namespace EcsNic.Core.Http;

/// <summary>How one failed attempt failed, as far as the decision to repeat it is concerned.</summary>
internal enum FailureKind
{
    /// <summary>The service answered with an error: a non-2xx status, or a 2xx whose body carries an error code.</summary>
    ErrorAnswer,

    /// <summary>A 2xx whose body is empty, truncated, too large or not one JSON object: the call may have acted.</summary>
    UnreadableSuccess,

    /// <summary>No complete answer within the attempt timeout.</summary>
    Timeout,

    /// <summary>Nothing accepted the connection, so nothing was sent.</summary>
    ConnectionRefused,

    /// <summary>The connection failed after the request was handed to the transport.</summary>
    ConnectionFailed,

    /// <summary>The TLS handshake failed (an untrusted certificate), before any request was sent.</summary>
    TlsFailed,
}

/// <summary>What to do after a failed attempt.</summary>
internal enum RetryVerdict
{
    /// <summary>Send it again: it is idempotent, or the failure proves nothing was submitted.</summary>
    Retry,

    /// <summary>Give up with the failure itself: repeating would not help.</summary>
    Fail,

    /// <summary>Give up and say the outcome is unknown: a POST was sent and may have acted.</summary>
    OutcomeUnknown,
}

/// <summary>
/// The one place that decides what an answer or a failure means, after Azure.Core's ResponseClassifier: whether an
/// answer is an error, whether a failure is transient (worth repeating), whether it proves nothing was submitted (so even
/// a POST may be sent again), and whether it is throttling. The retry handler, the job waiter and
/// <see cref="EcsApiException.IsTransient"/> all ask here, so they cannot disagree. The codes are in <see cref="EcsErrorCodes"/>.
/// </summary>
internal static class ResponseClassifier
{
    /// <summary>
    /// True when an answer is an error: any status outside 2xx, or a 2xx whose buffered body is not one complete JSON
    /// object or carries an error code (ECS documents Common.0024 with HTTP 202).
    /// </summary>
    public static bool IsError(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status < 200 || status >= 300) return true;
        return response.Content is not BufferedContent body || !body.IsJsonObject || body.CarriesErrorCode;
    }

    /// <summary>True when the service throttled the call: HTTP 429, or a throttling code whatever the status.</summary>
    public static bool IsThrottling(int statusCode, string? errorCode) =>
        statusCode == 429 || errorCode is EcsErrorCodes.FlowControl or EcsErrorCodes.SystemBusy or EcsErrorCodes.GatewayThrottled;

    /// <summary>True for error answers worth repeating when repeating is safe: throttling, 5xx and Ecs.0002.</summary>
    public static bool IsTransient(int statusCode, string? errorCode) =>
        IsThrottling(statusCode, errorCode) || statusCode >= 500 || errorCode == EcsErrorCodes.TaskSubmissionFailed;

    /// <summary>
    /// True when the answer proves the service did not start the work, so that even a POST may be sent again: the call
    /// was throttled, or refused with Ecs.0002 as a 4xx ("task submission failed").
    /// </summary>
    public static bool ProvesNotSubmitted(int statusCode, string? errorCode) =>
        IsThrottling(statusCode, errorCode) ||
        (errorCode == EcsErrorCodes.TaskSubmissionFailed && statusCode is >= 400 and < 500);

    /// <summary>True for the API gateway's 401 rejections, which is how it refuses a request date too far from its own.</summary>
    public static bool IsGatewayRejection(int statusCode, string errorCode) =>
        statusCode == 401 &&
        (errorCode.StartsWith("APIGW.", StringComparison.Ordinal) || errorCode.StartsWith("APIG.", StringComparison.Ordinal));

    /// <summary>
    /// True when a failed idempotent call (a poll) is worth repeating on the caller's own schedule: a transient error
    /// answer, an outcome-unknown GET, a lost connection or a timeout. The caller checks its own cancellation first.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        EcsApiException api => IsTransient(api.StatusCode, api.ErrorCode),
        OutcomeUnknownException => true,
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => true,
        _ => false,
    };

    /// <summary>
    /// What to do after a failed attempt. Idempotent calls are repeated on transient answers, timeouts, unreadable 2xx
    /// answers and connection failures; a POST only when the failure proves nothing was submitted, and otherwise, if it
    /// was sent, its outcome is unknown.
    /// </summary>
    public static RetryVerdict Decide(AttemptFailure failure, bool idempotent)
    {
        var answer = failure.Answer;
        if (idempotent)
        {
            return failure.Kind switch
            {
                FailureKind.ErrorAnswer => IsTransient(answer!.StatusCode, answer.ErrorCode) ? RetryVerdict.Retry : RetryVerdict.Fail,
                FailureKind.TlsFailed => RetryVerdict.Fail,
                _ => RetryVerdict.Retry,
            };
        }
        return failure.Kind switch
        {
            FailureKind.ConnectionRefused => RetryVerdict.Retry,
            FailureKind.ErrorAnswer => ProvesNotSubmitted(answer!.StatusCode, answer.ErrorCode) ? RetryVerdict.Retry
                : IsTransient(answer.StatusCode, answer.ErrorCode) ? RetryVerdict.OutcomeUnknown
                : RetryVerdict.Fail,
            FailureKind.Timeout => failure.Sent ? RetryVerdict.OutcomeUnknown : RetryVerdict.Fail,
            FailureKind.UnreadableSuccess or FailureKind.ConnectionFailed => RetryVerdict.OutcomeUnknown,
            _ => RetryVerdict.Fail,
        };
    }

    /// <summary>True when an exception from below the retry handler means the connection failed (or was never made).</summary>
    public static bool IsConnectionFailure(Exception ex) =>
        Find<HttpRequestException>(ex) is not null || Find<IOException>(ex) is not null || Find<SocketException>(ex) is not null;

    /// <summary>Which connection failure an exception is; call only when <see cref="IsConnectionFailure"/> holds.</summary>
    public static FailureKind ConnectionFailureKind(Exception ex) =>
        Find<AuthenticationException>(ex) is not null ? FailureKind.TlsFailed
        : Find<SocketException>(ex) is { SocketErrorCode: SocketError.ConnectionRefused } ? FailureKind.ConnectionRefused
        : FailureKind.ConnectionFailed;

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (var depth = 0; ex is not null && depth < 16; depth++, ex = ex.InnerException)
        {
            if (ex is T match) return match;
        }
        return null;
    }
}
