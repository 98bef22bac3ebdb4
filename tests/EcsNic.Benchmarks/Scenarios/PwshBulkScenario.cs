using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using EcsNic.Emulator;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>One P6 run: records = virtual IPs x NICs per virtual IP, injected latency, -ThrottleLimit.</summary>
public sealed record PwshBulkCase(int VirtualIps, int NicsPerVirtualIp, TimeSpan Latency, int ThrottleLimit)
{
    public int Records => VirtualIps * NicsPerVirtualIp;

    /// <summary>
    /// Small groups share /22 subnets: 200 single NICs or 100 HA pairs (or other groups of up to 5) to a subnet; big
    /// groups get a /24 each.
    /// </summary>
    public int GroupsPerSubnet => NicsPerVirtualIp switch
    {
        1 => Math.Min(VirtualIps, 200),
        <= 5 => Math.Min(VirtualIps, 100),
        _ => 1,
    };

    public string Arrangement => NicsPerVirtualIp switch
    {
        1 => string.Create(CultureInfo.InvariantCulture, $"{VirtualIps:N0} distinct VIPs"),
        2 => string.Create(CultureInfo.InvariantCulture, $"{VirtualIps:N0} HA pairs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{VirtualIps:N0} VIPs x {NicsPerVirtualIp} NICs"),
    };

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"N = {Records:N0}, {Arrangement}, {Latency.TotalMilliseconds:0} ms, K = {ThrottleLimit}");
}

/// <summary>What a P6 run measured, from the pwsh process's report and the emulator's state.</summary>
public sealed record PwshBulkRun(
    PwshBulkCase Case,
    TimeSpan Rtt,
    TimeSpan Wall,
    double ClientCpuSeconds,
    int SequentialRecords,
    TimeSpan SequentialWall,
    int Outputs,
    int SequentialOutputs,
    int Errors,
    string? FirstError,
    long ClientPeakWorkingSet,
    double EmulatorCpuSeconds,
    long EmulatorRequests,
    long HostPeakWorkingSet,
    BindCheck Check,
    string PowerShellVersion)
{
    public TimeSpan Ideal => TimeSpan.FromTicks(Rtt.Ticks * BulkBindResult.CeilDiv(Case.Records, Case.ThrottleLimit));

    public double RatioToIdeal => (double)Wall.Ticks / Ideal.Ticks;

    /// <summary>The sequential sample's time per record, times N.</summary>
    public TimeSpan SequentialExtrapolated => TimeSpan.FromTicks(SequentialWall.Ticks * Case.Records / Math.Max(1, SequentialRecords));

    public double SpeedupOverSequential => SequentialExtrapolated.TotalMilliseconds / Wall.TotalMilliseconds;

    public double RecordsPerSecond => Case.Records / Wall.TotalSeconds;

    public bool AllCorrect => Errors == 0 && Outputs == Case.Records && SequentialOutputs == SequentialRecords && Check.AllCorrect;
}

/// <summary>
/// P6: the module as users run it. For each case a fresh emulator (in this process) gets the NICs, the records go to a
/// CSV, and a fresh <c>dotnet pwsh</c> (the repository's pinned PowerShell 7.6.9) imports out/EcsNic, connects, and pipes
/// <c>Import-Csv</c> rows into <c>Set-EcsNicVirtualIp -ReverseBinding</c>; then the emulator's state is checked.
/// </summary>
public static class PwshBulkScenario
{
    public static IReadOnlyList<PwshBulkCase> Cases(IEnumerable<int> sizes)
    {
        var cases = new List<PwshBulkCase>();
        foreach (var n in sizes)
        {
            var few = n >= 10_000 ? 200 : 50;
            foreach (var latency in new[] { TimeSpan.FromMilliseconds(50), TimeSpan.Zero })
            foreach (var k in new[] { 16, 64 })
            {
                cases.Add(new PwshBulkCase(few, n / few, latency, k));
                cases.Add(new PwshBulkCase(n / 2, 2, latency, k));
                cases.Add(new PwshBulkCase(n, 1, latency, k));
            }
        }

        return cases;
    }

    public static IReadOnlyList<PwshBulkRun> Run(IEnumerable<PwshBulkCase> cases, int sequentialSample, Action<string>? log = null)
    {
        log ??= _ => { };
        var runs = new List<PwshBulkRun>();
        foreach (var @case in cases)
        {
            var run = RunOne(@case, sequentialSample);
            log($"P6: {@case}: {run.Wall.TotalSeconds:0.00} s = {run.RatioToIdeal:0.00} x ideal (RTT {run.Rtt.TotalMilliseconds:0.0} ms), " +
                $"{run.RecordsPerSecond:N0} records/s, x{run.SpeedupOverSequential:0.0} over sequential; {run.Check}, {run.Errors} errors" +
                (run.FirstError is null ? "" : ": " + run.FirstError));
            runs.Add(run);
        }

        return runs;
    }

