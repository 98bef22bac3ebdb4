using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;

namespace EcsNic.Core.Http;

/// <summary>
/// The outermost handler: runs attempts, buffers and checks each answer, and decides what may be repeated.
/// <list type="bullet">
/// <item>A body that carries an error code is an error whatever its status (ECS documents Common.0024 with HTTP 202).</item>
/// <item>GET and PUT are idempotent: they are retried on throttling (429, Common.0024, Common.1503), 5xx, Ecs.0002,
/// connection failures, attempt timeouts and unreadable 2xx bodies, with capped exponential backoff, full jitter and
/// Retry-After.</item>
/// <item>POST is retried only when it provably never started any work: connection refused, throttling, or Ecs.0002 as a
/// 4xx (<see cref="EcsErrorCodes.ProvesNotSubmitted"/>). Any other failure after sending becomes an
/// <see cref="OutcomeUnknownException"/>.</item>
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
    /// <summary>Bodies beyond this size are not read to the end; no ECS answer comes close.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private static readonly object JitterGate = new();
    private static readonly Random JitterRandom = new();
    private static readonly byte[] EmptyObject = { (byte)'{', (byte)'}' };

    private readonly EcsClientOptions _options;
    private readonly ClockSkew _skew;
    private readonly Auth.ICredentialProvider? _credentials;

    public RetryHandler(EcsClientOptions options, ClockSkew skew, Auth.ICredentialProvider? credentials = null)
    {
        _options = options;
        _skew = skew;
        _credentials = credentials;
    }

    private enum FailureKind
    {
        HttpError,
        UnreadableSuccess,
        Timeout,
        ConnectionRefused,
        ConnectionFailed,
        TlsFailed,
        ClockSkew,
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
            var outcome = await AttemptAsync(request, context, body, attempts, cancellationToken).ConfigureAwait(false);
            if (outcome.Response is not null) return outcome.Response;

            if (outcome.Kind == FailureKind.ClockSkew && !skewRetried && outcome.ServerDate is { } serverDate)
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

            if (!credentialsRefreshed && IsRejectedTemporaryCredential(outcome) &&
                _credentials is Auth.IRefreshableCredentialProvider refreshable && refreshable.Invalidate(outcome.SignedWith!))
            {
                // A 401 is an answer, so nothing was done: even a POST may be sent again with the new credentials.
                credentialsRefreshed = true;
                counted--;
                Log(EcsLogLevel.Verbose,
                    $"{Subject(context)}: the service rejected the temporary credentials ({outcome.Error?.ErrorCode}) before they " +
                    "were due to expire; fetching new ones and retrying once.");
                continue;
            }

            var retryable = context.IsIdempotent ? IsRetryableWhenIdempotent(outcome) : IsRetryableWhenUnsafe(outcome);
            if (!retryable)
            {
                if (!context.IsIdempotent && MayHaveBeenProcessed(outcome))
                {
                    Log(EcsLogLevel.Verbose,
                        $"{Subject(context)}: attempt {attempts} {Describe(outcome)}; not retrying, because the request " +
                        "was sent and repeating it could act twice.");
                    throw new OutcomeUnknownException(context.Operation, context.TargetId,
                        context.HowToCheck ?? "Check the resource's current state before trying again.",
                        InnerOf(outcome, context, attempts));
                }
                throw Final(outcome, context, attempts, request.RequestUri);
            }

            if (counted >= maxAttempts)
            {
                Log(EcsLogLevel.Verbose, $"{Subject(context)}: attempt {attempts} {Describe(outcome)}; giving up after {attempts} attempts.");
                throw Final(outcome, context, attempts, request.RequestUri);
            }

            var delay = DelayBefore(counted, outcome.RetryAfter, retry);
            var elapsed = clock.UtcNow - started;
            if (elapsed + delay > retry.MaxTotalTime)
            {
                Log(EcsLogLevel.Verbose,
                    $"{Subject(context)}: attempt {attempts} {Describe(outcome)}; giving up, because waiting " +
                    $"{FormatSeconds(delay)} more would exceed the total retry time of {FormatSeconds(retry.MaxTotalTime)}.");
                throw Final(outcome, context, attempts, request.RequestUri);
            }

            Log(EcsLogLevel.Verbose,
                $"{Subject(context)}: attempt {attempts} {Describe(outcome)}; retrying in {FormatSeconds(delay)}" +
                $"{(outcome.RetryAfter is not null ? " (as Retry-After asked)" : string.Empty)}, attempt {counted + 1} of {maxAttempts}.");
            await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The wait before the next attempt: the server's Retry-After capped at MaxDelay, else full jitter over
    /// min(MaxDelay, BaseDelay * 2^(n-1)) after the n-th attempt.
    /// </summary>
    internal static TimeSpan DelayBefore(int failedAttempt, TimeSpan? retryAfter, RetryOptions retry)
    {
        var max = retry.MaxDelay < TimeSpan.Zero ? TimeSpan.Zero : retry.MaxDelay;
        if (retryAfter is { } asked)
        {
            if (asked < TimeSpan.Zero) return TimeSpan.Zero;
            return asked > max ? max : asked;
        }
        var exponent = Math.Min(Math.Max(failedAttempt - 1, 0), 62);
        var ceiling = retry.BaseDelay.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(Math.Max(ceiling, 0), max.Ticks);
        var jitter = retry.Jitter?.Invoke() ?? NextJitter();
        if (double.IsNaN(jitter) || jitter < 0) jitter = 0;
        if (jitter >= 1) jitter = 1;
        return TimeSpan.FromTicks((long)(capped * jitter));
    }

    private static double NextJitter()
    {
        lock (JitterGate) return JitterRandom.NextDouble();
    }

    private static bool IsRetryableWhenIdempotent(Outcome outcome) => outcome.Kind switch
    {
        FailureKind.HttpError => outcome.Error is { } e && IsTransient(e),
        FailureKind.UnreadableSuccess or FailureKind.Timeout or FailureKind.ConnectionRefused or FailureKind.ConnectionFailed => true,
        _ => false,
    };

    // Only failures that prove the service never acted: the connection was refused, or the answer says nothing started.
    private static bool IsRetryableWhenUnsafe(Outcome outcome) => outcome.Kind switch
    {
        FailureKind.ConnectionRefused => true,
        FailureKind.HttpError => outcome.Error is { } e && EcsErrorCodes.ProvesNotSubmitted(e.StatusCode, e.ErrorCode),
        _ => false,
    };

    private static bool MayHaveBeenProcessed(Outcome outcome) => outcome.Kind switch
    {
        FailureKind.HttpError => outcome.Error is { } e && !EcsErrorCodes.ProvesNotSubmitted(e.StatusCode, e.ErrorCode) &&
                                 IsTransient(e),
        FailureKind.Timeout => outcome.Sent,
        FailureKind.UnreadableSuccess or FailureKind.ConnectionFailed => true,
        _ => false,
    };

    private static bool IsTransient(ErrorResponse.Details error) => EcsErrorCodes.IsTransient(error.StatusCode, error.ErrorCode);

    private static bool IsRejectedTemporaryCredential(Outcome outcome) =>
        outcome.Kind == FailureKind.HttpError && outcome.Error is { StatusCode: 401 } && outcome.SignedWith is { IsTemporary: true };

    private async Task<Outcome> AttemptAsync(HttpRequestMessage original, EcsRequestContext context, byte[]? body, int number,
        CancellationToken cancellationToken)
    {
        var state = new AttemptState(number);
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = _options.Timeout;
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) attemptCts.CancelAfter(timeout);
        using var clone = Clone(original, body, state);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(clone, attemptCts.Token).ConfigureAwait(false);
            var (bytes, complete) = await ReadBodyAsync(response, attemptCts.Token).ConfigureAwait(false);
            var outcome = Classify(original, response, bytes, complete, state);
            outcome.SignedWith = state.SignedWith;
            if (outcome.Response is null) response.Dispose();
            return outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new OperationCanceledException("The operation was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (attemptCts.IsCancellationRequested &&
                                   (ex is OperationCanceledException or ObjectDisposedException || IsConnectionFailure(ex)))
        {
            response?.Dispose();
            return Outcome.Failed(FailureKind.Timeout, cause: ex, sent: state.HandedToTransport);
        }
        catch (Exception ex) when (state.HandedToTransport && IsConnectionFailure(ex))
        {
            response?.Dispose();
            var kind = Find<AuthenticationException>(ex) is not null ? FailureKind.TlsFailed
                : IsConnectionRefused(ex) ? FailureKind.ConnectionRefused
                : FailureKind.ConnectionFailed;
            return Outcome.Failed(kind, cause: ex, sent: kind == FailureKind.ConnectionFailed);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private Outcome Classify(HttpRequestMessage original, HttpResponseMessage response, byte[] bytes, bool complete,
        AttemptState state)
    {
        var status = (int)response.StatusCode;
        var requestId = LoggingHandler.RequestIdOf(response);
        if (status >= 200 && status < 300)
        {
            // DeleteVpc, DeleteSubnet and DeletePort answer 204 No Content: an empty body is their success.
            if (complete && bytes.Length == 0 && original.Method == HttpMethod.Delete)
                bytes = EmptyObject;
            if (complete && ErrorResponse.IsWellFormedJsonObject(bytes) && ErrorResponse.CarriesErrorCode(bytes))
            {
                // An accepted-looking status with an error body (Common.0024 is documented as HTTP 202): an error.
                return Outcome.Failed(FailureKind.HttpError, ErrorResponse.Parse(status, response.ReasonPhrase, bytes, requestId, state.Scrub),
                    retryAfter: RetryAfterOf(response));
            }
            if (complete && ErrorResponse.IsWellFormedJsonObject(bytes))
            {
                ReplaceContent(response, bytes);
                response.RequestMessage = original;
                return Outcome.Succeeded(response);
            }
            var problem = !complete
                ? $"a body larger than {MaxResponseBytes / (1024 * 1024)} MB, which was not read"
                : bytes.Length == 0 ? "an empty body" : $"a body that is not one complete JSON object: {ErrorResponse.Excerpt(bytes, state.Scrub)}";
            return Outcome.Failed(FailureKind.UnreadableSuccess, new ErrorResponse.Details(status, ErrorResponse.UnreadableCode,
                state.Scrub($"The service answered {status} with {problem}"), requestId));
        }

        ErrorResponse.Details details;
        if (status >= 300 && status < 400)
        {
            var location = response.Headers.Location;
            var target = location is null ? string.Empty
                : location.IsAbsoluteUri ? $" to {location.GetLeftPart(UriPartial.Path)}" : $" to {location.OriginalString.Split('?')[0]}";
            details = new ErrorResponse.Details(status, ErrorResponse.RedirectCode,
                ErrorResponse.Shorten(ErrorResponse.OneLine(
                    $"The service answered with a redirect{target}. Redirects are not followed, so credentials are never " +
                    "sent to another address; check the endpoint."), 400), requestId);
        }
        else
        {
            details = ErrorResponse.Parse(status, response.ReasonPhrase, bytes, requestId, state.Scrub);
        }

        var retryAfter = RetryAfterOf(response);
        if (status == 401 && IsGatewayCode(details.ErrorCode) && response.Headers.Date is { } serverDate &&
            (serverDate - _skew.Now(_options.Clock)).Duration() > ClockSkew.Threshold)
        {
            return Outcome.Failed(FailureKind.ClockSkew, details, serverDate: serverDate);
        }
        return Outcome.Failed(FailureKind.HttpError, details, retryAfter: retryAfter);
    }

    private static bool IsGatewayCode(string code) =>
        code.StartsWith("APIGW.", StringComparison.Ordinal) || code.StartsWith("APIG.", StringComparison.Ordinal);

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta;
        if (header.Date is { } date)
        {
            var wait = date - _skew.Now(_options.Clock);
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static async Task<(byte[] Bytes, bool Complete)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is null) return (Array.Empty<byte>(), true);
        // Some transports ignore the token while reading; disposing the response unblocks them.
        using var registration = cancellationToken.Register(static s => ((HttpResponseMessage)s!).Dispose(), response);
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var length = response.Content.Headers.ContentLength;
        using var buffer = new MemoryStream(length is > 0 and <= MaxResponseBytes ? (int)length.Value : 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes) return (buffer.ToArray(), false);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = buffer.ToArray();
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            var withoutBom = new byte[bytes.Length - 3];
            Buffer.BlockCopy(bytes, 3, withoutBom, 0, withoutBom.Length);
            bytes = withoutBom;
        }
        return (bytes, true);
    }

    private static void ReplaceContent(HttpResponseMessage response, byte[] bytes)
    {
        var old = response.Content;
        var content = new ByteArrayContent(bytes);
        if (old is not null)
        {
            foreach (var header in old.Headers)
            {
                if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        response.Content = content;
        old?.Dispose();
    }

    private static HttpRequestMessage Clone(HttpRequestMessage original, byte[]? body, AttemptState state)
    {
        var clone = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version };
        foreach (var header in original.Headers) clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (body is not null)
        {
            clone.Content = new ByteArrayContent(body);
            if (original.Content is not null)
            {
                foreach (var header in original.Content.Headers)
                {
                    if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                    clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }
        foreach (var property in original.Properties) clone.Properties[property.Key] = property.Value;
        clone.Properties[AttemptState.PropertyKey] = state;
        return clone;
    }

    private static bool IsConnectionFailure(Exception ex) =>
        Find<HttpRequestException>(ex) is not null || Find<IOException>(ex) is not null || Find<SocketException>(ex) is not null;

    private static bool IsConnectionRefused(Exception ex) =>
        Find<SocketException>(ex) is { SocketErrorCode: SocketError.ConnectionRefused };

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (var depth = 0; ex is not null && depth < 16; depth++, ex = ex.InnerException)
        {
            if (ex is T match) return match;
        }
        return null;
    }

    private Exception Final(Outcome outcome, EcsRequestContext context, int attempts, Uri? uri = null)
    {
        if (outcome.Error is { } e)
            return new EcsApiException(e.StatusCode, e.ErrorCode, e.Message, e.RequestId, context.Operation, context.TargetId, attempts);
        return outcome.Kind switch
        {
            FailureKind.Timeout => new EcsApiException(0, ErrorResponse.TimeoutCode,
                $"No answer within the timeout of {FormatSeconds(_options.Timeout)}.", null, context.Operation, context.TargetId,
                attempts, TimeoutOf(outcome)),
            FailureKind.TlsFailed => new EcsApiException(0, ErrorResponse.ConnectionFailedCode,
                $"The secure connection could not be established: {CauseText(outcome.Cause)}", null, context.Operation,
                context.TargetId, attempts, outcome.Cause),
            FailureKind.ConnectionRefused => new EcsApiException(0, ErrorResponse.ConnectionFailedCode,
                $"Nothing accepted the connection to {(uri is null ? "the endpoint" : uri.GetLeftPart(UriPartial.Authority))} " +
                "(connection refused).", null, context.Operation, context.TargetId, attempts,
                outcome.Cause),
            _ => new EcsApiException(0, ErrorResponse.ConnectionFailedCode,
                $"The connection failed: {CauseText(outcome.Cause)}", null, context.Operation, context.TargetId, attempts,
                outcome.Cause),
        };
    }

    private Exception? InnerOf(Outcome outcome, EcsRequestContext context, int attempts) => outcome.Kind switch
    {
        FailureKind.HttpError or FailureKind.UnreadableSuccess => Final(outcome, context, attempts),
        FailureKind.Timeout => TimeoutOf(outcome),
        _ => outcome.Cause,
    };

    private TimeoutException TimeoutOf(Outcome outcome) =>
        new($"No answer within the timeout of {FormatSeconds(_options.Timeout)}.", outcome.Cause);

    private static string CauseText(Exception? cause)
    {
        if (cause is null) return "no details";
        var texts = new System.Collections.Generic.List<string>();
        for (var ex = cause; ex is not null && texts.Count < 3; ex = ex.InnerException)
        {
            var text = ErrorResponse.OneLine(ex.Message);
            if (text.Length > 0 && !texts.Contains(text)) texts.Add(text);
        }
        return ErrorResponse.Shorten(string.Join(" ", texts), 300);
    }

    private string Describe(Outcome outcome)
    {
        if (outcome.Error is { } e)
            return $"got HTTP {e.StatusCode} {e.ErrorCode} (request ID {e.RequestId ?? "none"})";
        return outcome.Kind switch
        {
            FailureKind.Timeout => $"got no answer within {FormatSeconds(_options.Timeout)}",
            FailureKind.ConnectionRefused => "could not connect (connection refused)",
            FailureKind.TlsFailed => $"could not establish a secure connection: {CauseText(outcome.Cause)}",
            _ => $"lost the connection: {CauseText(outcome.Cause)}",
        };
    }

    private static string Subject(EcsRequestContext context) =>
        context.TargetId is null ? context.Operation : $"{context.Operation} ({context.TargetId})";

    private void Log(EcsLogLevel level, string message) => (EcsLogScope.Current ?? _options.Logger).Log(level, message);

    internal static string FormatSeconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + " s";

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) +
        (offset.Duration().Days > 0 ? $" and {offset.Duration().Days} days" : string.Empty);

    private sealed class Outcome
    {
        private Outcome(HttpResponseMessage? response, FailureKind kind, ErrorResponse.Details? error, Exception? cause,
            TimeSpan? retryAfter, DateTimeOffset? serverDate, bool sent)
        {
            Response = response;
            Kind = kind;
            Error = error;
            Cause = cause;
            RetryAfter = retryAfter;
            ServerDate = serverDate;
            Sent = sent;
        }

        public HttpResponseMessage? Response { get; }
        public FailureKind Kind { get; }
        public ErrorResponse.Details? Error { get; }
        public Exception? Cause { get; }
        public TimeSpan? RetryAfter { get; }
        public DateTimeOffset? ServerDate { get; }
        public bool Sent { get; }
        public Auth.Credentials? SignedWith { get; set; }

        public static Outcome Succeeded(HttpResponseMessage response) =>
            new(response, FailureKind.HttpError, null, null, null, null, true);

        public static Outcome Failed(FailureKind kind, ErrorResponse.Details? error = null, Exception? cause = null,
            TimeSpan? retryAfter = null, DateTimeOffset? serverDate = null, bool sent = true) =>
            new(null, kind, error, cause, retryAfter, serverDate, sent);
    }
}
