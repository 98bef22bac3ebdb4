using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace EcsNic.Benchmarks.Signing;

/// <summary>What P1 measured for one signer.</summary>
public sealed record SignerFigures(string Name, double MeanNs, double StdDevNs, double MedianNs, long? BytesPerOp);

/// <summary>P1's figures: EcsNic's signer and the naive baseline, from one BenchmarkDotNet run.</summary>
public sealed record SigningResult(SignerFigures EcsNic, SignerFigures Naive, string JobDescription);

/// <summary>Runs <see cref="SignerBenchmarks"/> under BenchmarkDotNet and extracts the figures.</summary>
/// <remarks>
/// In-process (emit) toolchain: BenchmarkDotNet's default out-of-process toolchain generates and builds a project inside
/// this repository, where central package management and lock files reject it; in-process also saves a build per run.
/// The cost is that the benchmark shares the runner's process and GC settings (workstation, concurrent).
/// </remarks>
public static class SigningRun
{
    public static SigningResult Run(bool quick, string artifactsPath)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithId(quick ? "Quick" : "Full");
        if (quick)
        {
            // Enough warm-up for tiered JIT to settle right after the build that dotnet run just did.
            job = job.WithLaunchCount(1).WithWarmupCount(6).WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(250));
        }

        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifactsPath)
            .WithOptions(ConfigOptions.JoinSummary);

        var summary = BenchmarkRunner.Run<SignerBenchmarks>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success || r.ResultStatistics is null))
        {
            throw new InvalidOperationException("The signing benchmark did not complete; see the BenchmarkDotNet log in " +
                                                Path.GetFullPath(artifactsPath) + ".");
        }

        return new SigningResult(Figures(summary, nameof(SignerBenchmarks.EcsNicSigner)),
            Figures(summary, nameof(SignerBenchmarks.NaiveSigner)), quick ? "quick: 1 launch, 6 warmups, 15 x 250 ms iterations" :
            "BenchmarkDotNet default job (pilot, warmup, adaptive iteration count)");
    }

    private static SignerFigures Figures(Summary summary, string method)
    {
        var report = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        var stats = report.ResultStatistics!;
        return new SignerFigures(report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo, stats.Mean, stats.StandardDeviation,
            stats.Median, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
    }
}
