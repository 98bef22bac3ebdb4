using System;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Benchmarks.Reporting;
using EcsNic.Benchmarks.Scenarios;
using EcsNic.Benchmarks.Signing;
using Xunit;

namespace EcsNic.Benchmarks.Smoke;

/// <summary>
/// Runs each benchmark scenario at a tiny size and checks what it produced, never how fast: the benchmarks themselves
/// are not part of the test command, but their code must keep working.
/// </summary>
public sealed class ScenarioSmokeTests
{
    [Fact]
    public void Both_signers_reproduce_the_bind_vector()
    {
        var vector = BindVector.Load();
        var benchmarks = new SignerBenchmarks();
        benchmarks.Setup(); // throws when either signer differs from the vector

        Assert.Equal(vector.Authorization, benchmarks.EcsNicSigner());
        Assert.Equal(vector.Authorization, benchmarks.NaiveSigner());
    }

    [Fact]
    public void The_naive_signer_is_checked_against_the_vector_and_a_wrong_answer_is_refused()
    {
        var vector = BindVector.Load();
        var wrong = vector.Authorization[..^1] + (vector.Authorization[^1] == '0' ? '1' : '0');

        Assert.Throws<InvalidOperationException>(() => SigningCheck.Verify(vector, vector.Authorization, wrong));
        Assert.Throws<InvalidOperationException>(() => SigningCheck.Verify(vector, wrong, vector.Authorization));
    }

