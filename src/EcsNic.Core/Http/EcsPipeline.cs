using System.Net.Http;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Http;

/// <summary>
/// Builds the handler chain, outermost first: retry, signing, logging, transport. Retry is outermost so that every
/// attempt is signed again with a fresh date; logging is innermost so that it sees exactly what goes to the wire.
/// </summary>
internal static class EcsPipeline
{
    public static RetryHandler Create(EcsClientOptions options, ICredentialProvider credentials, ClockSkew skew)
    {
        var transport = options.Transport is not null
            ? new BorrowedHandler(options.Transport)
            : CreateSocketTransport();
        var logging = new LoggingHandler(options) { InnerHandler = transport };
        var signing = new SigningHandler(options, credentials, skew) { InnerHandler = logging };
        return new RetryHandler(options, skew, credentials) { InnerHandler = signing };
    }

    // Redirects are refused (a redirect must never carry credentials elsewhere), cookies are not kept, and TLS
    // certificate validation stays on.
    private static HttpMessageHandler CreateSocketTransport() => new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    /// <summary>Forwards to a transport the caller owns, without disposing it when the client is disposed.</summary>
    private sealed class BorrowedHandler : DelegatingHandler
    {
        public BorrowedHandler(HttpMessageHandler inner) : base(inner)
        {
        }

        protected override void Dispose(bool disposing)
        {
            // Deliberately not calling base.Dispose: it would dispose the borrowed inner handler.
        }
    }
}
