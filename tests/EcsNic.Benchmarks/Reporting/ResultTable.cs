using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using EcsNic.Benchmarks.Scenarios;
using EcsNic.Benchmarks.Signing;

namespace EcsNic.Benchmarks.Reporting;

/// <summary>The P1–P4 table: what was measured, the target, and whether it was met (and by how much it was missed).</summary>
public sealed class ResultTable
{
    public const double SigningTargetNs = 4000;
    public const long SigningTargetBytes = 1536;
    public const double BulkTargetRatio = 1.15;
    public static readonly TimeSpan MedianLagTarget = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxLagTarget = TimeSpan.FromSeconds(3);
    public const double PollsPerJobTarget = 15;

    private readonly List<Row> _rows = new();
    private readonly List<string> _notes = new();

    public bool AllPassed => _rows.All(r => r.Passed != false);

    public IReadOnlyList<Row> Rows => _rows;

    public void AddSigning(SigningResult result)
    {
        var e = result.EcsNic;
        var n = result.Naive;
        var timeOk = e.MeanNs <= SigningTargetNs;
        var bytesOk = e.BytesPerOp is { } b && b <= SigningTargetBytes;
        var verdict = new List<string>
        {
            timeOk ? "time PASS" : $"time MISS by {Ns(e.MeanNs - SigningTargetNs)} ({Pct(e.MeanNs / SigningTargetNs - 1)})",
            bytesOk ? "memory PASS" : $"memory MISS by {Bytes((e.BytesPerOp ?? 0) - SigningTargetBytes)}",
        };
        _rows.Add(new Row("P1", "Sign the bind PUT (vector ecs-nic-vip-bind), EcsNic RequestSigner",
            $"{Ns(e.MeanNs)} ± {Ns(e.StdDevNs)} (median {Ns(e.MedianNs)}), {Bytes(e.BytesPerOp)}/op",
            $"≤ 4 µs and ≤ 1.5 KB ({SigningTargetBytes:N0} B) per request", timeOk && bytesOk, string.Join(", ", verdict)));
        _rows.Add(new Row("P1", "Same request, naive baseline (string concatenation, fresh HMAC per call)",
            $"{Ns(n.MeanNs)} ± {Ns(n.StdDevNs)}, {Bytes(n.BytesPerOp)}/op",
            "reference", null, $"EcsNic is {n.MeanNs / e.MeanNs:0.0}x faster, allocates {Ratio(n.BytesPerOp, e.BytesPerOp)}x less"));
        _notes.Add($"P1: BenchmarkDotNet 0.14.0, in-process emit toolchain, MemoryDiagnoser; {result.JobDescription}. Both signers' output was " +
                   "checked against the vector's Authorization before measuring.");
    }

