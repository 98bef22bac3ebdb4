using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.PowerShell.Tests.TestSupport;

/// <summary>
/// The project's emulator as a child process on 127.0.0.1 (port 0, so the OS picks a free one and the banner names it),
/// driven through its unsigned control API. A child process rather than an in-process EmulatorHost: the emulator links
/// EcsNic.Core, and a copy of it loaded here would sit in the default load context before the module's own copy, so the
/// staged module would silently run on the test's EcsNic.Core instead of the one it ships.
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly HttpClient _control;

    private EmulatorProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        // Loopback only, never through a proxy.
        _control = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(baseUri, "_emulator/"), Timeout = TimeSpan.FromSeconds(30) };
        Account = GetJson("account");
    }

    /// <summary>The base address, http://127.0.0.1:port/.</summary>
    // The banner line with the address Kestrel bound (port 0 asks for a free one).
    private static readonly Regex ListeningLine = new(@"Listening on:\s+(http://127\.0\.0\.1:\d+/)", RegexOptions.IgnoreCase);

    public Uri BaseUri { get; }

    /// <summary>Where the emulator serves IAM (the project lookup), {BaseUri}iam/; never inferred from the ECS endpoint.</summary>
    public Uri IamUri => new(BaseUri, "iam/");

    /// <summary>The unsigned control API, {BaseUri}_emulator/.</summary>
    public Uri ControlUri => new(BaseUri, "_emulator/");

    /// <summary>The control API's account document (keys, project, region, subnets, servers and their NICs).</summary>
    public JsonObject Account { get; }

    public string AccessKey => (string)Account["access_key"]!;

    public string SecretKey => (string)Account["secret_key"]!;

    public string Region => (string)Account["region"]!;

    public string ProjectId => (string)Account["project_id"]!;

    /// <summary>The seeded servers: the demo servers, then one in another VPC.</summary>
    public IReadOnlyList<JsonObject> Servers => Account["servers"]!.AsArray().Select(s => s!.AsObject()).ToArray();

    /// <summary>The seeded subnets: demo-a, demo-b (demo VPC), then 'other'.</summary>
    public IReadOnlyList<JsonObject> Subnets => Account["subnets"]!.AsArray().Select(s => s!.AsObject()).ToArray();

    public static EmulatorProcess Start(int jobDurationMs)
    {
        var dll = RepoPaths.EmulatorDll;
        if (!File.Exists(dll)) throw new InvalidOperationException($"The emulator is not built: {dll}.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.RepoRoot,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--job-duration-ms", jobDurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        try
        {
            var output = new StringBuilder();
            var banner = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            // Read both pipes to the end, so that the child never blocks on a full one; a banner line names the address.
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (output) output.AppendLine(e.Data);
                if (ListeningLine.IsMatch(e.Data)) banner.TrySetResult(e.Data);
            };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => { lock (output) banner.TrySetException(new InvalidOperationException("The emulator exited: " + output)); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            if (!banner.Task.Wait(StartTimeout))
                throw new TimeoutException($"Hang guard: the emulator did not start within {StartTimeout.TotalSeconds} s.");
            var match = ListeningLine.Match(banner.Task.Result);
            if (!match.Success) throw new InvalidOperationException("Unexpected emulator banner: " + banner.Task.Result);
            return new EmulatorProcess(process, new Uri(match.Groups[1].Value));
        }
        catch
        {
            // Never leave an emulator behind a failed start.
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Seeded state, start-up settings, no faults or latency, counters at zero.</summary>
    public void Reset()
    {
        Send(HttpMethod.Post, "reset", null);
        Send(HttpMethod.Delete, "faults", null);
        Send(HttpMethod.Delete, "latency", null);
    }

    /// <summary>The counters document: total_requests, requests (per operation), faults, auth_failures, paths.</summary>
    public JsonObject Counters() => GetJson("counters");

    /// <summary>Requests counted for one operation (0 when none).</summary>
    public long RequestsFor(string operation) => Counters()["requests"]?[operation]?.GetValue<long>() ?? 0;

    /// <summary>Every request the emulator has seen since the last reset, as "METHOD /path", in arrival order.</summary>
    public IReadOnlyList<string> Paths() => Counters()["paths"]!.AsArray().Select(p => (string)p!).ToArray();

    public JsonObject Port(string portId) => GetJson("ports/" + portId);

    public JsonObject Server(string serverId) => GetJson("servers/" + serverId);

    public JsonObject State() => GetJson("state");

    /// <summary>The IP addresses in a port's allowed_address_pairs.</summary>
    public IReadOnlyList<string> AllowedAddresses(string portId) =>
        Port(portId)["allowed_address_pairs"]!.AsArray().Select(p => (string)p!["ip_address"]!).ToArray();

    /// <summary>The port IDs of a server's NICs as the emulator holds them now.</summary>
    public IReadOnlyList<string> NicIdsOf(string serverId) =>
        Server(serverId)["nics"]!.AsArray().Select(n => (string)n!["id"]!).ToArray();

    public void AddLatency(string operation, int fixedMs, int? count = null) =>
        Send(HttpMethod.Post, "latency", new JsonObject { ["operation"] = operation, ["fixed_ms"] = fixedMs, ["count"] = count });

    public void AddFault(string operation, string kind, int count = 1) =>
        Send(HttpMethod.Post, "faults", new JsonObject { ["operation"] = operation, ["kind"] = kind, ["count"] = count });

    public void SetVpcLifecycle(JsonObject settings) => Send(HttpMethod.Put, "vpc", settings);

    public void SetJobDuration(int milliseconds) => Send(HttpMethod.Put, "jobs/timing", new JsonObject { ["job_duration_ms"] = milliseconds });

    /// <summary>Polls the counters until <paramref name="condition"/> holds; the timeout only guards against a hang.</summary>
    public void WaitUntil(Func<JsonObject, bool> condition, string what, TimeSpan? hangGuard = null)
    {
        var deadline = DateTime.UtcNow + (hangGuard ?? TimeSpan.FromSeconds(60));
        while (!condition(Counters()))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Hang guard: the emulator never saw {what}.");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until the emulator has counted <paramref name="count"/> requests of <paramref name="operation"/>.</summary>
    public void WaitForRequests(string operation, long count) =>
        WaitUntil(c => (c["requests"]?[operation]?.GetValue<long>() ?? 0) == count, $"{count} {operation} request(s)");

    public void Dispose()
    {
        _control.Dispose();
        Kill(_process);
        _process.Dispose();
    }

    private JsonObject GetJson(string path) => Send(HttpMethod.Get, path, null)!.AsObject();

    private JsonNode? Send(HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = _control.Send(request);
        var text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} _emulator/{path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
