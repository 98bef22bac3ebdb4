using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;

namespace EcsNic.Core.Http;

/// <summary>
/// Logs each attempt as it goes to the wire: the method and URL, then the status, the time taken and the X-Request-Id.
/// It never logs headers or bodies, so the Authorization signature and the security token cannot leak through it.
/// </summary>
internal sealed class LoggingHandler : DelegatingHandler
{
    public const string RequestIdHeader = "X-Request-Id";

    private readonly EcsClientOptions _options;

    public LoggingHandler(EcsClientOptions options) => _options = options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var logger = EcsLogScope.Current ?? _options.Logger;
        if (logger is NullEcsLogger) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var attempt = AttemptState.For(request);
        var line = $"{request.Method.Method} {Describe(request.RequestUri)}";
        if (attempt is { Number: > 1 }) line += $" (attempt {attempt.Number})";
        var signedBy = request.Properties.TryGetValue(SigningHandler.CredentialNoteKey, out var note) ? note as string : null;
        logger.Log(EcsLogLevel.Debug, signedBy is null ? line : $"{line}, signed with {signedBy}");

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var requestId = RequestIdOf(response);
            logger.Log(EcsLogLevel.Debug,
                $"{(int)response.StatusCode} {ErrorResponse.OneLine(response.ReasonPhrase ?? string.Empty)} in " +
                $"{stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms, X-Request-Id {requestId ?? "(none)"}");
            return response;
        }
        catch (Exception ex)
        {
            logger.Log(EcsLogLevel.Debug,
                $"{line} failed after {stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms: " +
                $"{ex.GetType().Name}: {ErrorResponse.Shorten(ErrorResponse.OneLine(ex.Message), 300)}");
            throw;
        }
    }

    /// <summary>The X-Request-Id of a response, or null.</summary>
    public static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(RequestIdHeader, out var values)
            ? ErrorResponse.Shorten(ErrorResponse.OneLine(values.FirstOrDefault() ?? string.Empty), 128) is { Length: > 0 } id ? id : null
            : null;

    // The URL holds the project and resource IDs only; user info is rejected by endpoint validation anyway.
    private static string Describe(Uri? uri) => uri is null ? "(no URI)" : uri.GetComponents(
        UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
}
