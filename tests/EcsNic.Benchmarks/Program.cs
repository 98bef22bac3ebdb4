using EcsNic.Benchmarks.Scenarios;

namespace EcsNic.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/EcsNic.Benchmarks -- [--quick] [--only P1,P2,P3,P4]</c> runs the benchmarks
/// and prints the P1–P4 table; <c>--startup-probe</c> is the child process P4 spawns.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Before anything else is touched: the probe lists the assemblies its own process loaded.
        if (args.Length > 0 && args[0] == StartupProbe.Switch) return StartupProbe.Run(args);
        return BenchRunner.Run(args);
    }
}