    public void AddBulk(BulkBindResult r)
    {
        var p = r.Parallel;
        var correct = p.Check.AllCorrect && p.Errors == 0 && p.InputOrderKept;
        var ratioOk = r.Ratio <= BulkTargetRatio;
        var verdict = (ratioOk ? "time PASS" : $"time MISS: {r.Ratio:0.00}x is {r.Ratio - BulkTargetRatio:0.00} over {BulkTargetRatio:0.00}x") +
                      (correct ? ", bindings PASS" : $", bindings FAIL ({p.Check}; {p.Errors} errors{(p.FirstError is null ? "" : ": " + p.FirstError)})");
        _rows.Add(new Row("P2", $"Bind {r.Options.VirtualIps} VIPs x {r.Options.NicsPerVirtualIp} NICs = {p.Calls:N0} binds (reverse), " +
                                $"ThrottleLimit {p.ThrottleLimit}, {r.Options.Latency.TotalMilliseconds:0} ms injected, race model on; input grouped by VIP",
            $"{Sec(p.Wall)} = {r.Ratio:0.00} x ideal {Sec(r.Ideal)} (⌈{p.Calls}/{p.ThrottleLimit}⌉ x RTT {Ms(r.Rtt)}); {p.Check}",
            $"≤ {BulkTargetRatio:0.00} x ideal, every binding correct", ratioOk && correct, verdict));
        _rows.Add(new Row("P2", $"Sequential: first {r.Sequential.Calls} NICs at ThrottleLimit 1, x{(double)p.Calls / r.Sequential.Calls:0.#}",
            $"{Sec(r.Sequential.Wall)} → {Sec(r.SequentialExtrapolated)} for {p.Calls:N0} ({Ms(TimeSpan.FromTicks(r.Sequential.Wall.Ticks / r.Sequential.Calls))}/call); {r.Sequential.Check}",
            "reference", null, $"parallel is {r.Speedup:0.0}x faster (ideal {p.ThrottleLimit}x)"));
        if (r.Interleaved is { } i)
        {
            var ratio = i.Wall.TotalMilliseconds / r.Ideal.TotalMilliseconds;
            _rows.Add(new Row("P2", "Same, input interleaved (1st NIC of every VIP, then the 2nd, ...)",
                $"{Sec(i.Wall)} = {ratio:0.00} x ideal; {i.Check}", "reference", null,
                ratio <= BulkTargetRatio && i.Check.AllCorrect ? "would pass" : "would miss"));
        }
        if (r.SharedSubnet is { } sh)
        {
            var ratio = sh.Wall.TotalMilliseconds / r.Ideal.TotalMilliseconds;
            _rows.Add(new Row("P2", "Same, grouped input, but all 1,000 NICs and 50 VIPs in one subnet (a subnet-wide bind key would show here)",
                $"{Sec(sh.Wall)} = {ratio:0.00} x ideal; {sh.Check}", "reference", null,
                ratio <= BulkTargetRatio && sh.Check.AllCorrect && sh.Errors == 0 ? "would pass" : "would miss"));
        }
        if (r.Unserialised is { } u)
        {
            var ratio = u.Wall.TotalMilliseconds / r.Ideal.TotalMilliseconds;
            _rows.Add(new Row("P2", "Control: calls name no keys (no per-key lanes; not what the cmdlet does)",
                $"{Sec(u.Wall)} = {ratio:0.00} x ideal; {u.Check}", "the check must catch lost updates", null,
                u.Check.AllCorrect ? "no update lost this time" : "lost updates detected, as the race model predicts"));
        }
        _notes.Add($"P2: RTT = median of {r.Options.RttSamples} single bind calls (min {Ms(r.RttMin)}, max {Ms(r.RttMax)}); it includes the " +
                   $"{r.Options.Latency.TotalMilliseconds:0} ms latency and the race model's two 5 ms read-modify-write pauses. With per-key " +
                   $"serialisation the bound is max(⌈N/K⌉, longest key chain = {r.Options.NicsPerVirtualIp}) x RTT = {Sec(r.KeyAwareBound)}, " +
                   "the same as the ideal here. Each run uses a fresh emulator built through the public API (see docs/performance.md).");
    }

