using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;

namespace EcsNic.Core.Http;

/// <summary>
/// Turns an error answer into the <see cref="EcsApiException"/> the caller will see if the call is not repeated: the
/// Huawei code, message and request ID of an error body (whatever its status), a redirect that is not followed, or a 2xx
/// that could not be read. It sits inside the retry handler and outside the buffering handler, so it judges one
/// attempt's complete body; which answers are errors is the <see cref="ResponseClassifier"/>'s decision.
/// </summary>
internal sealed class ErrorAnswerHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!ResponseClassifier.IsError(response)) return response;
        using (response)
        {
            throw Build(request, response);
        }
    }

    private static ErrorAnswerException Build(HttpRequestMessage request, HttpResponseMessage response)
    {
        var context = EcsRequestContext.For(request);
        var attempt = AttemptState.For(request);
        Func<string, string> scrub = attempt is null ? static t => t : attempt.Scrub;
        var status = (int)response.StatusCode;
        var requestId = LoggingHandler.RequestIdOf(response);
        var body = response.Content as BufferedContent;
        var bytes = body?.Bytes ?? Array.Empty<byte>();
        var retryAfter = response.Headers.RetryAfter;
        var unreadableSuccess = false;

        ErrorResponse.Details details;
        if (status >= 200 && status < 300 && body is { IsJsonObject: true, CarriesErrorCode: true })
        {
            // An accepted-looking status with an error body (Common.0024 is documented as HTTP 202): an error.
            details = ErrorResponse.Parse(status, response.ReasonPhrase, bytes, requestId, scrub);
        }
        else if (status >= 200 && status < 300)
        {
            var problem = body is null || !body.IsComplete
                ? $"a body larger than {ResponseBufferingHandler.MaxResponseBytes / (1024 * 1024)} MB, which was not read"
                : bytes.Length == 0 ? "an empty body" : $"a body that is not one complete JSON object: {ErrorResponse.Excerpt(bytes, scrub)}";
            details = new ErrorResponse.Details(status, ErrorResponse.UnreadableCode,
                scrub($"The service answered {status} with {problem}"), requestId);
            unreadableSuccess = true;
            // The backoff of an unreadable answer is our own; its headers are not trusted.
            retryAfter = null;
        }
        else if (status >= 300 && status < 400)
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
            details = ErrorResponse.Parse(status, response.ReasonPhrase, bytes, requestId, scrub);
        }

        var error = new EcsApiException(details.StatusCode, details.ErrorCode, details.Message, details.RequestId,
            context.Operation, context.TargetId, attempt?.Number ?? 1);
        return new ErrorAnswerException(error, unreadableSuccess, retryAfter, response.Headers.Date);
    }
}

/// <summary>
/// One attempt's error answer on its way to the retry handler: the exception the caller would see, plus what the retry
/// needs from the answer's headers (Retry-After, and the server's Date to detect clock skew).
/// </summary>
internal sealed class ErrorAnswerException : Exception
{
    public ErrorAnswerException(EcsApiException error, bool isUnreadableSuccess, RetryConditionHeaderValue? retryAfter,
        DateTimeOffset? serverDate)
        : base(error.Message, error)
    {
        Error = error;
        IsUnreadableSuccess = isUnreadableSuccess;
        RetryAfter = retryAfter;
        ServerDate = serverDate;
    }

    /// <summary>The exception for the caller, counting the attempts made so far.</summary>
    public EcsApiException Error { get; }

    /// <summary>True for a 2xx that could not be read, which a POST may have acted on.</summary>
    public bool IsUnreadableSuccess { get; }

    /// <summary>The answer's Retry-After, if any.</summary>
    public RetryConditionHeaderValue? RetryAfter { get; }

    /// <summary>The answer's Date header, if any.</summary>
    public DateTimeOffset? ServerDate { get; }
}