    public static PwshBulkRun RunOne(PwshBulkCase @case, int sequentialSample)
    {
        var module = ModuleManifest();
        var fleet = BindFleet.CreateAsync(@case.VirtualIps, @case.NicsPerVirtualIp, @case.Latency, raceModel: true,
            groupsPerSubnet: @case.GroupsPerSubnet).GetAwaiter().GetResult();
        var csv = Path.Combine(Path.GetTempPath(), $"ecsnic-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        try
        {
            var host = fleet.Host;
            var rtt = MeasureRtt(fleet);
            WriteCsv(csv, fleet.Targets);
            host.Counters.Reset();
            var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var report = PwshHost.RunScript("BulkBind.ps1", host, new[]
            {
                "-ModulePath", module, "-CsvPath", csv, "-Endpoint", host.BaseUri.ToString(), "-Region", host.Account.Region,
                "-ThrottleLimit", @case.ThrottleLimit.ToString(CultureInfo.InvariantCulture),
                "-SequentialSample", sequentialSample.ToString(CultureInfo.InvariantCulture),
            });
            self.Refresh();
            var emulatorCpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
            var requests = host.Counters.Snapshot().TotalRequests;
            var check = BulkBindScenario.Verify(host, fleet.Targets);
            var r = report.RootElement;
            return new PwshBulkRun(@case, rtt, TimeSpan.FromSeconds(r.GetProperty("wallSeconds").GetDouble()),
                r.GetProperty("cpuSeconds").GetDouble(), r.GetProperty("sequentialRecords").GetInt32(),
                TimeSpan.FromSeconds(r.GetProperty("sequentialSeconds").GetDouble()), r.GetProperty("outputs").GetInt32(),
                r.GetProperty("sequentialOutputs").GetInt32(), r.GetProperty("errors").GetInt32(),
                r.GetProperty("firstError").ValueKind == JsonValueKind.String ? r.GetProperty("firstError").GetString() : null,
                r.GetProperty("peakWorkingSet").GetInt64(), emulatorCpu, requests, self.PeakWorkingSet64, check,
                r.GetProperty("psVersion").GetString() ?? "?");
        }
        finally
        {
            File.Delete(csv);
            fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The staged module's manifest (the benchmark project's build stages it), or ECSNIC_BENCH_MODULE's.</summary>
    public static string ModuleManifest()
    {
        // A copy elsewhere lets a long run go on while the tree is rebuilt.
        if (Environment.GetEnvironmentVariable("ECSNIC_BENCH_MODULE") is { Length: > 0 } copy) return Path.GetFullPath(copy);
        var root = StartupScenario.RepositoryRoot() ?? throw new InvalidOperationException("P6 runs from the repository (it needs out/EcsNic).");
        var manifest = Path.Combine(root, "out", "EcsNic", "EcsNic.psd1");
        return File.Exists(manifest) ? manifest : throw new InvalidOperationException(manifest + " is missing: run dotnet build src/EcsNic -c Release.");
    }

    // The columns Set-EcsNicVirtualIp binds by property name, as a user's CSV would have them.
    private static void WriteCsv(string path, IReadOnlyList<BindTarget> targets)
    {
        var text = new StringBuilder("NicId,SubnetId,IpAddress\n");
        foreach (var t in targets) text.Append(t.NicId).Append(',').Append(t.SubnetId).Append(',').Append(t.VirtualIp).Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    // Single reverse binds of the first record on a warm client, on this run's emulator: what one call costs here.
    // The run binds that record again, which changes nothing.
    private static TimeSpan MeasureRtt(BindFleet fleet)
    {
        using var client = EmulatorClients.Create(fleet.Host);
        var target = fleet.Targets[0];
        var samples = new List<long>();
        for (var i = 0; i < 3 + 11; i++)
        {
            var watch = Stopwatch.StartNew();
            client.BindVirtualIpAsync(target.NicId, target.SubnetId, target.VirtualIp, true, CancellationToken.None).GetAwaiter().GetResult();
            if (i >= 3) samples.Add(watch.Elapsed.Ticks);
        }

        samples.Sort();
        return TimeSpan.FromTicks(samples[samples.Count / 2]);
    }
}

/// <summary>Starts the repository's pinned pwsh (<c>dotnet pwsh</c>) on a script of this project, hermetic, and reads its RESULT line.</summary>
public static class PwshHost
{
    public static JsonDocument RunScript(string script, EmulatorHost? emulator, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var (stdout, stderr, exitCode) = Start(script, emulator, arguments, environment);
        var line = stdout.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (exitCode != 0 || line is null)
            throw new InvalidOperationException($"pwsh {script} failed ({exitCode}): {stderr.Trim()} {stdout.Trim()}");
        return JsonDocument.Parse(line["RESULT ".Length..]);
    }

    private static (string Stdout, string Stderr, int ExitCode) Start(string script, EmulatorHost? emulator, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment)
    {
        var root = StartupScenario.RepositoryRoot() ?? throw new InvalidOperationException("pwsh is run through the repository's tool manifest.");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(AppContext.BaseDirectory, "Pwsh", script) })
            info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // Hermetic: only the emulator's fake demo account can authenticate, given by environment (never a command line);
        // no instance metadata, no KooCLI profile.
        foreach (var name in new[] { "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_DOMAIN_ID" })
            info.Environment.Remove(name);
        info.Environment["ECSNIC_METADATA_ENDPOINT"] = "off";
        info.Environment["ECSNIC_KOOCLI_CONFIG"] = Path.Combine(Path.GetTempPath(), $"ecsnic-bench-no-koocli-{Environment.ProcessId}", "config.json");
        info.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        info.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        // The project lookup goes to the emulator's IAM route; without an emulator, to a closed loopback port, never to a
        // cloud host (HUAWEICLOUD_SDK_PROJECT_ID names no region, so a call with -Region looks its project up).
        info.Environment["HUAWEICLOUD_SDK_IAM_ENDPOINT"] = emulator?.IamBaseUri.ToString() ?? "http://127.0.0.1:9/";
        if (emulator is not null)
        {
            info.Environment["HUAWEICLOUD_SDK_AK"] = emulator.Account.AccessKey;
            info.Environment["HUAWEICLOUD_SDK_SK"] = emulator.Account.SecretKey;
            info.Environment["HUAWEICLOUD_SDK_PROJECT_ID"] = emulator.Account.ProjectId;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet pwsh.");
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (stdout, stderrTask.GetAwaiter().GetResult(), process.ExitCode);
    }
}