    public void AddJobWait(IReadOnlyList<JobWaitRun> runs)
    {
        JobWaitRun? reference = null;
        foreach (var run in runs)
        {
            var median = run.Unscaled(run.MedianLag);
            var max = run.Unscaled(run.MaxLag);
            var budget = run.BudgetPerWindow;
            var medianOk = median <= MedianLagTarget;
            var maxOk = max <= MaxLagTarget;
            var pollsOk = run.PollsPerJob <= PollsPerJobTarget;
            // The waiter's budget is on its calls (measured in the wrapper, as the issue allows); what the pipeline adds
            // on the wire is shown next to it and judged separately below.
            var budgetOk = run.PeakWaiterCallsPerWindow <= budget;
            var allOk = medianOk && maxOk && pollsOk && budgetOk && run.AllReturned;
            var scaled = run.TimeScale == 1 ? "" : $" [quick: time x{run.TimeScale:0.##}, budget x{1 / run.TimeScale:0.#}; lags and durations shown x{1 / run.TimeScale:0.#}]";
            var verdict = string.Join(", ",
                medianOk ? "median PASS" : $"median MISS by {Sec(median - MedianLagTarget)}",
                maxOk ? "max PASS" : $"max MISS by {Sec(max - MaxLagTarget)}",
                pollsOk ? "polls PASS" : $"polls MISS by {run.PollsPerJob - PollsPerJobTarget:0.0}",
                budgetOk ? "budget PASS" : $"budget EXCEEDED ({run.PeakWaiterCallsPerWindow} > {budget:0})",
                run.AllReturned ? "all jobs returned" : $"only {run.Succeeded}/{run.Jobs} returned SUCCESS");
            var wire = run.PipelineRetries == 0
                ? $"wire: {run.WireRequests} requests = polls, peak {run.PeakWireRequestsPerWindow}"
                : $"wire: {run.WireRequests} requests = {run.WaiterCalls} polls + {run.PipelineRetries} pipeline retries after {run.FaultsServed} 503s " +
                  $"(each re-signed: {run.AuthFailures} signature rejections), peak {run.PeakWireRequestsPerWindow}";
            var result = $"lag median {Sec(median)}, p90 {Sec(run.Unscaled(run.P90Lag))}, max {Sec(max)}; {run.PollsPerJob:0.0} polls/job " +
                         $"(most {run.MaxPollsOneJob} for one job); peak {run.PeakWaiterCallsPerWindow} polls in a 1 s window; {wire}; " +
                         $"all done after {Sec(run.Unscaled(run.Wall))}";
            if (reference is not null && !run.Schedule.HasFaults)
            {
                result += $"; vs defaults: median lag x{Div(median, reference.Unscaled(reference.MedianLag)):0.0}, " +
                          $"max x{Div(max, reference.Unscaled(reference.MaxLag)):0.0}, polls x{run.PollsPerJob / reference.PollsPerJob:0.00}";
            }
            var measure = $"Wait for {run.Jobs} attach jobs (5–60 s, all at t≈0) at ≤ {budget:0} polls/s, {run.Schedule}{scaled}";
            if (reference is null)
            {
                _rows.Add(new Row("P3", measure, result, "median lag ≤ 1 s, max ≤ 3 s, ≤ 15 polls/job, budget never exceeded", allOk, verdict));
            }
            else if (run.Schedule.HasFaults)
            {
                var wireOk = run.PeakWireRequestsPerWindow <= budget;
                _rows.Add(new Row("P3", measure, result, "budget on the wire, retries included", wireOk,
                    wireOk ? "the pipeline's retries stayed within the budget this time"
                           : $"the pipeline's retries took the wire to {run.PeakWireRequestsPerWindow} requests in a 1 s window (budget {budget:0})"));
            }
            else
            {
                _rows.Add(new Row("P3", measure, result, "reference", null, verdict));
            }
            reference ??= run;
        }
        _notes.Add("P3: lag = time onFinished reported the job minus (emulator creation time + assigned duration); polls/job = emulator " +
                   "ShowJob count / jobs (retries by the HTTP pipeline included); peak = most calls in any closed 1 s window, from " +
                   "timestamps taken in a wrapper around GetJobAsync (polls) and in the client's transport, after the retry handler (wire). " +
                   "Every poll has 50 ms of injected latency. A wire peak one above the poll peak without retries is scheduling jitter " +
                   "between the wrapper and the socket (the waiter spaces calls by exactly 1/budget). Under 10 polls/s, 100 pending jobs " +
                   "can each be polled only every ~10 s: no poller within the budget can reach a 1 s median or a 3 s maximum lag here " +
                   "(docs/performance.md gives the arithmetic).");
    }

