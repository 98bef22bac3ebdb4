using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;
using EcsNic.Core.Workflows;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>How a P5 call spends its work time.</summary>
public enum RunnerWork
{
    /// <summary>Task.Delay: what an await on a timer costs here (5 ms take about 8 ms on this machine).</summary>
    TaskDelay,

    /// <summary><see cref="PreciseClock"/>: a wait that ends within about a millisecond of when it is due.</summary>
    PreciseDelay,

    /// <summary>Task.Yield only: no wait at all, so the wall time is the runner's (and the thread pool's) own cost.</summary>
    Yield,
}

/// <summary>One size of P5: records, distinct virtual IPs (NICs per virtual IP = records / virtual IPs), slots, work per call.</summary>
public sealed record RunnerScaleCase(int Records, int VirtualIps, int ThrottleLimit, TimeSpan Work, RunnerWork Kind = RunnerWork.TaskDelay)
{
    /// <summary>How the call waits; a zero <see cref="Work"/> always only yields.</summary>
    public RunnerWork EffectiveKind => Work > TimeSpan.Zero ? Kind : RunnerWork.Yield;

    public override string ToString() => EffectiveKind switch
    {
        RunnerWork.Yield => string.Create(CultureInfo.InvariantCulture, $"{Records:N0} records, {VirtualIps:N0} VIPs, K = {ThrottleLimit}, no wait (Task.Yield)"),
        RunnerWork.PreciseDelay => string.Create(CultureInfo.InvariantCulture,
            $"{Records:N0} records, {VirtualIps:N0} VIPs, K = {ThrottleLimit}, {Work.TotalMilliseconds:0} ms precise wait"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Records:N0} records, {VirtualIps:N0} VIPs, K = {ThrottleLimit}, {Work.TotalMilliseconds:0} ms Task.Delay"),
    };
}

/// <summary>What one P5 case measured, and whether the runner kept its promises while doing it.</summary>
public sealed record RunnerScaleRun(RunnerScaleCase Case, TimeSpan Wall, TimeSpan Cpu, TimeSpan WorkRtt, int Succeeded, bool InputOrderKept,
    int KeyOverlaps, int MaxConcurrent)
{
    /// <summary>⌈N/K⌉ x the measured duration of one call's work.</summary>
    public TimeSpan Ideal => TimeSpan.FromTicks(WorkRtt.Ticks * BulkBindResult.CeilDiv(Case.Records, Case.ThrottleLimit));

    /// <summary>⌈N/K⌉ x the nominal work (5 ms): what a perfect runner with a perfect timer would take.</summary>
    public TimeSpan NominalIdeal => TimeSpan.FromTicks(Case.Work.Ticks * BulkBindResult.CeilDiv(Case.Records, Case.ThrottleLimit));

    /// <summary>The wall time above the ideal of the measured work: what scheduling (runner and thread pool) added.</summary>
    public TimeSpan Overhead => Wall - Ideal;

    public double Ratio => Ideal.Ticks == 0 ? double.NaN : (double)Wall.Ticks / Ideal.Ticks;

    public double CpuMicrosecondsPerRecord => Cpu.TotalMilliseconds * 1000 / Case.Records;

    public bool AllCorrect => Succeeded == Case.Records && InputOrderKept && KeyOverlaps == 0 && MaxConcurrent <= Case.ThrottleLimit;
}

