using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>One request as the loopback server saw it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, WebHeaderCollection Headers, string Body);

/// <summary>
/// A minimal scriptable HTTP server on 127.0.0.1 with a free port, for tests of code that talks HTTP before or without
/// the emulator. The handler writes the response, or calls <c>context.Response.Abort()</c> to drop the connection.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, RecordedRequest, Task> _handler;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttpServer(Func<HttpListenerContext, RecordedRequest, Task> handler)
    {
        _handler = handler;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                BaseUri = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _ = Task.Run(AcceptLoop);
    }

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static Task WriteAsync(HttpListenerContext context, int status, string body, string contentType = "application/json")
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        return WriteAndClose(context, bytes);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        _listener.Close();
    }

    private static async Task WriteAndClose(HttpListenerContext context, byte[] bytes)
    {
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                string body;
                using (var reader = new StreamReader(context.Request.InputStream))
                    body = await reader.ReadToEndAsync();
                var headers = new WebHeaderCollection();
                foreach (string key in context.Request.Headers) headers[key] = context.Request.Headers[key];
                var recorded = new RecordedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "/", headers, body);
                Requests.Enqueue(recorded);
                try
                {
                    await _handler(context, recorded);
                }
                catch (Exception)
                {
                    try { context.Response.Abort(); } catch (ObjectDisposedException) { }
                }
            });
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
