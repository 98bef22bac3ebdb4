using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>Settings of the drain benchmark.</summary>
public sealed class DrainOptions
{
    /// <summary>NICs drained per run (even: they come in HA pairs).</summary>
    public IReadOnlyList<int> Sizes { get; set; } = new[] { 100, 1000 };

    public int ThrottleLimit { get; set; } = 16;

    /// <summary>Injected on every API call once the set-up is done (the unbind's ShowPort and its PUT alike).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Virtual IPs each HA pair is reverse-bound to.</summary>
    public int VirtualIpsPerPair { get; set; } = 2;

    /// <summary>NICs the sequential (ThrottleLimit 1) reference drains in the same process run.</summary>
    public int SequentialSample { get; set; } = 60;

    /// <summary>NICs drained at the same K with the keys of before (no read first: the subnet's scope held exclusively).</summary>
    public int BeforeSample { get; set; } = 100;
}

/// <summary>One drain: what ran, how long, and whether the emulator's state is right afterwards.</summary>
public sealed record DrainRun(int Nics, int ThrottleLimit, TimeSpan Wall, int Errors, bool InputOrderKept, int NicPairsLeft, int VipPairsLeft,
    int WronglyNamed, string LoadBefore, string LoadAfter, string? FirstError)
{
    public bool AllCorrect => Errors == 0 && InputOrderKept && NicPairsLeft == 0 && VipPairsLeft == 0 && WronglyNamed == 0;

    public string Check => AllCorrect
        ? $"0 errors, no pair left on {Nics} NICs and their VIP ports, every removal named"
        : $"WRONG: {Errors} errors{(FirstError is null ? "" : " (" + FirstError + ")")}, order kept {InputOrderKept}, {NicPairsLeft} NIC pairs and {VipPairsLeft} VIP pairs left, {WronglyNamed} removals misnamed";
}

/// <summary>A drain of N NICs next to the sequential reference of the same process run.</summary>
public sealed record DrainFigures(DrainRun Parallel, DrainRun Sequential)
{
    /// <summary>One unbind's cost when they run one at a time (its ShowPort and its PUT).</summary>
    public TimeSpan PerUnbind => TimeSpan.FromTicks(Sequential.Wall.Ticks / Sequential.Nics);

    /// <summary>⌈N/K⌉ x the sequential cost of one unbind.</summary>
    public TimeSpan Ideal => TimeSpan.FromTicks(PerUnbind.Ticks * ((Parallel.Nics + Parallel.ThrottleLimit - 1) / Parallel.ThrottleLimit));

    public double RatioToIdeal => Parallel.Wall.TotalMilliseconds / Ideal.TotalMilliseconds;

    /// <summary>How many times faster than draining the same N NICs one at a time.</summary>
    public double SpeedupOverSequential => PerUnbind.TotalMilliseconds * Parallel.Nics / Parallel.Wall.TotalMilliseconds;
}

/// <summary>The whole part: the references and each size.</summary>
public sealed record DrainResult(DrainRun Sequential, DrainRun? Before, IReadOnlyList<DrainFigures> Figures);

