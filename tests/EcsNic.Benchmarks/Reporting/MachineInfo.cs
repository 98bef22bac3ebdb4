using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using EcsNic.Benchmarks.Scenarios;

namespace EcsNic.Benchmarks.Reporting;

/// <summary>The machine and the tree a run measured.</summary>
public sealed record MachineInfo(int Cores, string CpuModel, string Memory, string LoadAtStart, string Runtime, string Os, string Commit,
    DateTimeOffset StartedAt)
{
    public static MachineInfo Capture() => new(
        Environment.ProcessorCount,
        ReadProc("/proc/cpuinfo", l => l.StartsWith("model name", StringComparison.Ordinal), l => l[(l.IndexOf(':') + 1)..].Trim()) ?? "unknown",
        ReadProc("/proc/meminfo", l => l.StartsWith("MemTotal:", StringComparison.Ordinal), FormatMemory) ?? "unknown",
        ReadProc("/proc/loadavg", _ => true, l => string.Join(" ", l.Split(' ').Take(3))) ?? "unknown",
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        GitCommit(),
        DateTimeOffset.UtcNow);

    public string Describe() =>
        $"Machine: {Cores} cores ({CpuModel}), {Memory} RAM, load average at start {LoadAtStart}; {Runtime} on {Os}\n" +
        $"Measured tree: {Commit}; started {StartedAt:yyyy-MM-dd HH:mm:ss} UTC";

    private static string? ReadProc(string path, Func<string, bool> pick, Func<string, string> format)
    {
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(pick);
            return line is null ? null : format(line);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string FormatMemory(string line)
    {
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return $"{kb / 1024.0 / 1024.0:0.0} GiB";
    }

    private static string GitCommit()
    {
        var root = StartupScenario.RepositoryRoot();
        if (root is null) return "unknown (not run from a repository)";
        var head = Git(root, "rev-parse --short=12 HEAD");
        if (head is null) return "unknown (git not available)";
        var branch = Git(root, "rev-parse --abbrev-ref HEAD") ?? "?";
        var dirty = Git(root, "status --porcelain --untracked-files=no");
        return $"{head} ({branch}){(string.IsNullOrWhiteSpace(dirty) ? "" : " + uncommitted changes")}";
    }

    private static string? Git(string root, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
