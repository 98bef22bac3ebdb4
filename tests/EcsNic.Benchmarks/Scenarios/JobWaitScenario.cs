using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>
/// A poll schedule to measure, in unscaled seconds, and the share of polls the emulator answers 503 (to show what the
/// client's own retry adds on the wire).
/// </summary>
public sealed record PollSchedule(string Label, TimeSpan FirstDelay, TimeSpan MaxInterval, double BackoffFactor, double ShowJobFaultRate = 0)
{
    /// <summary>JobWaiter's defaults.</summary>
    public static PollSchedule EcsNicDefault { get; } = FromOptions("EcsNic JobWaiter defaults", new JobWaiterOptions());

    /// <summary>Terraform's waiter for ECS NIC jobs: first poll after 10 s, then every 10 s.</summary>
    public static PollSchedule Fixed10s { get; } = new("fixed 10 s (Terraform)", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 1);

    /// <summary>The defaults with a 2 s cap: the one option change that shortens the lag here (at more polls per job).</summary>
    public static PollSchedule Cap2s { get; } = EcsNicDefault with { Label = "candidate: defaults with a 2 s cap", MaxInterval = TimeSpan.FromSeconds(2) };

    /// <summary>The defaults again, with one poll in ten answered 503 Service Unavailable.</summary>
    public static PollSchedule EcsNicDefaultWith503s { get; } = EcsNicDefault with { Label = "EcsNic defaults, 10 % of polls answered 503", ShowJobFaultRate = 0.1 };

    public static PollSchedule FromOptions(string label, JobWaiterOptions options) =>
        new(label, options.FirstDelay, options.MaxInterval, options.BackoffFactor);

    public override string ToString() =>
        $"{Label}: first {FirstDelay.TotalSeconds:0.##} s, x{BackoffFactor:0.##}, cap {MaxInterval.TotalSeconds:0.##} s";

    public bool HasFaults => ShowJobFaultRate > 0;
}

/// <summary>Settings of P3. Every time (durations, schedule, budget window) is multiplied by <see cref="TimeScale"/>.</summary>
public sealed class JobWaitOptions
{
    public int Jobs { get; set; } = 100;
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Polls per (unscaled) second across all jobs.</summary>
    public double Budget { get; set; } = 10;

    /// <summary>1 for the real scenario; 0.1 in --quick (jobs, schedule and budget window ten times shorter).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Latency the emulator adds to every poll (ShowJob), before scaling; a real poll takes tens of milliseconds.</summary>
    public TimeSpan PollLatency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Shuffles which server gets which duration.</summary>
    public int Seed { get; set; } = 7;

    public IList<PollSchedule> Schedules { get; } =
        new List<PollSchedule> { PollSchedule.EcsNicDefault, PollSchedule.Fixed10s, PollSchedule.Cap2s, PollSchedule.EcsNicDefaultWith503s };
}

/// <summary>One schedule's figures. Lags and rates are in real (scaled) time; <see cref="Unscaled"/> converts back.</summary>
public sealed record JobWaitRun(
    PollSchedule Schedule,
    double TimeScale,
    int Jobs,
    int Returned,
    int Succeeded,
    IReadOnlyList<TimeSpan> Lags,
    long ShowJobRequests,
    int MaxPollsOneJob,
    int WaiterCalls,
    int WireRequests,
    int PeakWaiterCallsPerWindow,
    int PeakWireRequestsPerWindow,
    double BudgetPerWindow,
    TimeSpan Wall,
    int DurationMismatches,
    long FaultsServed,
    long AuthFailures)
{
    /// <summary>Requests the HTTP pipeline sent beyond the waiter's own calls: its retries.</summary>
    public int PipelineRetries => WireRequests - WaiterCalls;

    public TimeSpan MedianLag => Percentile(0.5);
    public TimeSpan MaxLag => Lags.Count == 0 ? TimeSpan.Zero : Lags[^1];
    public TimeSpan P90Lag => Percentile(0.9);
    public double PollsPerJob => (double)ShowJobRequests / Jobs;
    public bool AllReturned => Returned == Jobs && Succeeded == Jobs;

    /// <summary>A time in this run expressed on the unscaled (real scenario) axis.</summary>
    public TimeSpan Unscaled(TimeSpan t) => TimeSpan.FromTicks((long)(t.Ticks / TimeScale));

    private TimeSpan Percentile(double q)
    {
        if (Lags.Count == 0) return TimeSpan.Zero;
        // Nearest-rank on the sorted lags; for an even count the median is the mean of the middle two.
        if (q == 0.5 && Lags.Count % 2 == 0) return TimeSpan.FromTicks((Lags[Lags.Count / 2 - 1].Ticks + Lags[Lags.Count / 2].Ticks) / 2);
        var rank = (int)Math.Ceiling(q * Lags.Count) - 1;
        return Lags[Math.Clamp(rank, 0, Lags.Count - 1)];
    }
}