    public void AddStartup(StartupResult r)
    {
        var result = $"first use {Ms(r.Median("first_use_total_ms"))} = load EcsNic.Core {Ms(r.Median("load_core_ms"))} + EcsClient " +
                     $"{Ms(r.Median("construct_client_ms"))} + first sign {Ms(r.Median("first_sign_ms"))} + first call through the pipeline ({(r.Transport == "socket" ? "loopback socket to the emulator" : "canned transport")}) " +
                     $"{Ms(r.Median("first_call_ms"))} (second call {Ms(r.Median("second_call_ms"))}); process spawn to Main " +
                     $"{Ms(r.Median("spawn_to_main_ms"))}, whole probe process {Ms(r.ProcessWallMs)}; {r.AssembliesAdded.Count} assemblies " +
                     $"added to the {r.AssembliesBefore.Count} a bare process had; {r.Staged.Count} DLLs staged in out/EcsNic/";
        _rows.Add(new Row("P4", $"Startup in a fresh process (median of {r.Processes})", result, "none set in issue 7 (recorded)", null, "info"));
        _notes.Add("P4 assemblies in a bare probe process: " + string.Join(", ", r.AssembliesBefore));
        _notes.Add("P4 assemblies added by first use: " + string.Join(", ", r.AssembliesAdded));
        _notes.Add("P4 staged in " + (r.StageDirectory ?? "out/EcsNic/") + ": " +
                   (r.Staged.Count == 0 ? "nothing (run dotnet build src/EcsNic -c Release)" :
                       string.Join(", ", r.Staged.Select(f => $"{f.Name} ({f.Bytes / 1024.0:0} KiB)"))));
    }

    public const double RunnerScaleTargetSeconds = 2;

    public void AddRunnerScale(IReadOnlyList<RunnerScaleRun> runs)
    {
        foreach (var run in runs)
        {
            var c = run.Case;
            var correct = run.AllCorrect
                ? "all results in order, no overlap on a key"
                : $"WRONG: {run.Succeeded}/{c.Records} succeeded, order kept {run.InputOrderKept}, {run.KeyOverlaps} key overlaps, {run.MaxConcurrent} at once";
            var timed = c.EffectiveKind != RunnerWork.Yield
                ? $"{Sec(run.Wall)} = {run.Ratio:0.00} x ideal {Sec(run.Ideal)} (⌈{c.Records}/{c.ThrottleLimit}⌉ x one wait of {Ms(run.WorkRtt)}; " +
                  $"nominal {Sec(run.NominalIdeal)}), scheduling overhead {Sec(run.Overhead)}"
                : $"{Sec(run.Wall)} ({run.Wall.TotalMilliseconds * 1000 / c.Records:0} µs/record)";
            var result = $"{timed}; CPU {run.CpuMicrosecondsPerRecord:0} µs/record; {correct}";
            // The goal is stated for 5 ms of work; with Task.Delay that work alone takes longer than 2 s here, so the goal
            // row is the precise wait, and the Task.Delay row beside it is a reference.
            var isGoal = c.Records == 20_000 && c.VirtualIps == 10_000 && c.EffectiveKind == RunnerWork.PreciseDelay;
            bool? passed = isGoal ? run.Wall.TotalSeconds < RunnerScaleTargetSeconds && run.AllCorrect : run.AllCorrect ? null : false;
            _rows.Add(new Row("P5", "BulkRunner alone (bind keys, no HTTP): " + c, result,
                isGoal ? $"< {RunnerScaleTargetSeconds:0} s, all correct" : "reference; cost per record flat in the number of keys",
                passed, isGoal ? (passed == true ? "time PASS" : $"time or correctness MISS ({Sec(run.Wall)})") : run.AllCorrect ? "correct" : correct));
        }

        _notes.Add("P5: each record is a bind on its own NIC; NICs per VIP = records / VIPs, posted VIP by VIP; keys from BulkKeys.ForBind " +
                   "(NIC and VIP exclusive, subnet scopes shared, 50 subnets); the work waits with Task.Delay, with a precise clock (a thread " +
                   "completing due waits every ~1 ms), or only yields; the ideal is ⌈N/K⌉ x one wait as measured alone (median of 21), " +
                   "and the overhead is the wall time above it; CPU = the process's processor time over the run (both cores).");
    }