/// <summary>
/// P5: the BulkRunner alone, without HTTP, as Set-EcsNicVirtualIp drives it (Post and TakeReady per record, then
/// Complete), with the bind keys of <see cref="BulkKeys.ForBind"/> and work that only waits. It shows what scheduling
/// costs as the number of distinct keys grows; the work checks that no two calls on one NIC or virtual IP overlap.
/// </summary>
public static class RunnerScaleScenario
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(200);

    public static IReadOnlyList<RunnerScaleCase> DefaultCases { get; } = new[]
    {
        new RunnerScaleCase(10_000, 200, 64, TimeSpan.FromMilliseconds(5)),
        new RunnerScaleCase(10_000, 5_000, 64, TimeSpan.FromMilliseconds(5)),
        new RunnerScaleCase(10_000, 10_000, 64, TimeSpan.FromMilliseconds(5)),
        new RunnerScaleCase(20_000, 10_000, 64, TimeSpan.FromMilliseconds(5)),
        new RunnerScaleCase(10_000, 200, 64, TimeSpan.FromMilliseconds(5), RunnerWork.PreciseDelay),
        new RunnerScaleCase(10_000, 10_000, 64, TimeSpan.FromMilliseconds(5), RunnerWork.PreciseDelay),
        new RunnerScaleCase(20_000, 10_000, 64, TimeSpan.FromMilliseconds(5), RunnerWork.PreciseDelay),
        new RunnerScaleCase(10_000, 200, 64, TimeSpan.Zero),
        new RunnerScaleCase(10_000, 10_000, 64, TimeSpan.Zero),
        new RunnerScaleCase(20_000, 10_000, 64, TimeSpan.Zero),
    };

    public static IReadOnlyList<RunnerScaleRun> Run(IEnumerable<RunnerScaleCase> cases, Action<string>? log = null)
    {
        log ??= _ => { };
        var runs = new List<RunnerScaleRun>();
        // One small run first so the figures below are not JIT.
        RunOne(new RunnerScaleCase(500, 50, 16, TimeSpan.Zero));
        foreach (var @case in cases)
        {
            var run = RunOne(@case);
            log($"P5: {@case}: {run.Wall.TotalSeconds:0.00} s{(run.Ideal > TimeSpan.Zero ? $" = {run.Ratio:0.00} x ideal {run.Ideal.TotalSeconds:0.00} s (one wait {run.WorkRtt.TotalMilliseconds:0.0} ms), overhead {run.Overhead.TotalSeconds:0.00} s" : "")}, CPU {run.CpuMicrosecondsPerRecord:0} µs/record" +
                (run.AllCorrect ? "" : $"; WRONG: {run.Succeeded} succeeded, order kept {run.InputOrderKept}, {run.KeyOverlaps} overlaps, max {run.MaxConcurrent} at once"));
            runs.Add(run);
        }

        return runs;
    }

    public static RunnerScaleRun RunOne(RunnerScaleCase @case)
    {
        var perVip = Math.Max(1, @case.Records / @case.VirtualIps);
        var nicBusy = new int[@case.Records];
        var vipBusy = new int[@case.VirtualIps];
        var overlaps = 0;
        var current = 0;
        var max = 0;
        var work = @case.Work;
        var kind = @case.EffectiveKind;
        using var clock = kind == RunnerWork.PreciseDelay ? new PreciseClock() : null;

        async Task<int> WorkAsync(int record, CancellationToken cancellationToken)
        {
            var vip = VipOf(record);
            if (Interlocked.Increment(ref nicBusy[record]) != 1 | Interlocked.Increment(ref vipBusy[vip]) != 1) Interlocked.Increment(ref overlaps);
            var now = Interlocked.Increment(ref current);
            int seen;
            while (now > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, now, seen) != seen)
            {
            }

            switch (kind)
            {
                case RunnerWork.TaskDelay:
                    await Task.Delay(work, cancellationToken).ConfigureAwait(false);
                    break;
                case RunnerWork.PreciseDelay:
                    await clock!.Delay(work).ConfigureAwait(false);
                    break;
                default:
                    await Task.Yield();
                    break;
            }

            Interlocked.Decrement(ref current);
            Interlocked.Decrement(ref nicBusy[record]);
            Interlocked.Decrement(ref vipBusy[vip]);
            return record;
        }

        int VipOf(int record) => Math.Min(record / perVip, @case.VirtualIps - 1);

        var keys = Enumerable.Range(0, @case.Records).Select(r => BulkKeys.ForBind("nic-" + r.ToString(CultureInfo.InvariantCulture),
            "subnet-" + (VipOf(r) % 50).ToString(CultureInfo.InvariantCulture), "10.0." + VipOf(r).ToString(CultureInfo.InvariantCulture))).ToArray();
        var workRtt = MeasureWork(kind, work, clock);
        var results = new List<BulkResult<int, int>>(@case.Records);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using (var runner = new BulkRunner<int, int>(WorkAsync, r => keys[r], new BulkOptions { ThrottleLimit = @case.ThrottleLimit },
                   CancellationToken.None))
        {
            for (var r = 0; r < @case.Records; r++)
            {
                runner.Post(r);
                results.AddRange(runner.TakeReady());
            }

            runner.CompleteAsync().GetAwaiter().GetResult();
            results.AddRange(runner.TakeReady());
        }

        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var inOrder = results.Count == @case.Records && results.Select((r, i) => r.Index == i && r.Output == i).All(ok => ok);
        return new RunnerScaleRun(@case, watch.Elapsed, cpu, workRtt, results.Count(r => r.Succeeded), inOrder, overlaps, max);
    }

    // What one call's wait really takes on this machine (timer granularity), the unit of the ideal.
    private static TimeSpan MeasureWork(RunnerWork kind, TimeSpan work, PreciseClock? clock)
    {
        if (kind == RunnerWork.Yield) return TimeSpan.Zero;
        var samples = new List<long>();
        for (var i = 0; i < 21; i++)
        {
            var watch = Stopwatch.StartNew();
            (kind == RunnerWork.PreciseDelay ? clock!.Delay(work) : Task.Delay(work)).GetAwaiter().GetResult();
            samples.Add(watch.Elapsed.Ticks);
        }

        samples.Sort();
        return TimeSpan.FromTicks(samples[samples.Count / 2]);
    }
}