/// <summary>
/// P3: attach jobs on distinct servers, all submitted at t≈0, with durations spread evenly over [min, max] (shuffled
/// across servers) through the emulator's job-duration hook; JobWaiter waits for all through EcsClient.PollJobAsync
/// under a request budget. A job's finish time is the moment the emulator created it (taken inside the hook, which the
/// emulator calls just before it stamps the job's begin time) plus its duration; the lag is the time onFinished
/// reports it minus that.
/// </summary>
public static class JobWaitScenario
{
    public static IReadOnlyList<JobWaitRun> Run(JobWaitOptions options, Action<string>? log = null)
    {
        log ??= _ => { };
        var runs = new List<JobWaitRun>();
        foreach (var schedule in options.Schedules)
        {
            var run = RunOne(options, schedule);
            log($"P3: {schedule.Label}: median lag {Sec(run.Unscaled(run.MedianLag))}, max {Sec(run.Unscaled(run.MaxLag))}, " +
                $"{run.PollsPerJob:0.0} polls/job, peak {run.PeakWaiterCallsPerWindow} calls / {run.PeakWireRequestsPerWindow} on the wire per window");
            runs.Add(run);
        }
        return runs;
    }

    /// <summary>The durations of the jobs, evenly spread over [min, max], shuffled with the seed.</summary>
    public static TimeSpan[] Durations(JobWaitOptions options)
    {
        var n = options.Jobs;
        var spread = options.MaxDuration - options.MinDuration;
        var durations = Enumerable.Range(0, n)
            .Select(i => options.MinDuration + (n == 1 ? TimeSpan.Zero : TimeSpan.FromTicks(spread.Ticks * i / (n - 1))))
            .Select(d => TimeSpan.FromTicks((long)(d.Ticks * options.TimeScale)))
            .ToArray();
        new Random(options.Seed).Shuffle(durations);
        return durations;
    }

    public static JobWaitRun RunOne(JobWaitOptions options, PollSchedule schedule)
    {
        if (options.Jobs is < 1 or > 200) throw new ArgumentOutOfRangeException(nameof(options), options.Jobs, "1 to 200 jobs (one per seeded server).");
        var scale = options.TimeScale;
        var durations = Durations(options);
        var host = EmulatorHost.StartAsync(new EmulatorOptions { ServerCount = options.Jobs }).GetAwaiter().GetResult();
        if (options.PollLatency > TimeSpan.Zero)
            host.AddLatency(new LatencyRule { Operation = Operations.ShowJob, Fixed = Scale(options.PollLatency, scale), Count = null });
        try
        {
            var servers = host.Account.Servers.Take(options.Jobs).ToArray();
            var indexOf = servers.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
            var created = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            host.SetJobDurationHook(request =>
            {
                if (!indexOf.TryGetValue(request.ServerId, out var index)) return null;
                created[request.ServerId] = DateTimeOffset.UtcNow;
                return durations[index];
            });

            var recorder = new RequestRecorder();
            using var client = EmulatorClients.Create(host, recorder);
            client.ListServerNicsAsync(servers[0].Id, CancellationToken.None).GetAwaiter().GetResult();

            var subnet = host.Account.SecondSubnet.Id;
            var jobs = Task.WhenAll(servers.Select(s =>
                    client.AddServerNicsAsync(s.Id, new[] { new NicSpec { SubnetId = subnet } }, CancellationToken.None)))
                .GetAwaiter().GetResult();
            host.ResetCounters();
            recorder.Clear();
            if (schedule.HasFaults)
            {
                host.AddFault(new FaultRule
                {
                    Operation = Operations.ShowJob, Kind = FaultKind.ServiceUnavailable, Count = null, Rate = schedule.ShowJobFaultRate,
                });
            }

            var waiterCalls = new ConcurrentQueue<long>();
            var detected = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var waiter = new JobWaiter((id, ct) =>
            {
                waiterCalls.Enqueue(Stopwatch.GetTimestamp());
                return client.PollJobAsync(id, ct);
            }, new JobWaiterOptions
            {
                FirstDelay = Scale(schedule.FirstDelay, scale),
                MaxInterval = Scale(schedule.MaxInterval, scale),
                BackoffFactor = schedule.BackoffFactor,
                MaxRequestsPerSecond = options.Budget / scale,
            });

            var watch = Stopwatch.StartNew();
            var outcomes = waiter.WaitAsync(jobs.Select(j => j.JobId).ToArray(), o => detected[o.JobId] = DateTimeOffset.UtcNow, null,
                CancellationToken.None).GetAwaiter().GetResult();
            watch.Stop();

            var lags = new List<TimeSpan>();
            var mismatches = 0;
            foreach (var job in jobs)
            {
                var index = indexOf[job.ServerId!];
                var snapshot = host.State.GetJob(job.JobId);
                if (snapshot is null || snapshot.Duration != durations[index]) mismatches++;
                if (detected.TryGetValue(job.JobId, out var at) && created.TryGetValue(job.ServerId!, out var begin))
                    lags.Add(at - (begin + durations[index]));
            }
            lags.Sort();

            var window = Scale(TimeSpan.FromSeconds(1), scale);
            var calls = waiterCalls.OrderBy(t => t).ToArray();
            var wire = recorder.Timestamps("/jobs/");
            return new JobWaitRun(schedule, scale, options.Jobs, outcomes.Count,
                outcomes.Count(o => o.Kind == JobOutcomeKind.Succeeded), lags,
                host.GetCounters().RequestsFor(Operations.ShowJob), outcomes.Max(o => o.Polls), calls.Length, wire.Count,
                RateWindow.Peak(calls, window), RateWindow.Peak(wire, window), options.Budget, watch.Elapsed, mismatches,
                host.GetCounters().FaultsOf(FaultKind.ServiceUnavailable), host.GetCounters().AuthFailures);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static TimeSpan Scale(TimeSpan t, double scale) => TimeSpan.FromTicks((long)(t.Ticks * scale));

    internal static string Sec(TimeSpan t) => t.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
