using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Http;

/// <summary>
/// The innermost handler: marks the attempt as handed to the transport just before the transport gets it. Before the
/// mark nothing can have reached the server, so a failure then proves a POST was not sent; after it, a lost connection
/// leaves a POST's outcome unknown. Being innermost, the mark cannot move when other handlers are reordered.
/// </summary>
internal sealed class TransportMarkHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AttemptState.For(request)?.MarkHandedToTransport();
        return base.SendAsync(request, cancellationToken);
    }
}
