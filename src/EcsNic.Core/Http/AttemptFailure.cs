using System;
using System.Collections.Generic;
using EcsNic.Core.Api;

namespace EcsNic.Core.Http;

/// <summary>
/// How one attempt failed: an error answer (built by <see cref="ErrorAnswerHandler"/>) or a transport failure. It
/// turns itself into the exception the caller sees when the retry handler gives up, and into the words of its log lines.
/// </summary>
internal sealed class AttemptFailure
{
    private AttemptFailure(FailureKind kind, ErrorAnswerException? answered, Exception? cause, bool sent)
    {
        Kind = kind;
        Answered = answered;
        Cause = cause;
        Sent = sent;
    }

    public FailureKind Kind { get; }

    /// <summary>The error answer with its headers; null for a transport failure.</summary>
    public ErrorAnswerException? Answered { get; }

    /// <summary>The exception of the caller, for an error answer.</summary>
    public EcsApiException? Answer => Answered?.Error;

    /// <summary>The transport's exception, for a transport failure.</summary>
    public Exception? Cause { get; }

    /// <summary>True when the request may have reached the server.</summary>
    public bool Sent { get; }

    public static AttemptFailure Of(ErrorAnswerException answered) =>
        new(answered.IsUnreadableSuccess ? FailureKind.UnreadableSuccess : FailureKind.ErrorAnswer, answered, null, sent: true);

    public static AttemptFailure TimedOut(Exception cause, bool handedToTransport) =>
        new(FailureKind.Timeout, null, cause, handedToTransport);

    /// <summary>A connection failure after the request was handed to the transport (a refusal or TLS failure sent nothing).</summary>
    public static AttemptFailure ConnectionFailed(Exception cause)
    {
        var kind = ResponseClassifier.ConnectionFailureKind(cause);
        return new(kind, null, cause, sent: kind == FailureKind.ConnectionFailed);
    }

    /// <summary>The exception to throw when this failure ends the call.</summary>
    public Exception ToException(EcsRequestContext context, int attempts, Uri? uri, TimeSpan timeout)
    {
        if (Answer is { } answer) return answer;
        return Kind switch
        {
            FailureKind.Timeout => new EcsApiException(0, ErrorResponse.TimeoutCode,
                $"No answer within the timeout of {RetryBackoff.FormatSeconds(timeout)}.", null, context.Operation, context.TargetId,
                attempts, TimeoutOf(timeout)),
            FailureKind.TlsFailed => new EcsApiException(0, ErrorResponse.ConnectionFailedCode,
                $"The secure connection could not be established: {CauseText()}", null, context.Operation,
                context.TargetId, attempts, Cause),
            FailureKind.ConnectionRefused => new EcsApiException(0, ErrorResponse.ConnectionFailedCode,
                $"Nothing accepted the connection to {(uri is null ? "the endpoint" : uri.GetLeftPart(UriPartial.Authority))} " +
                "(connection refused).", null, context.Operation, context.TargetId, attempts, Cause),
            _ => new EcsApiException(0, ErrorResponse.ConnectionFailedCode,
                $"The connection failed: {CauseText()}", null, context.Operation, context.TargetId, attempts, Cause),
        };
    }

    /// <summary>The inner exception of an <see cref="OutcomeUnknownException"/> for this failure.</summary>
    public Exception? InnerOfOutcomeUnknown(TimeSpan timeout) => Kind switch
    {
        FailureKind.ErrorAnswer or FailureKind.UnreadableSuccess => Answer,
        FailureKind.Timeout => TimeoutOf(timeout),
        _ => Cause,
    };

    /// <summary>What happened, for a log line after "attempt N".</summary>
    public string Describe(TimeSpan timeout)
    {
        if (Answer is { } e)
            return $"got HTTP {e.StatusCode} {e.ErrorCode} (request ID {e.RequestId ?? "none"})";
        return Kind switch
        {
            FailureKind.Timeout => $"got no answer within {RetryBackoff.FormatSeconds(timeout)}",
            FailureKind.ConnectionRefused => "could not connect (connection refused)",
            FailureKind.TlsFailed => $"could not establish a secure connection: {CauseText()}",
            _ => $"lost the connection: {CauseText()}",
        };
    }

    private TimeoutException TimeoutOf(TimeSpan timeout) =>
        new($"No answer within the timeout of {RetryBackoff.FormatSeconds(timeout)}.", Cause);

    private string CauseText()
    {
        if (Cause is null) return "no details";
        var texts = new List<string>();
        for (var ex = Cause; ex is not null && texts.Count < 3; ex = ex.InnerException)
        {
            var text = ErrorResponse.OneLine(ex.Message);
            if (text.Length > 0 && !texts.Contains(text)) texts.Add(text);
        }
        return ErrorResponse.Shorten(string.Join(" ", texts), 300);
    }
}