    [Fact]
    public void Bulk_bind_binds_every_nic_through_the_runner_and_the_check_sees_it()
    {
        var result = BulkBindScenario.Run(new BulkBindOptions
        {
            VirtualIps = 2,
            NicsPerVirtualIp = 3,
            ThrottleLimit = 4,
            Latency = TimeSpan.FromMilliseconds(2),
            SequentialSample = 2,
            RttSamples = 2,
            UnserialisedControl = false,
        });

        foreach (var run in new[] { result.Parallel, result.Sequential, result.Interleaved!, result.SharedSubnet! })
        {
            Assert.Equal(0, run.Errors);
            Assert.True(run.InputOrderKept, run.Label);
            Assert.True(run.Check.AllCorrect, $"{run.Label}: {run.Check}");
        }
        Assert.Equal(6, result.Parallel.Calls);
        Assert.Equal(2, result.Sequential.Calls);
        Assert.True(result.Rtt > TimeSpan.Zero);

        var table = new ResultTable();
        table.AddBulk(result);
        Assert.Contains("| P2 |", table.Render(MachineInfo.Capture(), quick: true, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_runner_alone_keeps_order_and_key_exclusion_at_every_arrangement()
    {
        var runs = RunnerScaleScenario.Run(new[]
        {
            new RunnerScaleCase(40, 4, 4, TimeSpan.FromMilliseconds(1)),
            new RunnerScaleCase(40, 4, 4, TimeSpan.FromMilliseconds(1), RunnerWork.PreciseDelay),
            new RunnerScaleCase(40, 20, 4, TimeSpan.Zero),
            new RunnerScaleCase(40, 40, 8, TimeSpan.Zero),
        });

        Assert.All(runs, run => Assert.True(run.AllCorrect, run.Case + ": " + run));
        Assert.Equal(4, runs[0].MaxConcurrent);
        var table = new ResultTable();
        table.AddRunnerScale(runs);
        Assert.Contains("| P5 |", table.Render(MachineInfo.Capture(), quick: true, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Real_pwsh_binds_piped_csv_rows_few_vips_and_ha_pairs_and_the_emulator_holds_every_binding()
    {
        var runs = PwshBulkScenario.Run(new[]
        {
            new PwshBulkCase(2, 3, TimeSpan.FromMilliseconds(2), 4),
            new PwshBulkCase(4, 2, TimeSpan.Zero, 16),
        }, sequentialSample: 2);

        foreach (var run in runs)
        {
            Assert.True(run.AllCorrect, $"{run.Case}: {run.Errors} errors ({run.FirstError}), {run.Outputs} outputs, {run.Check}");
            Assert.Equal(2, run.SequentialRecords);
            Assert.StartsWith("7.6.", run.PowerShellVersion, StringComparison.Ordinal);
            Assert.True(run.EmulatorRequests >= run.Case.Records + 2, run.EmulatorRequests.ToString());
        }
        Assert.Equal(6, runs[0].Outputs);
        Assert.Equal(8, runs[1].Outputs);

        var table = new ResultTable();
        table.AddPwshBulk(runs);
        Assert.Contains("| P6 |", table.Render(MachineInfo.Capture(), quick: true, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Real_pwsh_imports_the_module_and_lists_nics_with_the_warm_up_on_and_off()
    {
        var results = PwshStartupScenario.Run(1);

        // Warm-up on, off, a paused first call and PSReadLine first; a baseline build adds two when one is named.
        Assert.Equal(Environment.GetEnvironmentVariable(PwshStartupScenario.BaselineModuleVariable) is { Length: > 0 } ? 6 : 4, results.Count);
        Assert.Contains(results, r => r.PauseMs > 0);
        Assert.Contains(results, r => r.Variant.Contains("PSReadLine", StringComparison.Ordinal));
        foreach (var result in results)
        {
            Assert.True(result.Nics >= 1, result.Variant);
            Assert.True(result.FormattedChars > 0, result.Variant);
            Assert.Single(result.Samples[PwshStartupScenario.FirstCallMs]);
        }
        var table = new ResultTable();
        table.AddPwshStartup(results);
        Assert.Contains("| P7 |", table.Render(MachineInfo.Capture(), quick: true, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bind_check_reports_a_binding_that_is_not_there()
    {
        await using var fleet = await BindFleet.CreateAsync(1, 2, TimeSpan.Zero, raceModel: false);

        var check = BulkBindScenario.Verify(fleet.Host, fleet.Targets);

        Assert.False(check.AllCorrect);
        Assert.Equal(2, check.NicPairsMissing);
        Assert.Equal(1, check.VirtualIpPortsMissing);
    }

    [Fact]
    public void Job_wait_returns_every_job_and_measures_a_lag_for_each()
    {
        var options = new JobWaitOptions
        {
            Jobs = 4,
            MinDuration = TimeSpan.FromMilliseconds(100),
            MaxDuration = TimeSpan.FromMilliseconds(400),
            Budget = 50,
            PollLatency = TimeSpan.Zero,
        };
        options.Schedules.Clear();
        options.Schedules.Add(new PollSchedule("smoke", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), 1.5));
        options.Schedules.Add(new PollSchedule("smoke with 503s", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), 1.5, 0.5));

        var runs = JobWaitScenario.Run(options);

        foreach (var run in runs)
        {
            Assert.True(run.AllReturned, run.Schedule.Label);
            Assert.Equal(4, run.Lags.Count);
            Assert.All(run.Lags, lag => Assert.True(lag >= TimeSpan.Zero, lag.ToString()));
            Assert.Equal(0, run.DurationMismatches);
            Assert.True(run.ShowJobRequests >= 4);
            Assert.Equal(run.WireRequests, run.ShowJobRequests);
        }
        // The waiter polls with PollJobAsync (one attempt): a 503 is retried by the waiter on its budgeted schedule, never
        // by the pipeline, so the wire carries exactly the waiter's polls even when 503s were served.
        Assert.True(runs[1].FaultsServed >= 1, "the 503 variant served no 503");
        Assert.Equal(0, runs[1].PipelineRetries);
        Assert.Equal(0, runs[0].PipelineRetries);

        var table = new ResultTable();
        table.AddJobWait(runs);
        Assert.Contains("| P3 |", table.Render(MachineInfo.Capture(), quick: true, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_startup_probe_runs_its_steps_through_the_canned_transport()
    {
        // In this process, not a fresh one: only that every step works and the probe ends well.
        Assert.Equal(0, StartupProbe.Run(new[] { StartupProbe.Switch }));
    }

    [Fact]
    public void Durations_are_spread_evenly_and_scaled()
    {
        var durations = JobWaitScenario.Durations(new JobWaitOptions { Jobs = 100, TimeScale = 0.1 }).OrderBy(d => d).ToArray();

        Assert.Equal(TimeSpan.FromSeconds(0.5), durations[0]);
        Assert.Equal(TimeSpan.FromSeconds(6), durations[^1]);
        Assert.Equal(100, durations.Distinct().Count());
    }

    [Fact]
    public void The_peak_counts_requests_in_any_closed_window()
    {
        var f = System.Diagnostics.Stopwatch.Frequency;
        long[] ticks = { 0, f / 2, f, f + 1, 3 * f };

        Assert.Equal(3, RateWindow.Peak(ticks, TimeSpan.FromSeconds(1)));
        Assert.Equal(1, RateWindow.Peak(new long[] { 0 }, TimeSpan.FromSeconds(1)));
        Assert.Equal(0, RateWindow.Peak(Array.Empty<long>(), TimeSpan.FromSeconds(1)));
    }
}
