using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;

namespace EcsNic.Core.Http;

/// <summary>
/// The outermost handler: runs attempts, each on a fresh copy of the request with its own timeout, and repeats the ones
/// the <see cref="ResponseClassifier"/> says may be repeated, with capped exponential backoff, full jitter and Retry-After
/// (<see cref="RetryBackoff"/>).
/// <list type="bullet">
/// <item>A POST that may have acted is never repeated: it ends in an <see cref="OutcomeUnknownException"/>.</item>
/// <item>A gateway date rejection whose Date header shows our clock is off is retried once with the corrected date.</item>
/// <item>A 401 for temporary credentials (which the service may expire before their expires_at) is retried once with
/// freshly fetched ones, when their provider can refresh.</item>
/// </list>
/// Every answer it returns is a 2xx whose body is one complete JSON object, buffered in memory; every other outcome is
/// thrown as an <see cref="EcsApiException"/>, an <see cref="OutcomeUnknownException"/> or, for the caller's own
/// cancellation, an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly EcsClientOptions _options;
    private readonly ClockSkew _skew;
    private readonly Auth.ICredentialProvider? _credentials;

    public RetryHandler(EcsClientOptions options, ClockSkew skew, Auth.ICredentialProvider? credentials = null)
    {
        _options = options;
        _skew = skew;
        _credentials = credentials;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = EcsRequestContext.For(request);
        var body = context.Body;
        if (body is null && request.Content is not null)
            body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);

        var retry = _options.Retry ?? new RetryOptions();
        var clock = _options.Clock;
        var maxAttempts = Math.Max(1, context.MaxAttempts ?? retry.MaxAttempts);
        var started = clock.UtcNow;
        var attempts = 0;
        var counted = 0;
        var skewRetried = false;
        var credentialsRefreshed = false;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            counted++;
            var state = new AttemptState(attempts);
            var (response, failed) = await AttemptAsync(request, body, state, cancellationToken).ConfigureAwait(false);
            if (response is not null) return response;
            var failure = failed!;

            if (ServerDateIfSkewed(failure) is { } serverDate)
            {
                if (!skewRetried)
                {
                    skewRetried = true;
                    counted--;
                    var offset = serverDate - clock.UtcNow;
                    _skew.Set(offset);
                    Log(EcsLogLevel.Verbose,
                        $"{Subject(context)}: the service rejected the request date and its clock differs from ours by " +
                        $"{FormatOffset(offset)}; signing with the corrected time from now on and retrying once.");
                    continue;
                }
            }
            else if (!credentialsRefreshed && failure.Answer is { StatusCode: 401 } && state.SignedWith is { IsTemporary: true } &&
                     _credentials is Auth.IRefreshableCredentialProvider refreshable && refreshable.Invalidate(state.SignedWith))
            {
                // A 401 is an answer, so nothing was done: even a POST may be sent again with the new credentials.
                credentialsRefreshed = true;
                counted--;
                Log(EcsLogLevel.Verbose,
                    $"{Subject(context)}: the service rejected the temporary credentials ({failure.Answer.ErrorCode}) before they " +
                    "were due to expire; fetching new ones and retrying once.");
                continue;
            }

            var verdict = ResponseClassifier.Decide(failure, context.IsIdempotent);
            if (verdict == RetryVerdict.OutcomeUnknown)
            {
                Log(EcsLogLevel.Verbose,
                    $"{Subject(context)}: attempt {attempts} {failure.Describe(_options.Timeout)}; not retrying, because the request " +
                    "was sent and repeating it could act twice.");
                throw new OutcomeUnknownException(context.Operation, context.TargetId,
                    context.HowToCheck ?? "Check the resource's current state before trying again.",
                    failure.InnerOfOutcomeUnknown(_options.Timeout));
            }
            if (verdict == RetryVerdict.Fail) throw failure.ToException(context, attempts, request.RequestUri, _options.Timeout);

            if (counted >= maxAttempts)
            {
                Log(EcsLogLevel.Verbose,
                    $"{Subject(context)}: attempt {attempts} {failure.Describe(_options.Timeout)}; giving up after {attempts} attempts.");
                throw failure.ToException(context, attempts, request.RequestUri, _options.Timeout);
            }

            var retryAfter = RetryBackoff.RetryAfter(failure.Answered?.RetryAfter, _skew.Now(clock));
            var delay = RetryBackoff.DelayBefore(counted, retryAfter, retry);
            var elapsed = clock.UtcNow - started;
            if (elapsed + delay > retry.MaxTotalTime)
            {
                Log(EcsLogLevel.Verbose,
                    $"{Subject(context)}: attempt {attempts} {failure.Describe(_options.Timeout)}; giving up, because waiting " +
                    $"{RetryBackoff.FormatSeconds(delay)} more would exceed the total retry time of " +
                    $"{RetryBackoff.FormatSeconds(retry.MaxTotalTime)}.");
                throw failure.ToException(context, attempts, request.RequestUri, _options.Timeout);
            }

            Log(EcsLogLevel.Verbose,
                $"{Subject(context)}: attempt {attempts} {failure.Describe(_options.Timeout)}; retrying in " +
                $"{RetryBackoff.FormatSeconds(delay)}{(retryAfter is not null ? " (as Retry-After asked)" : string.Empty)}, " +
                $"attempt {counted + 1} of {maxAttempts}.");
            await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One attempt on a copy of the request, under its own timeout: the answer when it is a success, else how it failed.
    /// Exceptions that are neither an error answer nor a transport failure (a credential provider's, say) propagate.
    /// </summary>
    private async Task<(HttpResponseMessage? Response, AttemptFailure? Failure)> AttemptAsync(HttpRequestMessage original,
        byte[]? body, AttemptState state, CancellationToken cancellationToken)
    {
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = _options.Timeout;
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) attemptCts.CancelAfter(timeout);
        using var copy = AttemptCopy(original, body, state);
        try
        {
            var response = await base.SendAsync(copy, attemptCts.Token).ConfigureAwait(false);
            response.RequestMessage = original;
            return (response, null);
        }
        catch (ErrorAnswerException answered)
        {
            return (null, AttemptFailure.Of(answered));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The operation was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (attemptCts.IsCancellationRequested &&
                                   (ex is OperationCanceledException or ObjectDisposedException || ResponseClassifier.IsConnectionFailure(ex)))
        {
            return (null, AttemptFailure.TimedOut(ex, state.HandedToTransport));
        }
        catch (Exception ex) when (state.HandedToTransport && ResponseClassifier.IsConnectionFailure(ex))
        {
            return (null, AttemptFailure.ConnectionFailed(ex));
        }
    }

    /// <summary>The server's date when the failure is a gateway date rejection and that date is far from our corrected clock.</summary>
    private DateTimeOffset? ServerDateIfSkewed(AttemptFailure failure) =>
        failure.Answer is { } answer && ResponseClassifier.IsGatewayRejection(answer.StatusCode, answer.ErrorCode) &&
        failure.Answered!.ServerDate is { } serverDate &&
        (serverDate - _skew.Now(_options.Clock)).Duration() > ClockSkew.Threshold
            ? serverDate
            : null;

    // Each attempt gets its own message: a sent HttpRequestMessage cannot be sent again, and the handlers of one attempt
    // share its state through the copy's properties.
    private static HttpRequestMessage AttemptCopy(HttpRequestMessage original, byte[]? body, AttemptState state)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version };
        foreach (var header in original.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            if (original.Content is not null)
            {
                foreach (var header in original.Content.Headers)
                {
                    if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                    copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }
        foreach (var property in original.Properties) copy.Properties[property.Key] = property.Value;
        copy.Properties[AttemptState.PropertyKey] = state;
        return copy;
    }

    private static string Subject(EcsRequestContext context) =>
        context.TargetId is null ? context.Operation : $"{context.Operation} ({context.TargetId})";

    private void Log(EcsLogLevel level, string message) => (EcsLogScope.Current ?? _options.Logger).Log(level, message);

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) +
        (offset.Duration().Days > 0 ? $" and {offset.Duration().Days} days" : string.Empty);
}
