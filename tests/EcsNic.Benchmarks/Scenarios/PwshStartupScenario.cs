using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using EcsNic.Emulator;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>P7's figures: medians (and min, max) over fresh pwsh processes.</summary>
public sealed record PwshStartupResult(int Processes, string PowerShellVersion, IReadOnlyDictionary<string, IReadOnlyList<double>> Samples,
    int Nics, int FormattedChars)
{
    public double Median(string key) => Stat(key, s => s[s.Count / 2]);

    public double Min(string key) => Stat(key, s => s[0]);

    public double Max(string key) => Stat(key, s => s[^1]);

    private double Stat(string key, Func<IReadOnlyList<double>, double> pick) =>
        Samples.TryGetValue(key, out var s) && s.Count > 0 ? pick(s) : double.NaN;
}

/// <summary>
/// P7: a user's first use of the module. Each of several fresh <c>dotnet pwsh -NoProfile</c> processes imports out/EcsNic
/// and calls Get-EcsServerNic twice against an emulator in this process (credentials from the environment), timing each
/// step in process; the parent also times the whole process, start to exit.
/// </summary>
public static class PwshStartupScenario
{
    public const string ImportMs = "importMs";
    public const string FirstCallMs = "firstCallMs";
    public const string SecondCallMs = "secondCallMs";
    public const string FirstFormatMs = "firstFormatMs";
    public const string ProcessMs = "processMs";

    public static PwshStartupResult Run(int processes, Action<string>? log = null)
    {
        log ??= _ => { };
        var module = PwshBulkScenario.ModuleManifest();
        var emulator = EmulatorHost.StartAsync(new EmulatorOptions { ServerCount = 1 }).GetAwaiter().GetResult();
        try
        {
            var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var version = "?";
            int nics = 0, chars = 0;
            // One unmeasured process first: it brings pwsh's and the module's files into the page cache.
            for (var i = -1; i < processes; i++)
            {
                var watch = Stopwatch.StartNew();
                using var report = PwshHost.RunScript("Startup.ps1", emulator, new[]
                {
                    "-ModulePath", module, "-Endpoint", emulator.BaseUri.ToString(), "-Region", emulator.Account.Region,
                    "-ServerId", emulator.Account.Servers[0].Id,
                });
                var processMs = watch.Elapsed.TotalMilliseconds;
                if (i < 0) continue;
                var r = report.RootElement;
                foreach (var key in new[] { ImportMs, FirstCallMs, SecondCallMs, FirstFormatMs })
                    Add(samples, key, r.GetProperty(key).GetDouble());
                Add(samples, ProcessMs, processMs);
                version = r.GetProperty("psVersion").GetString() ?? "?";
                nics = r.GetProperty("nics").GetInt32();
                chars = r.GetProperty("formattedChars").GetInt32();
            }

            var result = new PwshStartupResult(processes, version,
                samples.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value.OrderBy(v => v).ToArray(), StringComparer.Ordinal), nics, chars);
            log($"P7: Import-Module {result.Median(ImportMs):0.0} ms, first Get-EcsServerNic {result.Median(FirstCallMs):0.0} ms, " +
                $"second {result.Median(SecondCallMs):0.0} ms, first format {result.Median(FirstFormatMs):0.0} ms (medians of {processes})");
            return result;
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
