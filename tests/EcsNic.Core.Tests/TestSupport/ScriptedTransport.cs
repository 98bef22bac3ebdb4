using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>One request as a <see cref="ScriptedTransport"/> received it, after every handler of the pipeline ran.</summary>
public sealed record TransportRequest(int Index, string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A fake transport at the pipeline's innermost seam: it records every request and answers from a script, so tests of
/// retry, signing and errors need no sockets. Index is 0 for the first request it sees.
/// </summary>
public sealed class ScriptedTransport : HttpMessageHandler
{
    private readonly Func<TransportRequest, CancellationToken, Task<HttpResponseMessage>> _script;
    private int _count;

    public ScriptedTransport(Func<TransportRequest, CancellationToken, Task<HttpResponseMessage>> script) => _script = script;

    public ScriptedTransport(Func<TransportRequest, HttpResponseMessage> script)
        : this((r, _) => Task.FromResult(script(r)))
    {
    }

    public ConcurrentQueue<TransportRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public List<TransportRequest> List => Requests.OrderBy(r => r.Index).ToList();

    public static HttpResponseMessage Json(int status, string body, string? requestId = "req-0001")
    {
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (requestId is not null) response.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        return response;
    }

    public static HttpResponseMessage Text(int status, string body, string contentType = "text/html", string? requestId = "req-0001")
    {
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (requestId is not null) response.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        return response;
    }

    public static HttpRequestException ConnectionRefused() =>
        new("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));

    public static HttpRequestException ConnectionReset() =>
        new("An error occurred while sending the request.",
            new System.IO.IOException("Unable to read data from the transport connection: Connection reset by peer.",
                new SocketException((int)SocketError.ConnectionReset)));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // The raw values, as the socket transport writes them (parsed values would be re-formatted).
        foreach (var h in request.Headers.NonValidated) headers[h.Key] = h.Value.ToString();
        var body = string.Empty;
        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers.NonValidated) headers[h.Key] = h.Value.ToString();
            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }
        var recorded = new TransportRequest(index, request.Method.Method, request.RequestUri!, headers, body);
        Requests.Enqueue(recorded);
        var response = await _script(recorded, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }
}
