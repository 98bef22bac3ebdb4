using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using EcsNic.Emulator.State;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>The order the bind records reach the runner.</summary>
public enum BindOrder
{
    /// <summary>All NICs of virtual IP 0, then all of virtual IP 1, ... (as a CSV grouped by virtual IP lists them).</summary>
    GroupMajor,

    /// <summary>First NIC of every virtual IP, then the second of every one, ...</summary>
    Interleaved,
}

/// <summary>Settings of P2.</summary>
public sealed class BulkBindOptions
{
    public int VirtualIps { get; set; } = 50;
    public int NicsPerVirtualIp { get; set; } = 20;
    public int ThrottleLimit { get; set; } = 16;
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(50);
    public bool RaceModel { get; set; } = true;

    /// <summary>How many of the first NICs the sequential (ThrottleLimit 1) run binds; its time is extrapolated to all.</summary>
    public int SequentialSample { get; set; } = 100;

    /// <summary>Single calls timed for the round trip (after warm-up calls); the median is the RTT.</summary>
    public int RttSamples { get; set; } = 15;

    /// <summary>Also run with calls that name no keys: shows that the verification catches lost updates under the race model.</summary>
    public bool UnserialisedControl { get; set; } = true;

    /// <summary>Also run the interleaved input order.</summary>
    public bool InterleavedOrder { get; set; } = true;

    /// <summary>Also run with every NIC and virtual IP in one subnet (shows the effect of any subnet-wide bind key).</summary>
    public bool SharedSubnetVariant { get; set; } = true;
}

/// <summary>Whether every binding is in the emulator's state after a run.</summary>
/// <param name="Nics">NICs checked.</param>
/// <param name="NicPairsMissing">NICs whose allowed_address_pairs lack {virtual IP, own MAC}.</param>
/// <param name="VipPairsMissing">Reverse pairs {NIC IP, NIC MAC} missing from the virtual IP ports.</param>
/// <param name="VipPairsUnexpected">Pairs on the virtual IP ports that no bind put there.</param>
/// <param name="VirtualIpPortsMissing">Virtual IPs that have no port at all.</param>
public sealed record BindCheck(int Nics, int NicPairsMissing, int VipPairsMissing, int VipPairsUnexpected, int VirtualIpPortsMissing)
{
    public bool AllCorrect => NicPairsMissing == 0 && VipPairsMissing == 0 && VipPairsUnexpected == 0 && VirtualIpPortsMissing == 0;

    public override string ToString() => AllCorrect
        ? $"all {Nics} bindings correct"
        : $"{NicPairsMissing} NIC pairs, {VipPairsMissing} reverse pairs and {VirtualIpPortsMissing} VIP ports missing, {VipPairsUnexpected} unexpected";
}

/// <summary>One bulk run: its size, settings, wall time and outcome.</summary>
public sealed record BulkRunFigures(string Label, BindOrder Order, int Calls, int ThrottleLimit, bool SerializeByKey, TimeSpan Wall,
    int Errors, bool InputOrderKept, BindCheck Check, string? FirstError);

/// <summary>P2's figures.</summary>
public sealed record BulkBindResult(
    BulkBindOptions Options,
    TimeSpan Rtt,
    TimeSpan RttMin,
    TimeSpan RttMax,
    BulkRunFigures Parallel,
    BulkRunFigures Sequential,
    BulkRunFigures? Interleaved,
    BulkRunFigures? SharedSubnet,
    BulkRunFigures? Unserialised)
{
    public int Calls => Parallel.Calls;

    /// <summary>⌈N/K⌉ x RTT: every slot busy all the time, no key ever in the way.</summary>
    public TimeSpan Ideal => TimeSpan.FromTicks(Rtt.Ticks * CeilDiv(Calls, Options.ThrottleLimit));

    /// <summary>
    /// The bound with per-key serialisation: max(⌈N/K⌉, longest chain of calls sharing a key) x RTT. The longest chain is
    /// NICs per virtual IP (each NIC appears once). Equal to <see cref="Ideal"/> whenever the chains are short enough.
    /// </summary>
    public TimeSpan KeyAwareBound => TimeSpan.FromTicks(Rtt.Ticks * Math.Max(CeilDiv(Calls, Options.ThrottleLimit), Options.NicsPerVirtualIp));

    public double Ratio => Parallel.Wall.TotalMilliseconds / Ideal.TotalMilliseconds;

    /// <summary>The sequential sample's time scaled to all N calls.</summary>
    public TimeSpan SequentialExtrapolated => TimeSpan.FromTicks(Sequential.Wall.Ticks * Calls / Sequential.Calls);

    public double Speedup => SequentialExtrapolated.TotalMilliseconds / Parallel.Wall.TotalMilliseconds;

    internal static long CeilDiv(long a, long b) => (a + b - 1) / b;
}