/// <summary>
/// Drains N NICs of one subnet, bound in HA pairs (each pair reverse-bound to its own virtual IPs), through the operation
/// Remove-EcsNicVirtualIp runs (<see cref="VirtualIpBulk.CreateOperation"/>: each unbind's NIC port read first, then
/// the unbind under the keys of what it touches), with the race model on and latency on every call; the input names no
/// subnet, as <c>Remove-EcsNicVirtualIp -NicId</c> gets it. Each run gets a fresh emulator built through the public API.
/// </summary>
public static class DrainScenario
{
    public const string Part = "DRAIN";
    private const int MaxServers = 200;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    /// <summary>Runs each size right after its own sequential reference, then the keys of before; blocks the calling thread.</summary>
    public static DrainResult Run(DrainOptions options, Action<string> log)
    {
        var figures = new List<DrainFigures>();
        foreach (var size in options.Sizes)
        {
            var sequential = RunOnFreshFleet(options, Math.Min(size, options.SequentialSample), 1);
            log($"{Part}: sequential reference, {sequential.Nics} NICs at ThrottleLimit 1: {Ms(sequential.Wall)} " +
                $"({Ms(TimeSpan.FromTicks(sequential.Wall.Ticks / sequential.Nics))}/unbind); {sequential.Check}; load {sequential.LoadBefore} -> {sequential.LoadAfter}");
            var run = RunOnFreshFleet(options, size, options.ThrottleLimit);
            var f = new DrainFigures(run, sequential);
            figures.Add(f);
            log($"{Part}: {run.Nics} NICs at ThrottleLimit {run.ThrottleLimit}: {Ms(run.Wall)} = {f.RatioToIdeal:0.00} x ideal {Ms(f.Ideal)}, " +
                $"{f.SpeedupOverSequential:0.0} x faster than sequential; {run.Check}; load {run.LoadBefore} -> {run.LoadAfter}");
        }
        DrainRun? before = null;
        if (options.BeforeSample > 0)
        {
            before = RunOnFreshFleet(options, options.BeforeSample, options.ThrottleLimit, readFirst: false);
            log($"{Part}: before (no read first, so one unbind at a time in the subnet), {before.Nics} NICs at ThrottleLimit {before.ThrottleLimit}: " +
                $"{Ms(before.Wall)}; {before.Check}; load {before.LoadBefore} -> {before.LoadAfter}");
        }
        return new DrainResult(figures[^1].Sequential, before, figures);
    }

