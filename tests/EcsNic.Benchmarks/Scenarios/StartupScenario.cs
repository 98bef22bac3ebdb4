using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using EcsNic.Emulator;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>A DLL staged in out/EcsNic/.</summary>
public sealed record StagedFile(string Name, long Bytes, string? Version);

/// <summary>P4's figures: medians over fresh processes, the assemblies of the last one, and the staged module's DLLs.</summary>
public sealed record StartupResult(
    int Processes,
    string Transport,
    IReadOnlyDictionary<string, double> MedianMs,
    IReadOnlyDictionary<string, double> MaxMs,
    double ProcessWallMs,
    IReadOnlyList<string> AssembliesBefore,
    IReadOnlyList<string> AssembliesAdded,
    string? StageDirectory,
    IReadOnlyList<StagedFile> Staged)
{
    public double Median(string key) => MedianMs.TryGetValue(key, out var v) ? v : double.NaN;
}

/// <summary>P4, parent side: spawns <c>dotnet EcsNic.Benchmarks.dll --startup-probe</c> several times and collects the figures.</summary>
public static class StartupScenario
{
    public static StartupResult Run(int processes, Action<string>? log = null)
    {
        log ??= _ => { };
        // The probe's calls go over a real loopback socket to an emulator in this process, so the first call pays for
        // the socket transport's JIT and connection set-up as a PowerShell session would.
        var emulator = EmulatorHost.StartAsync(new EmulatorOptions { ServerCount = 1 }).GetAwaiter().GetResult();
        try
        {
            return Run(processes, emulator, log);
        }
        finally
        {
            emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static StartupResult Run(int processes, EmulatorHost emulator, Action<string> log)
    {
        var self = typeof(StartupProbe).Assembly.Location;
        string transport = "?";
        var samples = new List<Dictionary<string, double>>();
        var walls = new List<double>();
        List<string> before = new(), added = new();
        for (var i = 0; i < processes; i++)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(self);
            info.ArgumentList.Add(StartupProbe.Switch);
            var spawnedAt = Stopwatch.GetTimestamp();
            info.ArgumentList.Add(spawnedAt.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(emulator.BaseUri.ToString());
            info.ArgumentList.Add(emulator.Account.ProjectId);
            info.ArgumentList.Add(emulator.Account.Servers[0].Id);
            // The emulator's demo credentials (fake, they open only this emulator), by environment, not command line.
            info.Environment[StartupProbe.AccessKeyVariable] = emulator.Account.AccessKey;
            info.Environment[StartupProbe.SecretKeyVariable] = emulator.Account.SecretKey;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the startup probe.");
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            walls.Add(Stopwatch.GetElapsedTime(spawnedAt).TotalMilliseconds);
            if (process.ExitCode != 0) throw new InvalidOperationException($"The startup probe failed ({process.ExitCode}): {stderr}");

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            before = new List<string>();
            added = new List<string>();
            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = line.IndexOf('=');
                if (eq < 0) continue;
                var key = line[..eq];
                var value = line[(eq + 1)..].Trim();
                if (key == "transport") transport = value;
                else if (key == "before") before.Add(value);
                else if (key == "after") added.Add(value);
                else values[key] = double.Parse(value, CultureInfo.InvariantCulture);
            }
            samples.Add(values);
        }

        var keys = samples.SelectMany(s => s.Keys).Distinct().ToArray();
        var medians = keys.ToDictionary(k => k, k => Median(samples.Where(s => s.ContainsKey(k)).Select(s => s[k])));
        var maxima = keys.ToDictionary(k => k, k => samples.Where(s => s.ContainsKey(k)).Max(s => s[k]));
        var (stageDir, staged) = Staged();
        var result = new StartupResult(processes, transport, medians, maxima, Median(walls), before.OrderBy(n => n, StringComparer.Ordinal).ToArray(),
            added.OrderBy(n => n, StringComparer.Ordinal).ToArray(), stageDir, staged);
        log($"P4: first use (load Core + client + sign + first call) {result.Median("first_use_total_ms"):0.0} ms median of {processes} processes; " +
            $"{added.Count} assemblies added");
        return result;
    }

    /// <summary>The DLLs in out/EcsNic/ of the repository this runs from, or none when the module was not staged.</summary>
    public static (string? Directory, IReadOnlyList<StagedFile> Files) Staged()
    {
        var root = RepositoryRoot();
        if (root is null) return (null, Array.Empty<StagedFile>());
        var dir = Path.Combine(root, "out", "EcsNic");
        if (!Directory.Exists(dir)) return (dir, Array.Empty<StagedFile>());
        var files = Directory.GetFiles(dir, "*.dll").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new StagedFile(Path.GetFileName(f), new FileInfo(f).Length, FileVersionInfo.GetVersionInfo(f).FileVersion))
            .ToArray();
        return (dir, files);
    }

    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsNic.sln"))) return dir.FullName;
        }
        return null;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
