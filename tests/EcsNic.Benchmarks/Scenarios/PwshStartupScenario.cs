using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using EcsNic.Emulator;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>P7's figures: medians (and min, max) over fresh pwsh processes.</summary>
public sealed record PwshStartupResult(string Variant, int Processes, string PowerShellVersion,
    IReadOnlyDictionary<string, IReadOnlyList<double>> Samples, int Nics, int FormattedChars)
{
    /// <summary>What the process imported first, before EcsNic (timed as the baseline import).</summary>
    public string FirstImport { get; init; } = PwshStartupScenario.EmptyModuleImport;

    /// <summary>The pause between the import and the first call, in milliseconds (0: back to back).</summary>
    public int PauseMs { get; init; }

    public double Median(string key) => Stat(key, s => s[s.Count / 2]);

    public double Min(string key) => Stat(key, s => s[0]);

    public double Max(string key) => Stat(key, s => s[^1]);

    private double Stat(string key, Func<IReadOnlyList<double>, double> pick) =>
        Samples.TryGetValue(key, out var s) && s.Count > 0 ? pick(s) : double.NaN;
}

/// <summary>
/// P7: a user's first use of the module. Each of several fresh <c>dotnet pwsh -NoProfile</c> processes imports out/EcsNic
/// and calls Get-EcsServerNic twice against an emulator in this process (credentials from the environment), timing each
/// step in process; the parent also times the whole process, start to exit. The variants alternate process by process, so one
/// run compares them under the same load: the import-time warm-up on, off (ECSNIC_WARMUP=off), on with a pause between the
/// import and the first call, and, when ECSNIC_BENCH_BASELINE_MODULE names another build, that build.
/// </summary>
public static class PwshStartupScenario
{
    public const string BaselineImportMs = "baselineImportMs";
    public const string ImportMs = "importMs";
    public const string FirstCallMs = "firstCallMs";
    public const string SecondCallMs = "secondCallMs";
    public const string FirstFormatMs = "firstFormatMs";
    public const string ProcessMs = "processMs";

    /// <summary>Names another staged module (its .psd1) to time alternately with this one, as the "before" of a change.</summary>
    public const string BaselineModuleVariable = "ECSNIC_BENCH_BASELINE_MODULE";

    /// <summary>How the rows name the default first import.</summary>
    public const string EmptyModuleImport = "an empty manifest module";

    private const string PSReadLineImport = "PSReadLine, as an interactive pwsh imports it before the first prompt";

    private const int PauseMs = 2000;

    /// <summary>Times <paramref name="processes"/> fresh processes with the warm-up on and as many with it off, alternating.</summary>
    public static IReadOnlyList<PwshStartupResult> Run(int processes, Action<string>? log = null)
    {
        log ??= _ => { };
        var module = PwshBulkScenario.ModuleManifest();
        var empty = Path.Combine(Path.GetTempPath(), $"ecsnic-bench-empty-{Environment.ProcessId}", "EcsNicBenchEmpty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "EcsNicBenchEmpty.psd1"),
            "@{ ModuleVersion = '1.0'; GUID = '5d0c7f55-3e8b-4f0e-9d57-6b1f0f4d2a10'; FunctionsToExport = @(); CmdletsToExport = @(); " +
            "VariablesToExport = @(); AliasesToExport = @() }\n");
        var emulator = EmulatorHost.StartAsync(new EmulatorOptions { ServerCount = 1 }).GetAwaiter().GetResult();
        try
        {
            var emptyManifest = Path.Combine(empty, "EcsNicBenchEmpty.psd1");
            var variants = new List<(string Name, Dictionary<string, string> Environment, string Module, int PauseMs, string FirstModule, string FirstImport)>
            {
                ("import-time warm-up on (default)", new Dictionary<string, string>(), module, 0, emptyManifest, EmptyModuleImport),
                ("warm-up off (ECSNIC_WARMUP=off)", new Dictionary<string, string> { ["ECSNIC_WARMUP"] = "off" }, module, 0, emptyManifest, EmptyModuleImport),
                // As in an interactive session, where the user types between the import and the first call.
                ("warm-up on, first call " + (PauseMs / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + " s after the import", new Dictionary<string, string>(), module, PauseMs, emptyManifest,
                    EmptyModuleImport),
                // An interactive pwsh has imported PSReadLine (a manifest with a format file) before the user's first command.
                ("warm-up on, PSReadLine imported first", new Dictionary<string, string>(), module, 0, "PSReadLine", PSReadLineImport),
            };
            // Another build of the module (a copy of out/EcsNic taken before a change), alternating with this one in the same run.
            if (Environment.GetEnvironmentVariable(BaselineModuleVariable) is { Length: > 0 } baseline)
            {
                var other = Path.GetFullPath(baseline);
                variants.Add(($"baseline {other}, warm-up on", new Dictionary<string, string>(), other, 0, emptyManifest, EmptyModuleImport));
                variants.Add(($"baseline {other}, PSReadLine imported first", new Dictionary<string, string>(), other, 0, "PSReadLine", PSReadLineImport));
            }
            var samples = variants.Select(_ => new Dictionary<string, List<double>>(StringComparer.Ordinal)).ToArray();
            var version = "?";
            int nics = 0, chars = 0;
            // One unmeasured process first: it brings pwsh's and the module's files into the page cache.
            for (var i = -1; i < processes; i++)
            {
                for (var v = 0; v < variants.Count; v++)
                {
                    var watch = Stopwatch.StartNew();
                    using var report = PwshHost.RunScript("Startup.ps1", emulator, new[]
                    {
                        "-ModulePath", variants[v].Module, "-PauseMs", variants[v].PauseMs.ToString(CultureInfo.InvariantCulture), "-FirstModule", variants[v].FirstModule, "-Endpoint", emulator.BaseUri.ToString(), "-Region", emulator.Account.Region,
                        "-ServerId", emulator.Account.Servers[0].Id,
                    }, variants[v].Environment);
                    var processMs = watch.Elapsed.TotalMilliseconds;
                    if (i < 0) continue;
                    var r = report.RootElement;
                    foreach (var key in new[] { BaselineImportMs, ImportMs, FirstCallMs, SecondCallMs, FirstFormatMs })
                        Add(samples[v], key, r.GetProperty(key).GetDouble());
                    Add(samples[v], ProcessMs, processMs);
                    version = r.GetProperty("psVersion").GetString() ?? "?";
                    nics = r.GetProperty("nics").GetInt32();
                    chars = r.GetProperty("formattedChars").GetInt32();
                }
            }

            var results = new List<PwshStartupResult>();
            for (var v = 0; v < variants.Count; v++)
            {
                var result = new PwshStartupResult(variants[v].Name, processes, version,
                    samples[v].ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value.OrderBy(x => x).ToArray(), StringComparer.Ordinal),
                    nics, chars) { FirstImport = variants[v].FirstImport, PauseMs = variants[v].PauseMs };
                log($"P7 ({result.Variant}): Import-Module {result.Median(ImportMs):0.0} ms, first Get-EcsServerNic {result.Median(FirstCallMs):0.0} ms, " +
                    $"second {result.Median(SecondCallMs):0.0} ms, first format {result.Median(FirstFormatMs):0.0} ms (medians of {processes})");
                results.Add(result);
            }

            return results;
        }
        finally
        {
            emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Add(Dictionary<string, List<double>> samples, string key, double value)
    {
        if (!samples.TryGetValue(key, out var list)) samples[key] = list = new List<double>();
        list.Add(value);
    }
}