/// <summary>
/// P2: binds a virtual IP to many NICs through BulkRunner and BulkKeys exactly as Set-EcsNicVirtualIp does (Post and
/// TakeReady per record, then Complete with the cmdlet's 200 ms pump interval, on the calling thread as PowerShell's
/// pipeline thread would), against an emulator with injected latency and the race model on.
/// </summary>
public static class BulkBindScenario
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs every part of P2; blocks the calling thread. Each part gets a fresh emulator.</summary>
    public static BulkBindResult Run(BulkBindOptions options, Action<string>? log = null)
    {
        log ??= _ => { };
        var (rtt, rttMin, rttMax) = MeasureRtt(options);
        log($"P2: RTT of one bind call {Ms(rtt)} (median of {options.RttSamples}; min {Ms(rttMin)}, max {Ms(rttMax)})");

        var parallel = RunOnFreshFleet(options, "parallel", BindOrder.GroupMajor, options.ThrottleLimit, true, null);
        log($"P2: {parallel.Calls} binds at ThrottleLimit {parallel.ThrottleLimit}: {Ms(parallel.Wall)}; {parallel.Check}");
        var sequential = RunOnFreshFleet(options, "sequential", BindOrder.GroupMajor, 1, true, options.SequentialSample);
        log($"P2: {sequential.Calls} binds at ThrottleLimit 1: {Ms(sequential.Wall)}; {sequential.Check}");
        BulkRunFigures? interleaved = null, shared = null, unserialised = null;
        if (options.InterleavedOrder)
        {
            interleaved = RunOnFreshFleet(options, "parallel, interleaved input", BindOrder.Interleaved, options.ThrottleLimit, true, null);
            log($"P2: interleaved input: {Ms(interleaved.Wall)}; {interleaved.Check}");
        }
        if (options.SharedSubnetVariant)
        {
            shared = RunOnFreshFleet(options, "parallel, one shared subnet", BindOrder.GroupMajor, options.ThrottleLimit, true, null,
                sharedSubnet: true);
            log($"P2: all VIPs in one subnet: {Ms(shared.Wall)}; {shared.Check}");
        }
        if (options.UnserialisedControl)
        {
            unserialised = RunOnFreshFleet(options, "control: no keys", BindOrder.GroupMajor, options.ThrottleLimit, false, null);
            log($"P2: control without per-key serialisation: {Ms(unserialised.Wall)}; {unserialised.Check}");
        }

        return new BulkBindResult(options, rtt, rttMin, rttMax, parallel, sequential, interleaved, shared, unserialised);
    }

    /// <summary>Orders the fleet's targets (which come group by group).</summary>
    public static IReadOnlyList<BindTarget> Arrange(IReadOnlyList<BindTarget> groupMajor, BindOrder order) => order switch
    {
        BindOrder.GroupMajor => groupMajor,
        BindOrder.Interleaved => groupMajor.OrderBy(t => t.Member).ThenBy(t => t.Group).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(order)),
    };

    /// <summary>Runs the binds through a BulkRunner like the cmdlet, on the calling thread.</summary>
    public static BulkRunFigures RunBinds(EcsClient client, EmulatorHost host, IReadOnlyList<BindTarget> targets, string label,
        BindOrder order, int throttleLimit, bool serializeByKey)
    {
        var results = new List<BulkResult<BindTarget, VirtualIpBinding>>(targets.Count);
        var watch = Stopwatch.StartNew();
        using (var runner = new BulkRunner<BindTarget, VirtualIpBinding>(
                   (t, ct) => client.BindVirtualIpAsync(t.NicId, t.SubnetId, t.VirtualIp, reverseBinding: true, ct),
                   // The control without serialisation names no keys, so nothing orders its calls.
                   t => serializeByKey ? BulkKeys.ForBind(t.NicId, t.SubnetId, t.VirtualIp) : Array.Empty<BulkKey>(),
                   new BulkOptions { ThrottleLimit = throttleLimit }, CancellationToken.None))
        {
            foreach (var target in targets)
            {
                runner.Post(target);
                results.AddRange(runner.TakeReady());
            }
            runner.CompleteAsync().GetAwaiter().GetResult();
            results.AddRange(runner.TakeReady());
        }
        watch.Stop();

        var errors = results.Where(r => !r.Succeeded).ToList();
        var inOrder = results.Count == targets.Count && results.Select((r, i) => r.Index == i && ReferenceEquals(r.Input, targets[i])).All(ok => ok);
        return new BulkRunFigures(label, order, targets.Count, throttleLimit, serializeByKey, watch.Elapsed, errors.Count, inOrder,
            Verify(host, targets), errors.FirstOrDefault()?.Error?.Message);
    }

    /// <summary>Checks each NIC's and each virtual IP port's allowed_address_pairs in the emulator's state.</summary>
    public static BindCheck Verify(EmulatorHost host, IReadOnlyList<BindTarget> targets)
    {
        int nicMissing = 0, vipMissing = 0, unexpected = 0, portsMissing = 0;
        foreach (var target in targets)
        {
            var nic = host.State.GetPort(target.NicId);
            if (nic is null || !nic.AllowedAddressPairs.Contains(new AddressPair(target.VirtualIp, target.NicMac))) nicMissing++;
        }
        foreach (var group in targets.GroupBy(t => (t.SubnetId, t.VirtualIp)))
        {
            var expected = group.Select(t => new AddressPair(t.NicIp, t.NicMac)).ToHashSet();
            var vip = host.State.FindVirtualIp(group.Key.SubnetId, group.Key.VirtualIp);
            if (vip is null)
            {
                portsMissing++;
                vipMissing += expected.Count;
                continue;
            }
            var actual = vip.AllowedAddressPairs.ToHashSet();
            vipMissing += expected.Count(p => !actual.Contains(p));
            unexpected += actual.Count(p => !expected.Contains(p));
        }
        return new BindCheck(targets.Count, nicMissing, vipMissing, unexpected, portsMissing);
    }

    private static BulkRunFigures RunOnFreshFleet(BulkBindOptions options, string label, BindOrder order, int throttleLimit,
        bool serializeByKey, int? firstN, bool sharedSubnet = false)
    {
        var fleet = BindFleet.CreateAsync(options.VirtualIps, options.NicsPerVirtualIp, options.Latency, options.RaceModel, sharedSubnet)
            .GetAwaiter().GetResult();
        try
        {
            using var client = EmulatorClients.Create(fleet.Host);
            Warm(client, fleet);
            IReadOnlyList<BindTarget> targets = Arrange(fleet.Targets, order);
            if (firstN is { } n) targets = targets.Take(n).ToArray();
            return RunBinds(client, fleet.Host, targets, label, order, throttleLimit, serializeByKey);
        }
        finally
        {
            fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // The client's first calls pay for JIT and the connection; the runs measure steady state, as in a session that has
    // already made a call. The warm-up uses ListServerInterfaces so that no binding exists before the run.
    private static void Warm(EcsClient client, BindFleet fleet)
    {
        for (var i = 0; i < 3; i++)
            client.ListServerNicsAsync(fleet.Targets[0].ServerId, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static (TimeSpan Median, TimeSpan Min, TimeSpan Max) MeasureRtt(BulkBindOptions options)
    {
        var fleet = BindFleet.CreateAsync(1, 1, options.Latency, options.RaceModel).GetAwaiter().GetResult();
        try
        {
            using var client = EmulatorClients.Create(fleet.Host);
            var target = fleet.Targets[0];
            var samples = new List<TimeSpan>();
            for (var i = 0; i < 3 + options.RttSamples; i++)
            {
                var watch = Stopwatch.StartNew();
                client.BindVirtualIpAsync(target.NicId, target.SubnetId, target.VirtualIp, true, CancellationToken.None).GetAwaiter().GetResult();
                watch.Stop();
                if (i >= 3) samples.Add(watch.Elapsed);
            }
            samples.Sort();
            return (samples[samples.Count / 2], samples[0], samples[^1]);
        }
        finally
        {
            fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    internal static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " ms";
}
