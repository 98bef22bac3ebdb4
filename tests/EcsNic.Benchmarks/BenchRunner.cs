using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using EcsNic.Benchmarks.Reporting;
using EcsNic.Benchmarks.Scenarios;
using EcsNic.Benchmarks.Signing;

namespace EcsNic.Benchmarks;

/// <summary>Parses the command line, runs the selected parts and prints the table.</summary>
public static class BenchRunner
{
    private const string Usage = """
        EcsNic benchmarks: P1 signing, P2 bulk bind, P3 job waiting, P4 startup, P5 BulkRunner alone at scale,
          P6 bulk bind in real pwsh, P7 import and first call in real pwsh.
          dotnet run -c Release --project tests/EcsNic.Benchmarks -- [options]
            --quick           short BenchmarkDotNet job, P3 on a time axis ten times shorter, fewer probe processes (< 3 min)
            --only P1,P3      run only these parts
            --probes N        P4: fresh processes to start (default 7, quick 3)
            --pwsh-sizes L    P6: record counts to pipe through real pwsh (default 1000,10000; quick 1000)
            --pwsh-cases L    P6: only these case numbers (1-based, in the printed order), e.g. 1,2
            --pwsh-probes N   P7: fresh pwsh processes to time (default 11, quick 5)
            --artifacts DIR   where BenchmarkDotNet and the result table go (default ./BenchmarkDotNet.Artifacts)
            --only DRAIN      (not in the default set) drain N NICs of one subnet in HA pairs at K = 16, 50 ms, race model on
            --drain-sizes L   DRAIN: NIC counts (default 100,1000)
        """;

    public static int Run(string[] args)
    {
        var quick = false;
        var parts = new HashSet<string>(new[] { "P1", "P2", "P3", "P4", "P5", "P6", "P7" }, StringComparer.OrdinalIgnoreCase);
        int? probes = null;
        int[]? pwshSizes = null;
        int? pwshProbes = null;
        HashSet<int>? pwshCases = null;
        int[]? drainSizes = null;
        var artifacts = Path.GetFullPath("BenchmarkDotNet.Artifacts");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--only" when i + 1 < args.Length:
                    parts = new HashSet<string>(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                        StringComparer.OrdinalIgnoreCase);
                    break;
                case "--probes" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
                    probes = n;
                    i++;
                    break;
                case "--pwsh-sizes" when i + 1 < args.Length:
                    pwshSizes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--pwsh-probes" when i + 1 < args.Length && int.TryParse(args[i + 1], out var m) && m > 0:
                    pwshProbes = m;
                    i++;
                    break;
                case "--pwsh-cases" when i + 1 < args.Length:
                    pwshCases = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToHashSet();
                    break;
                case "--drain-sizes" when i + 1 < args.Length:
                    drainSizes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--artifacts" when i + 1 < args.Length:
                    artifacts = Path.GetFullPath(args[++i]);
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine("Unknown or incomplete option: " + args[i]);
                    Console.Error.WriteLine(Usage);
                    return 1;
            }
        }

        Directory.CreateDirectory(artifacts);
        var machine = MachineInfo.Capture();
        var total = Stopwatch.StartNew();
        Console.WriteLine(machine.Describe());
        Console.WriteLine($"Mode: {(quick ? "quick" : "full")}; parts: {string.Join(", ", parts.OrderBy(p => p))}");
        void Log(string line) => Console.WriteLine($"[{total.Elapsed:mm\\:ss}] {line}");

        var table = new ResultTable();
        if (parts.Contains("P1"))
        {
            Log("P1: signing benchmark (BenchmarkDotNet)");
            var signing = SigningRun.Run(quick, Path.Combine(artifacts, "signing"));
            table.AddSigning(signing);
        }
        if (parts.Contains("P2"))
        {
            var bulk = BulkBindScenario.Run(new BulkBindOptions(), Log);
            table.AddBulk(bulk);
        }
        if (parts.Contains("P3"))
        {
            var options = new JobWaitOptions { TimeScale = quick ? 0.1 : 1 };
            Log($"P3: {options.Jobs} jobs of {options.MinDuration.TotalSeconds * options.TimeScale:0.#}–{options.MaxDuration.TotalSeconds * options.TimeScale:0.#} s, " +
                $"{options.Budget / options.TimeScale:0.#} polls/s");
            var runs = JobWaitScenario.Run(options, Log);
            table.AddJobWait(runs);
        }
        if (parts.Contains("P5"))
        {
            Log("P5: BulkRunner alone at scale");
            table.AddRunnerScale(RunnerScaleScenario.Run(RunnerScaleScenario.DefaultCases, Log));
        }
        if (parts.Contains("P6"))
        {
            var cases = PwshBulkScenario.Cases(pwshSizes ?? (quick ? new[] { 1000 } : new[] { 1000, 10_000 }))
                .Where((_, index) => pwshCases is null || pwshCases.Contains(index + 1)).ToList();
            Log($"P6: {cases.Count} runs in a fresh pwsh each: {string.Join("; ", cases)}");
            table.AddPwshBulk(PwshBulkScenario.Run(cases, PwshSequentialSample, Log));
        }
        if (parts.Contains("P7"))
        {
            var runs = pwshProbes ?? (quick ? 5 : 11);
            Log($"P7: Import-Module and first call in {runs} fresh pwsh processes");
            table.AddPwshStartup(PwshStartupScenario.Run(runs, Log));
        }
        if (parts.Contains(DrainScenario.Part))
        {
            var options = new DrainOptions();
            if (drainSizes is not null) options.Sizes = drainSizes;
            Log($"{DrainScenario.Part}: drains of {string.Join(", ", options.Sizes)} NICs in one subnet");
            var drain = DrainScenario.Render(options, DrainScenario.Run(options, Log));
            Console.WriteLine(drain);
            File.WriteAllText(Path.Combine(artifacts, "ecsnic-drain-results.md"), drain);
        }
        if (parts.Contains("P4"))
        {
            var startup = StartupScenario.Run(probes ?? (quick ? 3 : 7), Log);
            table.AddStartup(startup);
        }

        total.Stop();
        var report = table.Render(machine, quick, total.Elapsed);
        Console.WriteLine();
        Console.WriteLine(report);
        var file = Path.Combine(artifacts, quick ? "ecsnic-results-quick.md" : "ecsnic-results.md");
        File.WriteAllText(file, report);
        Console.WriteLine("Written to " + file);
        // Misses are results, not errors: the table says which target was missed and by how much.
        return 0;
    }

    private const int PwshSequentialSample = 50;

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