    public void AddPwshBulk(IReadOnlyList<PwshBulkRun> runs)
    {
        foreach (var run in runs)
        {
            var c = run.Case;
            var correct = run.AllCorrect
                ? $"0 errors, {run.Check}"
                : $"WRONG: {run.Errors} errors{(run.FirstError is null ? "" : " (" + run.FirstError + ")")}, {run.Outputs}/{c.Records} outputs, {run.Check}";
            var result = $"{Sec(run.Wall)} = {run.RatioToIdeal:0.00} x ideal {Sec(run.Ideal)} (⌈{c.Records}/{c.ThrottleLimit}⌉ x RTT {Ms(run.Rtt)}); " +
                         $"{run.RecordsPerSecond:N0} records/s; sequential {Ms(TimeSpan.FromTicks(run.SequentialWall.Ticks / Math.Max(1, run.SequentialRecords)))}/record " +
                         $"({run.SequentialRecords} records), so parallel is {run.SpeedupOverSequential:0.0}x faster; client CPU " +
                         $"{run.ClientCpuSeconds * 1e6 / c.Records:N0} µs/record, peak working set {run.ClientPeakWorkingSet / 1048576.0:0} MiB; " +
                         $"emulator CPU {run.EmulatorCpuSeconds * 1e6 / Math.Max(1, run.EmulatorRequests):N0} µs/request over {run.EmulatorRequests:N0} requests; {correct}";
            _rows.Add(new Row("P6", $"pwsh {run.PowerShellVersion}: Import-Csv rows | Set-EcsNicVirtualIp -ReverseBinding, {c}", result,
                "reference (issue 16: ≤ 1.10 x ideal for 5,000 HA pairs at 50 ms, K = 64); every binding correct",
                run.AllCorrect ? null : false, run.AllCorrect ? "correct" : "bindings FAIL"));
        }

        if (runs.Count > 0)
        {
            _notes.Add("P6: each run is a fresh emulator in the benchmark process (race model on; latency on AssociateServerVirtualIp) and a " +
                       "fresh `dotnet pwsh -NoProfile` that imports out/EcsNic, connects with the emulator's fake account from the environment, " +
                       "binds record 0 once as a warm-up, then times `$records | Set-EcsNicVirtualIp -ReverseBinding -ThrottleLimit K` and, " +
                       "in the same process, the first records again at -ThrottleLimit 1 (the sequential reference). RTT = median of 11 " +
                       "single reverse binds on a warm EcsClient against the same emulator. Client CPU = the pwsh process's processor time " +
                       "over the parallel run; emulator CPU = the benchmark process's over the whole pwsh run (it does nothing else then), " +
                       "per request served; peak working set = the pwsh process's at its end. After each run the emulator's state is " +
                       "checked: every NIC holds {VIP, own MAC} and every VIP port exactly its NICs' pairs.");
        }
    }

    public const double ImportTargetMs = 20;
    public const double FirstCallTargetMs = 60;

    public void AddPwshStartup(IReadOnlyList<PwshStartupResult> results)
    {
        foreach (var result in results) AddPwshStartup(result);
        _notes.Add("P7: Stopwatch inside each fresh `dotnet pwsh -NoProfile -NonInteractive -File`, one unmeasured pair of processes first " +
                   "(page cache), the variants alternating; the emulator runs in the benchmark process; the process time includes the " +
                   "`dotnet pwsh` tool launcher.");
    }

