using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>
/// P4, child side (<c>--startup-probe &lt;spawn timestamp&gt; [&lt;emulator URL&gt; &lt;project ID&gt; &lt;server ID&gt;]</c>): in a fresh
/// process, times loading EcsNic.Core, constructing an EcsClient, signing one request, and the first and second call
/// through the whole pipeline (retry, signing, logging, socket transport) to the emulator the parent started (credentials
/// in ECSNIC_PROBE_AK / ECSNIC_PROBE_SK), or without a URL to a canned in-process transport; then lists every loaded
/// assembly. Prints <c>key=value</c> lines. Touches nothing
/// it does not measure before it has measured it, so the assembly list shows what EcsNic.Core brings in: <see cref="Run"/>
/// names no EcsNic type (the JIT would load EcsNic.Core while compiling it), only the helpers it calls do.
/// </summary>
public static class StartupProbe
{
    public const string Switch = "--startup-probe";
    public const string AccessKeyVariable = "ECSNIC_PROBE_AK";
    public const string SecretKeyVariable = "ECSNIC_PROBE_SK";
    private const string JobId = "ff80808288d41e1b018a1b2c3d4e5f60";
    private const string VectorAccessKey = "QTWAOYTTINDUT2QVKYUC";
    private const string VectorSecretKey = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";

    public static int Run(string[] args)
    {
        var mainAt = Stopwatch.GetTimestamp();
        var spawnedAt = args.Length > 1 && long.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 0;
        var endpoint = args.Length > 4 ? args[2] : null;
        var projectId = args.Length > 4 ? args[3] : null;
        var serverId = args.Length > 4 ? args[4] : null;
        var before = AssemblyNames();

        var watch = Stopwatch.StartNew();
        Assembly.Load(new AssemblyName("EcsNic.Core"));
        var loadCore = watch.Elapsed;
        var client = ConstructClient(endpoint, projectId);
        var construct = watch.Elapsed;
        SignOnce();
        var sign = watch.Elapsed;
        Call(client, serverId);
        var firstCall = watch.Elapsed;
        Call(client, serverId);
        var secondCall = watch.Elapsed;
        var after = AssemblyNames();

        var output = new StringBuilder();
        if (spawnedAt > 0) Line(output, "spawn_to_main_ms", Ms(mainAt - spawnedAt));
        Line(output, "load_core_ms", loadCore.TotalMilliseconds);
        Line(output, "construct_client_ms", (construct - loadCore).TotalMilliseconds);
        Line(output, "first_sign_ms", (sign - construct).TotalMilliseconds);
        Line(output, "first_call_ms", (firstCall - sign).TotalMilliseconds);
        Line(output, "second_call_ms", (secondCall - firstCall).TotalMilliseconds);
        Line(output, "first_use_total_ms", firstCall.TotalMilliseconds);
        output.Append("transport=").Append(endpoint is null ? "canned" : "socket").Append('\n');
        foreach (var name in before) output.Append("before=").Append(name).Append('\n');
        foreach (var name in after)
        {
            if (!before.Contains(name)) output.Append("after=").Append(name).Append('\n');
        }
        Console.Out.Write(output.ToString());
        ((IDisposable)client).Dispose();
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object ConstructClient(string? endpoint, string? projectId)
    {
        if (endpoint is null)
        {
            return new EcsClient(new EcsClientOptions
            {
                Region = "cn-north-4",
                ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                Transport = new CannedTransport(),
            }, new StaticCredentialProvider(new Credentials(VectorAccessKey, VectorSecretKey)));
        }

        var credentials = new Credentials(Environment.GetEnvironmentVariable(AccessKeyVariable) ?? "",
            Environment.GetEnvironmentVariable(SecretKeyVariable) ?? "");
        return new EcsClient(new EcsClientOptions { Region = "cn-north-4", Endpoint = new Uri(endpoint), ProjectId = projectId },
            new StaticCredentialProvider(credentials));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SignOnce()
    {
        var headers = new List<KeyValuePair<string, string>> { new(RequestSigner.DateHeader, "20250102T030405Z") };
        RequestSigner.Instance.Sign("PUT", new Uri("https://ecs.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/cloudservers/nics/d4e5f6a7-1234-4bcd-9ef0-123456789abc"),
            headers, "application/json", Encoding.UTF8.GetBytes("{\"nic\":{\"subnet_id\":\"b8f1c9e2-5a6d-4c3b-8e7f-0a1b2c3d4e5f\",\"ip_address\":\"192.168.0.7\",\"reverse_binding\":true}}"),
            new Credentials(VectorAccessKey, VectorSecretKey), DateTime.UtcNow);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Call(object client, string? serverId)
    {
        var ecs = (EcsClient)client;
        if (serverId is not null)
        {
            if (ecs.ListServerNicsAsync(serverId, CancellationToken.None).GetAwaiter().GetResult().Count == 0)
                throw new InvalidOperationException("The emulator's server has no NICs.");
            return;
        }
        var job = ecs.GetJobAsync(JobId, CancellationToken.None).GetAwaiter().GetResult();
        if (job.JobId != JobId) throw new InvalidOperationException("The canned job did not come back.");
    }

    private static HashSet<string> AssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var name = assembly.GetName();
            names.Add(name.Name + " " + name.Version);
        }
        return names;
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static void Line(StringBuilder output, string key, double value) =>
        output.Append(key).Append('=').Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>Answers every request with one finished job, as ShowJob would.</summary>
    private sealed class CannedTransport : HttpMessageHandler
    {
        private static readonly byte[] Body = Encoding.UTF8.GetBytes(
            "{\"job_id\":\"" + JobId + "\",\"job_type\":\"addNicsForServer\",\"status\":\"SUCCESS\",\"begin_time\":\"2025-01-02T03:04:05.000Z\"," +
            "\"end_time\":\"2025-01-02T03:04:15.000Z\",\"entities\":{\"sub_jobs\":[]}}");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is null && !request.Headers.Contains("Authorization"))
                throw new InvalidOperationException("The request reached the transport unsigned.");
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(Body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return Task.FromResult(response);
        }
    }
}
