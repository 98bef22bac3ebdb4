using System.Net.Http;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Http;

/// <summary>
/// Builds the handler chain. The order is written here once, outermost first, and a test asserts it:
/// <list type="number">
/// <item><see cref="RetryHandler"/>: outermost, so that every attempt runs the whole chain below it again: signed anew
/// with a fresh date, read within the attempt timeout, judged on its own.</item>
/// <item><see cref="ErrorAnswerHandler"/>: turns an error answer into the caller's exception; it needs the whole body,
/// so it sits outside the buffering.</item>
/// <item><see cref="ResponseBufferingHandler"/>: reads the body within the attempt and checks its JSON.</item>
/// <item><see cref="SigningHandler"/>: signs what goes out; nothing below it changes the request.</item>
/// <item><see cref="LoggingHandler"/>: below signing, so it logs exactly what goes to the wire and which keys signed it.</item>
/// <item><see cref="TransportMarkHandler"/>: innermost, so that "handed to the transport", which decides whether a
/// failed POST may have acted, is true exactly when the transport got the request, wherever the others sit.</item>
/// </list>
/// </summary>
internal static class EcsPipeline
{
    public static RetryHandler Create(EcsClientOptions options, ICredentialProvider credentials, ClockSkew skew)
    {
        var transport = options.Transport is not null
            ? new BorrowedHandler(options.Transport)
            : CreateSocketTransport();
        return (RetryHandler)Link(Handlers(options, credentials, skew), transport);
    }

    /// <summary>The handlers in their order, outermost first, not yet linked.</summary>
    internal static DelegatingHandler[] Handlers(EcsClientOptions options, ICredentialProvider credentials, ClockSkew skew) => new DelegatingHandler[]
    {
        new RetryHandler(options, skew, credentials),
        new ErrorAnswerHandler(),
        new ResponseBufferingHandler(),
        new SigningHandler(options, credentials, skew),
        new LoggingHandler(options),
        new TransportMarkHandler(),
    };

    /// <summary>Links handlers, outermost first, over the transport; returns the outermost.</summary>
    internal static HttpMessageHandler Link(DelegatingHandler[] outermostFirst, HttpMessageHandler transport)
    {
        var inner = transport;
        for (var i = outermostFirst.Length - 1; i >= 0; i--)
        {
            outermostFirst[i].InnerHandler = inner;
            inner = outermostFirst[i];
        }
        return inner;
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
