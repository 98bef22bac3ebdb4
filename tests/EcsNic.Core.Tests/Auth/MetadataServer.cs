using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Tests.TestSupport;

namespace EcsNic.Core.Tests.Auth;

/// <summary>A scripted ECS metadata service on a loopback port.</summary>
internal sealed class MetadataServer : IDisposable
{
    public const string SessionToken = "metadata-session-token-1";

    private readonly LoopbackHttpServer _server;
    private int _issued;

    private MetadataServer(FakeClock clock)
    {
        Clock = clock;
        _server = new LoopbackHttpServer(HandleAsync);
    }

    public static MetadataServer Start(FakeClock clock) => new(clock);

    public FakeClock Clock { get; }

    public Uri BaseUri => _server.BaseUri;

    /// <summary>How the token PUT is answered: "ok", "404", "500" or "abort".</summary>
    public string TokenBehaviour { get; set; } = "ok";

    /// <summary>When set, the security key GET is answered with this status and body instead of fresh credentials.</summary>
    public Func<(int Status, string Body)>? SecurityKeyOverride { get; set; }

    /// <summary>When set, the security key GET waits for this before answering.</summary>
    public TaskCompletionSource<bool>? SecurityKeyGate { get; set; }

    /// <summary>Completes when the first security key GET arrives.</summary>
    public TaskCompletionSource<bool> FirstSecurityKeyGet { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    public string Secret { get; set; } = "MetadataSecret000000000000000000000000001";

    public string Token { get; set; } = "metadata-security-token";

    public int TokenPuts => _server.Requests.Count(r => r.Method == "PUT" && r.PathAndQuery == "/meta-data/latest/api/token");

    public int SecurityKeyGets => _server.Requests.Count(r => r.Method == "GET" && r.PathAndQuery == "/openstack/latest/securitykey");

    public RecordedRequest[] Requests => _server.Requests.ToArray();

    public static string Body(string access, string secret, string token, DateTimeOffset expiresAt) =>
        "{\"credential\":{\"access\":\"" + access + "\",\"secret\":\"" + secret + "\",\"securitytoken\":\"" + token +
        "\",\"expires_at\":\"" + expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) + "\"}}";

    /// <summary>A loopback port that nothing listens on.</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public MetadataCredentialProvider Provider(TimeSpan? timeout = null) => new(new MetadataCredentialOptions
    {
        Endpoint = BaseUri,
        Clock = Clock,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    });

    public void Dispose() => _server.Dispose();

    private async Task HandleAsync(HttpListenerContext context, RecordedRequest request)
    {
        if (request.Method == "PUT" && request.PathAndQuery == "/meta-data/latest/api/token")
        {
            switch (TokenBehaviour)
            {
                case "ok":
                    if (request.Headers["X-Metadata-Token-Ttl-Seconds"] != "21600")
                    {
                        await LoopbackHttpServer.WriteAsync(context, 400, "missing ttl", "text/plain");
                        return;
                    }
                    await LoopbackHttpServer.WriteAsync(context, 200, SessionToken, "text/plain");
                    return;
                case "abort":
                    context.Response.Abort();
                    return;
                default:
                    await LoopbackHttpServer.WriteAsync(context, int.Parse(TokenBehaviour, CultureInfo.InvariantCulture), "no", "text/plain");
                    return;
            }
        }

        if (request.Method == "GET" && request.PathAndQuery == "/openstack/latest/securitykey")
        {
            FirstSecurityKeyGet.TrySetResult(true);
            if (SecurityKeyGate is { } gate) await gate.Task;
            if (SecurityKeyOverride is { } custom)
            {
                var (status, body) = custom();
                await LoopbackHttpServer.WriteAsync(context, status, body);
                return;
            }
            var n = Interlocked.Increment(ref _issued);
            await LoopbackHttpServer.WriteAsync(context, 200, Body("AKMETA" + n.ToString("D4", CultureInfo.InvariantCulture), Secret, Token,
                Clock.UtcNow + Lifetime));
            return;
        }

        await LoopbackHttpServer.WriteAsync(context, 404, "{}");
    }
}

internal static class KooCliFiles
{
    public static string Single(string name, string accessKey, string secretKey, string? region = null, string mode = "AKSK",
        string? authEncrypt = null, string? securityToken = null, string? projectId = null) =>
        "{" + (authEncrypt is null ? "" : $"\"authEncrypt\":\"{authEncrypt}\",") +
        $"\"language\":\"en\",\"current\":\"{name}\",\"profiles\":[" + Profile(name, accessKey, secretKey, region, mode, securityToken, projectId) + "]}";

    public static string Profile(string name, string accessKey, string secretKey, string? region = null, string mode = "AKSK",
        string? securityToken = null, string? projectId = null, string? domainId = null) =>
        $"{{\"name\":\"{name}\",\"mode\":\"{mode}\",\"accessKeyId\":\"{accessKey}\",\"secretAccessKey\":\"{secretKey}\"," +
        $"\"securityToken\":\"{securityToken ?? ""}\",\"region\":\"{region ?? ""}\",\"projectId\":\"{projectId ?? ""}\"," +
        $"\"domainId\":\"{domainId ?? ""}\",\"skipSecureVerify\":\"false\",\"readTimeout\":10,\"connectTimeout\":5,\"retryCount\":0}}";
}
