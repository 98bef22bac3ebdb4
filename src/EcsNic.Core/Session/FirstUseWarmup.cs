using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>
/// Runs a session's first call once against in-memory answers, on a background thread that the module starts at import,
/// so that the user's first real call finds the client, the handler chain, the signer (and the crypto library behind it),
/// the project lookup and the JSON readers already compiled; then opens one connection through the platform's HTTP
/// handler to a loopback port that this process holds without listening, which is refused at once, so that the socket
/// and connection code is compiled too. Sends nothing over the network and uses no real credential.
/// </summary>
/// <remarks>
/// Most of a first call's cost in a fresh PowerShell is just-in-time compilation and first-use set-up, not the round
/// trip (measured in docs/performance.md): in a fresh pwsh, a refused connection alone took about half of what was left
/// of the first call after the in-memory pass. The refused port is bound, never listened on, so no other program can
/// take it meanwhile and no firewall is asked. <c>ECSNIC_WARMUP=off</c> turns this off (to measure a cold first call).
/// </remarks>
public static class FirstUseWarmup
{
    /// <summary>The environment variable that turns the warm-up off when set to <c>off</c>, <c>0</c> or <c>false</c>.</summary>
    public const string EnvironmentVariable = "ECSNIC_WARMUP";

    // Fake values in the documented formats; the answer below never leaves this process.
    private const string FakeProjectId = "00000000000000000000000000000000";
    private const string FakeServerId = "00000000-0000-4000-8000-000000000000";
    private const string FakePortId = "00000000-0000-4000-8000-000000000001";
    private const string FakeSubnetId = "00000000-0000-4000-8000-000000000002";

    // Never resolved or reached: every request of the warm-up's client goes to the in-memory transport.
    private static readonly Uri FakeIamEndpoint = new("https://iam.warm-up.invalid/");
    private const string FakeRegion = "cn-north-4";

    private static readonly byte[] ProjectsAnswer = Encoding.UTF8.GetBytes(
        "{\"projects\":[{\"id\":\"" + FakeProjectId + "\",\"name\":\"" + FakeRegion + "\",\"enabled\":true}]}");

    private static readonly byte[] ServerAnswer = Encoding.UTF8.GetBytes(
        "{\"server\":{\"id\":\"" + FakeServerId + "\",\"addresses\":{\"" + FakeSubnetId + "\":[{\"addr\":\"192.168.0.10\"," +
        "\"OS-EXT-IPS:port_id\":\"" + FakePortId + "\",\"OS-EXT-IPS:type\":\"fixed\",\"primary\":true}]}}}");

    private static readonly byte[] NicsAnswer = Encoding.UTF8.GetBytes(
        "{\"interfaceAttachments\":[{\"port_state\":\"ACTIVE\",\"fixed_ips\":[{\"subnet_id\":\"" + FakeSubnetId +
        "\",\"ip_address\":\"192.168.0.10\"}],\"net_id\":\"" + FakeSubnetId + "\",\"port_id\":\"" + FakePortId +
        "\",\"mac_addr\":\"fa:16:3e:00:00:01\",\"delete_on_termination\":false,\"driver_mode\":\"virtio\"}]}");

    private static int _started;

    /// <summary>Whether the environment turned the warm-up off.</summary>
    public static bool IsDisabled =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { } value &&
        (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs the warm-up on the calling thread, once per process, unless the environment turned it off. Never throws.</summary>
    public static void RunOnce()
    {
        if (IsDisabled || Interlocked.Exchange(ref _started, 1) == 1) return;
        Run(CreateAnswerTransport());
        RefusedLoopbackConnection();
    }

    /// <summary>
    /// Does what Get-EcsServerNic's first call does (the project lookup, ShowServer, ListServerInterfaces) for a fake
    /// server through a full client whose transport is <paramref name="transport"/>; true when that worked.
    /// </summary>
    internal static bool Run(HttpMessageHandler transport)
    {
        try
        {
            using var client = new EcsClient(new EcsClientOptions
            {
                Region = FakeRegion,
                IamEndpoint = FakeIamEndpoint,
                Transport = transport,
            }, new StaticCredentialProvider(new Credentials("ECSNICWARMUPACCESSKY", "EcsNicWarmUpFakeSecretKey000000000000000")));
            var primary = client.GetPrimaryNicIdsAsync(FakeServerId, CancellationToken.None).GetAwaiter().GetResult();
            var nics = client.ListServerNicsAsync(FakeServerId, CancellationToken.None).GetAwaiter().GetResult();
            return primary.Count == 1 && nics.Count == 1 && nics[0].PortId == FakePortId;
        }
        catch (Exception)
        {
            // Whatever went wrong here will show, with a proper error, on the user's real call.
            return false;
        }
        finally
        {
            // The fake project must not stay in the process-wide lookup cache.
            EcsClient.ClearProjectIdCache(FakeIamEndpoint);
        }
    }

    /// <summary>
    /// Sends a GET through the platform's HTTP handler (as the module's clients are built) to a loopback port this process
    /// has bound but does not listen on; true when the connection was refused, as it always should be.
    /// </summary>
    internal static bool RefusedLoopbackConnection()
    {
        try
        {
            using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)reserved.LocalEndPoint!).Port;
            using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            using var response = http.GetAsync(new Uri("http://127.0.0.1:" + port + "/")).GetAwaiter().GetResult();
            return false;
        }
        catch (HttpRequestException)
        {
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The in-memory transport the warm-up's client talks to: the fake project, server and one-NIC list.</summary>
    internal static HttpMessageHandler CreateAnswerTransport() => new AnswerTransport();

    private sealed class AnswerTransport : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            var answer = path.EndsWith("/v3/projects", StringComparison.Ordinal) ? ProjectsAnswer
                : path.EndsWith("/os-interface", StringComparison.Ordinal) ? NicsAnswer
                : ServerAnswer;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(answer) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return Task.FromResult(response);
        }
    }
}
