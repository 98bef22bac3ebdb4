using System;
using System.Collections.Generic;
using EcsNic.Benchmarks.Scenarios;
using Xunit;

namespace EcsNic.Benchmarks.Smoke;

/// <summary>The drain benchmark at a tiny size: every run drains every NIC and its check sees the emulator's state; no timing.</summary>
public sealed class DrainSmokeTests
{
    [Fact]
    public void The_drain_scenario_unbinds_every_nic_and_checks_the_state()
    {
        var lines = new List<string>();
        var options = new DrainOptions { Sizes = new[] { 6 }, SequentialSample = 4, BeforeSample = 4, Latency = TimeSpan.FromMilliseconds(2) };

        var result = DrainScenario.Run(options, lines.Add);

        var figures = Assert.Single(result.Figures);
        foreach (var run in new[] { figures.Parallel, figures.Sequential, result.Before! })
            Assert.True(run.AllCorrect, run.Check);
        Assert.Equal(6, figures.Parallel.Nics);
        Assert.Equal(4, figures.Sequential.Nics);
        Assert.Equal(16, figures.Parallel.ThrottleLimit);
        Assert.Contains("| 6 | 16 |", DrainScenario.Render(options, result), StringComparison.Ordinal);
        Assert.Equal(3, lines.Count);
    }
}