    /// <summary>The figures as a markdown table, for the artifacts directory and docs/performance.md.</summary>
    public static string Render(DrainOptions options, DrainResult result)
    {
        var text = new StringBuilder();
        text.Append(Invariant($"Drain: N NICs of one subnet in HA pairs (each pair reverse-bound to {options.VirtualIpsPerPair} VIPs), "))
            .Append(Invariant($"unbound with no subnet given, race model on, {options.Latency.TotalMilliseconds:0} ms on every call\n\n"));
        text.Append("| N | K | Wall | Per unbind, sequential | Ideal ⌈N/K⌉ × that | × ideal | × faster than sequential | Load before → after | Check |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var f in result.Figures)
        {
            text.Append(Invariant($"| {f.Parallel.Nics:N0} | {f.Parallel.ThrottleLimit} | {Ms(f.Parallel.Wall)} | {Ms(f.PerUnbind)} ({f.Sequential.Nics} NICs) | "))
                .Append(Invariant($"{Ms(f.Ideal)} | {f.RatioToIdeal:0.00} | {f.SpeedupOverSequential:0.0} | {f.Parallel.LoadBefore} → {f.Parallel.LoadAfter} | {f.Parallel.Check} |\n"));
        }
        if (result.Before is { } before)
        {
            var ideal = TimeSpan.FromTicks(result.Sequential.Wall.Ticks / result.Sequential.Nics * ((before.Nics + before.ThrottleLimit - 1) / before.ThrottleLimit));
            text.Append(Invariant($"| {before.Nics:N0}, keys of before (no read first) | {before.ThrottleLimit} | {Ms(before.Wall)} | | {Ms(ideal)} | "))
                .Append(Invariant($"{before.Wall.TotalMilliseconds / ideal.TotalMilliseconds:0.00} | | {before.LoadBefore} → {before.LoadAfter} | {before.Check} |\n"));
        }
        return text.ToString();
    }

    private static DrainRun RunOnFreshFleet(DrainOptions options, int nics, int throttleLimit, bool readFirst = true)
    {
        var fleet = CreateFleetAsync(nics, options.VirtualIpsPerPair).GetAwaiter().GetResult();
        try
        {
            if (options.Latency > TimeSpan.Zero) fleet.Host.Faults.Add(new LatencyRule { Operation = "*", Fixed = options.Latency });
            using var client = EmulatorClients.Create(fleet.Host);
            // The client's first calls pay for JIT and the connection, as in a session that has already made a call.
            for (var i = 0; i < 3; i++) client.GetPortAsync(fleet.Nics[0].PortId, CancellationToken.None).GetAwaiter().GetResult();
            return Drain(client, fleet, throttleLimit, readFirst);
        }
        finally
        {
            fleet.Host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static DrainRun Drain(Core.Api.EcsClient client, DrainFleet fleet, int throttleLimit, bool readFirst)
    {
        var sink = new CountingSink();
        var loadBefore = Load();
        var watch = Stopwatch.StartNew();
        var options = new BulkOptions { ThrottleLimit = throttleLimit, Coordinator = new BulkKeyCoordinator() };
        using (var operation = readFirst
                   ? VirtualIpBulk.CreateOperation(client, sink, "Unbinding virtual IPs", options, CancellationToken.None)
                   : new BulkOperation<VirtualIpCall, VirtualIpBinding>(sink, "Unbinding virtual IPs", "NICs", options,
                       o => VirtualIpBulk.CreateRunner(client, sink, o, CancellationToken.None), c => c.Target, (b, s) => s.Output(b)))
        {
            foreach (var nic in fleet.Nics) operation.Post(VirtualIpCall.Unbind(nic.PortId, null, nic.PortId));
            operation.CompleteAsync().WaitAsync(HangGuard).GetAwaiter().GetResult();
        }
        watch.Stop();
        var loadAfter = Load();

        var outputs = sink.Outputs;
        var inOrder = outputs.Count == fleet.Nics.Count && outputs.Select(o => o.NicId).SequenceEqual(fleet.Nics.Select(n => n.PortId));
        var misnamed = outputs.Count(o => !o.RemovedIpAddresses.OrderBy(a => a, StringComparer.Ordinal)
            .SequenceEqual(fleet.VipsOf[o.NicId].OrderBy(a => a, StringComparer.Ordinal)));
        var vips = fleet.VipsOf.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);
        var nicPairsLeft = fleet.Nics.Sum(n => fleet.Host.AllowedAddressPairs(n.PortId).Count(p => vips.Contains(p.IpAddress)));
        var vipPairsLeft = vips.Sum(v => fleet.Host.State.FindVirtualIp(fleet.SubnetId, v)?.AllowedAddressPairs.Count ?? 0);
        return new DrainRun(fleet.Nics.Count, throttleLimit, watch.Elapsed, sink.Errors.Count, inOrder, nicPairsLeft, vipPairsLeft, misnamed,
            loadBefore, loadAfter, sink.Errors.FirstOrDefault()?.Message);
    }

    private sealed record DrainNic(string PortId, string Ip, string Mac);

    private sealed record DrainFleet(EmulatorHost Host, string SubnetId, IReadOnlyList<DrainNic> Nics,
        IReadOnlyDictionary<string, string[]> VipsOf);

    // One 192.168.64.0/20 subnet (room for 1,000 NICs and their VIPs); NICs 2i and 2i+1 form pair i, reverse-bound to
    // 192.168.72+.x VIPs of their own, set up without latency through the client at ThrottleLimit 64.
    private static async Task<DrainFleet> CreateFleetAsync(int nics, int vipsPerPair)
    {
        if (nics < 2 || nics % 2 != 0 || nics > 1500 || nics / 2 * vipsPerPair > 2000)
            throw new ArgumentOutOfRangeException(nameof(nics), nics, "An even number of NICs, at most 1,500, and at most 2,000 VIPs.");
        var perServer = (nics + MaxServers - 1) / MaxServers;
        var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            ServerCount = (nics + perServer - 1) / perServer,
            MaxNicsPerServer = perServer + 2,
            JobDuration = TimeSpan.Zero,
            RaceModelEnabled = true,
        }).ConfigureAwait(false);
        try
        {
            string subnetId;
            using (var http = new HttpClient())
            {
                var json = "{\"subnet\":{\"name\":\"bench-drain\",\"cidr\":\"192.168.64.0/20\",\"gateway_ip\":\"192.168.64.1\",\"vpc_id\":\"" +
                           host.Account.VpcId + "\"}}";
                using var answer = await EmulatorClients.PostSignedAsync(http, host, "/subnets", json, CancellationToken.None).ConfigureAwait(false);
                subnetId = answer.RootElement.GetProperty("subnet").GetProperty("id").GetString()!;
            }
            using var client = EmulatorClients.Create(host);
            var jobs = new List<Task<EcsJob>>();
            for (var s = 0; s * perServer < nics; s++)
            {
                var specs = Enumerable.Range(0, Math.Min(perServer, nics - s * perServer)).Select(_ => new NicSpec { SubnetId = subnetId }).ToList();
                jobs.Add(client.AddServerNicsAsync(host.Account.Servers[s].Id, specs, CancellationToken.None));
            }
            var list = new List<DrainNic>(nics);
            foreach (var job in await Task.WhenAll(jobs).ConfigureAwait(false))
            {
                var snapshot = host.State.GetJob(job.JobId) ?? throw new InvalidOperationException("Set-up job " + job.JobId + " vanished.");
                if (snapshot.Status != "SUCCESS") throw new InvalidOperationException($"Set-up job {job.JobId} ended {snapshot.Status}: {snapshot.FailReason}");
                foreach (var sub in snapshot.SubJobs)
                {
                    var port = host.State.GetPort(sub.NicId!) ?? throw new InvalidOperationException("NIC missing after set-up.");
                    list.Add(new DrainNic(port.Id, port.IpAddress, port.MacAddress));
                }
            }

            var vipsOf = new Dictionary<string, string[]>(StringComparer.Ordinal);
            using var runner = new BulkRunner<VirtualIpCall, VirtualIpBinding>(
                (call, ct) => client.BindVirtualIpAsync(call.NicId, call.SubnetId!, call.IpAddress!, true, ct), call => call.Keys,
                new BulkOptions { ThrottleLimit = 64 }, CancellationToken.None);
            for (var n = 0; n < list.Count; n++)
            {
                var vips = Enumerable.Range(0, vipsPerPair).Select(j => VipAddress(n / 2 * vipsPerPair + j)).ToArray();
                vipsOf[list[n].PortId] = vips;
                foreach (var vip in vips) runner.Post(VirtualIpCall.Bind(list[n].PortId, subnetId, vip, true, list[n].PortId));
            }
            await runner.CompleteAsync().ConfigureAwait(false);
            var failed = runner.TakeReady().Where(r => !r.Succeeded).ToList();
            if (failed.Count > 0) throw new InvalidOperationException($"{failed.Count} set-up binds failed: {failed[0].Error!.Message}");
            return new DrainFleet(host, subnetId, list, vipsOf);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // VIP k: 192.168.(72 + k / 250).(2 + k % 250), above the NICs' addresses, which the emulator hands out from .64.2 up.
    private static string VipAddress(int k) => Invariant($"192.168.{72 + k / 250}.{2 + k % 250}");

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(1)) : "?";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class CountingSink : IOperationSink
    {
        private readonly object _gate = new();
        private readonly List<VirtualIpBinding> _outputs = new();
        private readonly List<Exception> _errors = new();

        public IReadOnlyList<VirtualIpBinding> Outputs
        {
            get { lock (_gate) return _outputs.ToList(); }
        }

        public IReadOnlyList<Exception> Errors
        {
            get { lock (_gate) return _errors.ToList(); }
        }

        public void Output(object record)
        {
            lock (_gate) _outputs.Add((VirtualIpBinding)record);
        }

        public void Error(Exception error, object? target)
        {
            lock (_gate) _errors.Add(error);
        }

        public void Log(EcsLogLevel level, string message)
        {
        }

        public void Progress(OperationProgress progress)
        {
        }
    }
}
