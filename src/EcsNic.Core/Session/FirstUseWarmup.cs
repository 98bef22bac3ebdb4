using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>
/// Runs a session's first call once against an in-memory answer, on a background thread when the module is imported,
/// so that the user's first real call finds the client, the handler chain, the signer (and the crypto library behind it)
/// and the JSON reader already compiled. Sends nothing over the network and uses no real credential.
/// </summary>
/// <remarks>
/// Most of a first call's cost in a fresh PowerShell is just-in-time compilation and first-use set-up, not the round
/// trip (measured in docs/performance.md). <c>ECSNIC_WARMUP=off</c> turns this off (to measure a cold first call).
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

    private static readonly byte[] Answer = Encoding.UTF8.GetBytes(
        "{\"interfaceAttachments\":[{\"port_state\":\"ACTIVE\",\"fixed_ips\":[{\"subnet_id\":\"" + FakeSubnetId +
        "\",\"ip_address\":\"192.168.0.10\"}],\"net_id\":\"" + FakeSubnetId + "\",\"port_id\":\"" + FakePortId +
        "\",\"mac_addr\":\"fa:16:3e:00:00:01\",\"delete_on_termination\":false,\"driver_mode\":\"virtio\"}]}");

    private static int _started;

    /// <summary>Whether the environment turned the warm-up off.</summary>
    public static bool IsDisabled =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { } value &&
        (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts the warm-up on a background thread, once per process; returns at once. Never throws.</summary>
    public static void Start()
    {
        if (IsDisabled || Interlocked.Exchange(ref _started, 1) == 1) return;
        try
        {
            var thread = new Thread(() => Run(CreateAnswerTransport()))
            {
                IsBackground = true,
                Name = "EcsNic warm-up",
                Priority = ThreadPriority.BelowNormal,
            };
            thread.Start();
        }
        catch (Exception)
        {
            // A warm-up that cannot start costs the user nothing but a slower first call.
        }
    }

    /// <summary>Lists the NICs of a fake server through a full client whose transport is <paramref name="transport"/>; true when that worked.</summary>
    internal static bool Run(HttpMessageHandler transport)
    {
        try
        {
            using var client = new EcsClient(new EcsClientOptions
            {
                Region = "cn-north-4",
                ProjectId = FakeProjectId,
                Transport = transport,
            }, new StaticCredentialProvider(new Credentials("ECSNICWARMUPACCESSKY", "EcsNicWarmUpFakeSecretKey000000000000000")));
            var nics = client.ListServerNicsAsync(FakeServerId, CancellationToken.None).GetAwaiter().GetResult();
            return nics.Count == 1 && nics[0].PortId == FakePortId;
        }
        catch (Exception)
        {
            // Whatever went wrong here will show, with a proper error, on the user's real call.
            return false;
        }
    }

    /// <summary>The in-memory transport the warm-up's client talks to: every request gets the one-NIC answer.</summary>
    internal static HttpMessageHandler CreateAnswerTransport() => new AnswerTransport();

    private sealed class AnswerTransport : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(Answer) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return Task.FromResult(response);
        }
    }
}