    private void AddPwshStartup(PwshStartupResult r)
    {
        string Spread(string key) => $"{Ms(r.Median(key))} (min {Ms(r.Min(key))}, max {Ms(r.Max(key))})";
        var import = r.Median(PwshStartupScenario.ImportMs);
        var first = r.Median(PwshStartupScenario.FirstCallMs);
        _rows.Add(new Row("P7", $"pwsh {r.PowerShellVersion}, {r.Variant}: Import-Module EcsNic in a fresh process (median of {r.Processes}), " +
                                $"after PowerShell's own first import of {r.FirstImport}",
            Spread(PwshStartupScenario.ImportMs) + $"; the first import before it {Spread(PwshStartupScenario.BaselineImportMs)}", $"≤ {ImportTargetMs:0} ms", import <= ImportTargetMs,
            import <= ImportTargetMs ? "PASS" : $"MISS by {Ms(import - ImportTargetMs)}"));
        var when = r.PauseMs > 0 ? (r.PauseMs / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + " s after the import" : "right after the import";
        _rows.Add(new Row("P7", $"First Get-EcsServerNic {when} (credentials from the environment)",
            Spread(PwshStartupScenario.FirstCallMs) + $"; second call {Spread(PwshStartupScenario.SecondCallMs)}",
            $"≤ {FirstCallTargetMs:0} ms", first <= FirstCallTargetMs, first <= FirstCallTargetMs ? "PASS" : $"MISS by {Ms(first - FirstCallTargetMs)}"));
        _rows.Add(new Row("P7", $"First formatting of its {r.Nics} NICs (Out-String -Width 120); whole pwsh process, start to exit",
            $"{Spread(PwshStartupScenario.FirstFormatMs)}; process {Spread(PwshStartupScenario.ProcessMs)}", "reference", null, "info"));
    }

    public string Render(MachineInfo machine, bool quick, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.Append("## EcsNic benchmark results (").Append(quick ? "quick" : "full").Append(" run, ")
            .Append(elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)).Append(" s)\n\n");
        text.Append(machine.Describe().Replace("\n", "  \n", StringComparison.Ordinal)).Append("\n\n");
        text.Append("| Part | Measure | Result | Target | Verdict |\n|---|---|---|---|---|\n");
        foreach (var row in _rows)
        {
            var mark = row.Passed switch { true => "**PASS**", false => "**MISS**", null => "—" };
            text.Append("| ").Append(row.Part).Append(" | ").Append(Cell(row.Measure)).Append(" | ").Append(Cell(row.Result)).Append(" | ")
                .Append(Cell(row.Target)).Append(" | ").Append(mark).Append(": ").Append(Cell(row.Verdict)).Append(" |\n");
        }
        text.Append('\n');
        foreach (var note in _notes) text.Append("- ").Append(note).Append('\n');
        return text.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    private static double Div(TimeSpan a, TimeSpan b) => b.Ticks == 0 ? double.NaN : (double)a.Ticks / b.Ticks;

    private static string Ratio(long? a, long? b) => a is { } x && b is { } y && y > 0 ? ((double)x / y).ToString("0.0", CultureInfo.InvariantCulture) : "?";

    internal static string Ns(double ns) => ns >= 1000
        ? (ns / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " µs"
        : ns.ToString("0", CultureInfo.InvariantCulture) + " ns";

    internal static string Bytes(long? bytes) => bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) + " B" : "? B";

    internal static string Pct(double fraction) => (fraction * 100).ToString("+0;-0", CultureInfo.InvariantCulture) + " %";

    internal static string Ms(TimeSpan t) => Ms(t.TotalMilliseconds);

    internal static string Ms(double ms) => double.IsNaN(ms) ? "? ms" : ms.ToString(ms < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " ms";

    internal static string Sec(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>One line of the table; <see cref="Passed"/> is null for rows without a target.</summary>
    public sealed record Row(string Part, string Measure, string Result, string Target, bool? Passed, string Verdict);
}
