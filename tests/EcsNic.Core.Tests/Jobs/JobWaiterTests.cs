using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;
using static EcsNic.Core.Tests.Jobs.ScriptedJobs;

namespace EcsNic.Core.Tests.Jobs;

public sealed class JobWaiterTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static JobWaiterOptions Options(FakeClock clock, Action<JobWaiterOptions>? change = null)
    {
        var options = new JobWaiterOptions { Clock = clock };
        change?.Invoke(options);
        return options;
    }

    private static Task<IReadOnlyList<JobOutcome>> Wait(ScriptedJobs jobs, IReadOnlyList<string> ids,
        Action<JobWaiterOptions>? change = null, Action<JobOutcome>? onFinished = null, Action<JobProgress>? onProgress = null,
        CancellationToken cancellationToken = default) =>
        new JobWaiter(jobs.GetJobAsync, Options(jobs.Clock, change)).WaitAsync(ids, onFinished, onProgress, cancellationToken);

    [Fact]
    public async Task Many_jobs_finishing_at_different_times_each_end_once_after_finishing_with_the_right_outcome()
    {
        var jobs = new ScriptedJobs();
        var ids = Enumerable.Range(0, 20).Select(i => $"job-{i:00}").ToList();
        var finishAt = ids.ToDictionary(id => id, id => S(5 + 2.7 * int.Parse(id.Substring(4))));
        foreach (var id in ids) jobs.FinishesAt(id, finishAt[id]);
        var finished = new List<(string Id, TimeSpan At)>();

        var outcomes = await Wait(jobs, ids, onFinished: o => finished.Add((o.JobId, jobs.Clock.UtcNow - jobs.Start)));

        Assert.Equal(ids, outcomes.Select(o => o.JobId));
        Assert.All(outcomes, o => Assert.Equal(JobOutcomeKind.Succeeded, o.Kind));
        Assert.All(outcomes, o => Assert.Equal(JobStatus.Success, o.Job!.Status));
        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.Equal(ids.OrderBy(id => id), finished.Select(f => f.Id).OrderBy(id => id));
        foreach (var id in ids)
        {
            var polls = jobs.PollTimes(id);
            // Every poll but the last saw it running; the last one saw it finished, and it was never polled again.
            Assert.All(polls.Take(polls.Count - 1), t => Assert.True(t < finishAt[id], $"{id} polled at {t} after finishing"));
            Assert.True(polls[^1] >= finishAt[id]);
            Assert.Equal(polls.Count, outcomes.Single(o => o.JobId == id).Polls);
            // 20 jobs need at most 20/3 polls a second, inside the budget: the lag stays within the 3 s cap.
            var lag = polls[^1] - finishAt[id];
            Assert.True(lag <= S(3.5), $"{id} detected {lag} late");
        }

        // Reported at the moment each was detected, not at the end.
        Assert.All(finished, f => Assert.Equal(jobs.PollTimes(f.Id)[^1], f.At));
    }

    [Fact]
    public async Task A_FAIL_job_ends_Failed_with_its_error_code_and_reason()
    {
        var jobs = new ScriptedJobs()
            .FinishesAt("job-f", S(10), Job("job-f", JobStatus.Fail, "Ecs.0012", "Insufficient IP addresses in the subnet."))
            .FinishesAt("job-ok", S(12));

        var outcomes = await Wait(jobs, new[] { "job-f", "job-ok" });

        var failed = outcomes[0];
        Assert.Equal(JobOutcomeKind.Failed, failed.Kind);
        var error = Assert.IsType<JobFailedException>(failed.Error);
        Assert.Equal("Ecs.0012", error.ErrorCode);
        Assert.Equal("Insufficient IP addresses in the subnet.", error.FailReason);
        Assert.Contains("job-f", error.Message);
        Assert.Contains("Ecs.0012", error.Message);
        Assert.Contains("Insufficient IP addresses", error.Message);
        Assert.Same(failed.Job, error.Job);
        Assert.Equal(JobOutcomeKind.Succeeded, outcomes[1].Kind);
    }

    [Fact]
    public async Task A_FAIL_job_without_its_own_error_takes_the_code_and_reason_of_its_first_failed_sub_job()
    {
        var final = Job("job-f", JobStatus.Fail, null, null,
            Sub("sub-1", JobStatus.Success, "nic-1"),
            Sub("sub-2", JobStatus.Fail, null, "Ecs.0010", "The IP address is in use."),
            Sub("sub-3", JobStatus.Fail, null, "Ecs.0005", "Invalid parameter."));
        var jobs = new ScriptedJobs().FinishesAt("job-f", S(4), final);

        var outcome = Assert.Single(await Wait(jobs, new[] { "job-f" }));

        var error = Assert.IsType<JobFailedException>(outcome.Error);
        Assert.Equal("Ecs.0010", error.ErrorCode);
        Assert.Equal("The IP address is in use.", error.FailReason);
        Assert.Contains("sub-2", error.Message);
        Assert.Contains("sub-3", error.Message);
        Assert.DoesNotContain("sub-1", error.Message);
    }

    [Fact]
    public async Task A_SUCCESS_job_with_a_failed_sub_job_is_a_partial_failure_naming_the_sub_job()
    {
        var final = Job("job-p", JobStatus.Success, null, null,
            Sub("sub-ok", JobStatus.Success, "nic-1"),
            Sub("sub-bad", JobStatus.Fail, null, "Ecs.0012", "Not enough IP addresses."));
        var jobs = new ScriptedJobs().FinishesAt("job-p", S(4), final);

        var outcome = Assert.Single(await Wait(jobs, new[] { "job-p" }));

        Assert.Equal(JobOutcomeKind.Failed, outcome.Kind);
        var error = Assert.IsType<JobFailedException>(outcome.Error);
        Assert.Contains("reported Success", error.Message);
        Assert.Contains("1 of 2 sub-jobs failed", error.Message);
        Assert.Contains("sub-bad", error.Message);
        Assert.Equal("Ecs.0012", error.ErrorCode);
        Assert.Equal(new[] { "nic-1" }, outcome.Job!.NicIds);
    }

    [Fact]
    public async Task The_new_NIC_IDs_come_back_after_SUCCESS()
    {
        var final = Job("job-n", JobStatus.Success, null, null,
            Sub("sub-1", JobStatus.Success, "nic-aaa"), Sub("sub-2", JobStatus.Success, "nic-bbb"));
        var jobs = new ScriptedJobs().FinishesAt("job-n", S(9), final);

        var outcome = Assert.Single(await Wait(jobs, new[] { "job-n" }));

        Assert.Equal(JobOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new[] { "nic-aaa", "nic-bbb" }, outcome.Job!.NicIds);
    }

    [Fact]
    public async Task A_job_that_never_finishes_times_out_per_job_naming_each_pending_job_and_its_last_state()
    {
        var jobs = new ScriptedJobs()
            .NeverFinishes("job-run")
            .NeverFinishes("job-init", JobStatus.Init)
            .FinishesAt("job-ok", S(10));

        var outcomes = await Wait(jobs, new[] { "job-run", "job-init", "job-ok" }, o => o.Timeout = S(60));

        Assert.Equal(JobOutcomeKind.TimedOut, outcomes[0].Kind);
        Assert.Equal(JobOutcomeKind.TimedOut, outcomes[1].Kind);
        Assert.Equal(JobOutcomeKind.Succeeded, outcomes[2].Kind);
        var error = Assert.IsType<JobTimeoutException>(outcomes[0].Error);
        Assert.StartsWith("2 jobs still pending after 00:01:00: ", error.Message);
        Assert.Contains("job-run Running", error.Message);
        Assert.Contains("job-init Init", error.Message);
        Assert.DoesNotContain("job-ok", error.Message);
        Assert.Equal(S(60), error.Timeout);
        Assert.Equal(new[] { "job-run", "job-init" }, error.StillPending.Select(j => j.JobId));
        Assert.Equal(JobStatus.Running, outcomes[0].Job!.Status);
        Assert.All(jobs.Polls, p => Assert.True(p.At <= S(60)));
        Assert.Equal(S(60), jobs.Clock.UtcNow - jobs.Start);
    }

    [Fact]
    public async Task The_overall_timeout_ends_every_pending_job()
    {
        var jobs = new ScriptedJobs().NeverFinishes("job-a").NeverFinishes("job-b", JobStatus.PendingPayment);

        var outcomes = await Wait(jobs, new[] { "job-a", "job-b" }, o =>
        {
            o.Timeout = S(30);
        });

        Assert.All(outcomes, o => Assert.Equal(JobOutcomeKind.TimedOut, o.Kind));
        var error = Assert.IsType<JobTimeoutException>(outcomes[1].Error);
        Assert.Equal("2 jobs still pending after 00:00:30: job-a Running, job-b PendingPayment", error.Message);
        Assert.Equal(S(30), error.Timeout);
    }

    [Fact]
    public async Task A_timeout_message_names_at_most_100_jobs_but_StillPending_holds_all()
    {
        var jobs = new ScriptedJobs();
        var ids = Enumerable.Range(0, 150).Select(i => $"job-{i:000}").ToList();
        foreach (var id in ids) jobs.NeverFinishes(id);

        var outcomes = await Wait(jobs, ids, o => o.Timeout = S(40));

        var error = Assert.IsType<JobTimeoutException>(outcomes[0].Error);
        Assert.StartsWith("150 jobs still pending after 00:00:40: job-000 Running, ", error.Message);
        Assert.Contains("job-099 ", error.Message);
        Assert.DoesNotContain("job-100", error.Message);
        Assert.EndsWith(", and 50 more", error.Message);
        Assert.Equal(ids, error.StillPending.Select(j => j.JobId));
    }

    [Fact]
    public async Task A_timeout_names_a_job_not_polled_yet_and_the_last_poll_error()
    {
        var jobs = new ScriptedJobs()
            .Script("job-503", (_, _) => throw new EcsApiException(503, "APIGW.0502", "Bad gateway", "req-9", "ShowJob", "job-503"))
            .NeverFinishes("job-late");

        var outcomes = await Wait(jobs, new[] { "job-503", "job-late" }, o =>
        {
            o.FirstDelay = S(5);
            o.MaxRequestsPerSecond = 0.25; // one poll every 4 s: job-late is due at 5 s but gets no turn before 6 s
            o.Timeout = S(6);
        });

        var message = outcomes[0].Error!.Message;
        Assert.Equal("2 jobs still pending after 00:00:06: job-503 Init (no answer yet; last poll failed: HTTP 503 APIGW.0502), " +
                     "job-late Init (not polled yet)", message);
        Assert.Null(outcomes[1].Job);
        Assert.Equal(0, outcomes[1].Polls);
    }

    [Fact]
    public async Task A_poll_that_hangs_past_the_timeout_is_cancelled_and_the_job_times_out()
    {
        var clock = new FakeClock();
        CancellationToken pollToken = default;
        var waiter = new JobWaiter((id, ct) =>
        {
            pollToken = ct;
            return new TaskCompletionSource<EcsJob>().Task; // never answers, never honours the token
        }, Options(clock, o => o.Timeout = S(20)));

        var outcome = Assert.Single(await waiter.WaitAsync(new[] { "job-h" }, null, null, CancellationToken.None)
            .WaitAsync(HangGuard));

        Assert.Equal(JobOutcomeKind.TimedOut, outcome.Kind);
        Assert.True(pollToken.IsCancellationRequested);
        Assert.Equal(1, outcome.Polls);
    }

    [Fact]
    public async Task A_transient_5xx_while_polling_is_retried_on_the_schedule_then_the_job_succeeds()
    {
        var jobs = new ScriptedJobs().Script("job-t", (elapsed, n) => n switch
        {
            2 => throw new EcsApiException(503, "APIGW.0502", "Bad gateway", "req-1", "ShowJob", "job-t"),
            3 => throw new HttpRequestException("connection reset"),
            4 => throw new EcsApiException(429, "APIGW.0308", "The throttling threshold has been reached", "req-2", "ShowJob"),
            5 => throw new TimeoutException("no answer"),
            < 7 => Job("job-t", JobStatus.Running),
            _ => Job("job-t", JobStatus.Success),
        });

        var outcome = Assert.Single(await Wait(jobs, new[] { "job-t" }, o =>
        {
            o.FirstDelay = S(1);
            o.BackoffFactor = 2;
            o.MaxInterval = S(5);
        }));

        Assert.Equal(JobOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(7, outcome.Polls);
        // Failed polls keep to the schedule: 1, +2, +4, +5, +5, +5, +5.
        Assert.Equal(new[] { 1.0, 3, 7, 12, 17, 22, 27 }, jobs.PollTimes("job-t").Select(t => t.TotalSeconds));
    }

    [Fact]
    public async Task A_non_transient_poll_error_ends_that_job_as_PollFailed_and_the_others_go_on()
    {
        var notFound = new EcsApiException(404, "Ecs.0114", "The job does not exist.", "req-404", "ShowJob", "job-gone");
        var jobs = new ScriptedJobs()
            .Script("job-gone", (_, _) => throw notFound)
            .Script("job-bug", (_, _) => throw new InvalidOperationException("unexpected body"))
            .FinishesAt("job-ok", S(15));

        var outcomes = await Wait(jobs, new[] { "job-gone", "job-bug", "job-ok" });

        Assert.Equal(JobOutcomeKind.PollFailed, outcomes[0].Kind);
        Assert.Same(notFound, outcomes[0].Error);
        Assert.Equal(1, outcomes[0].Polls);
        Assert.Null(outcomes[0].Job);
        Assert.Equal(JobOutcomeKind.PollFailed, outcomes[1].Kind);
        Assert.IsType<InvalidOperationException>(outcomes[1].Error!.InnerException);
        Assert.Contains("job-bug", outcomes[1].Error!.Message);
        Assert.Equal(JobOutcomeKind.Succeeded, outcomes[2].Kind);
        Assert.Single(jobs.PollTimes("job-gone"));
    }

    [Fact]
    public async Task The_budget_holds_for_200_jobs_in_every_one_second_window_and_no_job_starves()
    {
        var jobs = new ScriptedJobs();
        var ids = Enumerable.Range(0, 200).Select(i => $"job-{i:000}").ToList();
        var finishAt = new Dictionary<string, TimeSpan>();
        for (var i = 0; i < ids.Count; i++)
        {
            finishAt[ids[i]] = S(5 + 55.0 * ((i * 37) % 200) / 199); // spread 5..60 s, not in list order
            jobs.FinishesAt(ids[i], finishAt[ids[i]]);
        }

        var outcomes = await Wait(jobs, ids);

        Assert.All(outcomes, o => Assert.Equal(JobOutcomeKind.Succeeded, o.Kind));
        var starts = jobs.Polls.Select(p => p.At).OrderBy(t => t).ToList();
        for (var i = 0; i < starts.Count; i++)
        {
            // Closed window [t, t + 1 s] from each start: the strictest reading of "any 1-second window".
            var inWindow = starts.Skip(i).TakeWhile(t => t <= starts[i] + S(1)).Count();
            Assert.True(inWindow <= 10, $"{inWindow} polls in the second from {starts[i]}");
        }

        foreach (var id in ids)
        {
            var polls = jobs.PollTimes(id);
            // 200 jobs at 10 a second: each is seen at least every 20 s (plus a little slack for the spacing).
            Assert.True(polls[0] <= S(2 + 20.2), $"{id} first polled at {polls[0]}");
            var longestGap = polls.Zip(polls.Skip(1), (a, b) => b - a).DefaultIfEmpty().Max();
            Assert.True(longestGap <= S(20.2), $"{id} waited {longestGap} between polls");
            Assert.True(jobs.PollTimes(id)[^1] >= finishAt[id]);
        }
    }

    [Fact]
    public async Task The_schedule_waits_the_first_delay_then_grows_by_the_factor_up_to_the_cap()
    {
        var jobs = new ScriptedJobs().FinishesAt("job-s", S(30));

        await Wait(jobs, new[] { "job-s" }, o =>
        {
            o.FirstDelay = S(1);
            o.BackoffFactor = 2;
            o.MaxInterval = S(5);
        });

        Assert.Equal(new[] { 1.0, 3, 7, 12, 17, 22, 27, 32 }, jobs.PollTimes("job-s").Select(t => t.TotalSeconds));
    }

    [Fact]
    public async Task The_default_schedule_is_2s_then_3s()
    {
        var jobs = new ScriptedJobs().FinishesAt("job-d", S(10));
        var defaults = new JobWaiterOptions();

        await Wait(jobs, new[] { "job-d" });

        Assert.Equal(S(2), defaults.FirstDelay);
        Assert.Equal(S(3), defaults.MaxInterval);
        Assert.Equal(10, defaults.MaxRequestsPerSecond);
        Assert.Equal(new[] { 2.0, 5, 8, 11 }, jobs.PollTimes("job-d").Select(t => t.TotalSeconds));
    }

    [Fact]
    public async Task When_demand_exceeds_the_budget_the_job_due_longest_goes_first()
    {
        var jobs = new ScriptedJobs();
        var ids = new[] { "a", "b", "c", "d" };
        foreach (var id in ids) jobs.FinishesAt(id, S(1000));

        await Wait(jobs, ids, o =>
        {
            o.FirstDelay = S(1);
            o.MaxInterval = S(1);
            o.MaxRequestsPerSecond = 1;
            o.Timeout = S(20);
        });

        // All due together at 1 s, one poll a second: strict rotation, never the same job twice in a row.
        var order = jobs.Polls.Select(p => p.Id).ToList();
        Assert.True(order.Count >= 16);
        for (var i = 0; i < order.Count; i++) Assert.Equal(ids[i % 4], order[i]);
    }

    [Fact]
    public async Task Several_due_jobs_are_polled_concurrently_within_the_budget()
    {
        var clock = new FakeClock();
        var calls = new ConcurrentQueue<(string Id, TaskCompletionSource<EcsJob> Answer)>();
        var threeCalls = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = new JobWaiter((id, _) =>
        {
            var answer = new TaskCompletionSource<EcsJob>(TaskCreationOptions.RunContinuationsAsynchronously);
            calls.Enqueue((id, answer));
            if (calls.Count == 3) threeCalls.TrySetResult(true);
            return answer.Task;
        }, Options(clock, o => o.Timeout = null));

        var wait = waiter.WaitAsync(new[] { "a", "b", "c" }, null, null, CancellationToken.None);
        await threeCalls.Task.WaitAsync(HangGuard);

        // Three polls outstanding at once, started a spacing apart.
        Assert.False(wait.IsCompleted);
        foreach (var (id, answer) in calls) answer.SetResult(Job(id, JobStatus.Success));
        var outcomes = await wait.WaitAsync(HangGuard);
        Assert.All(outcomes, o => Assert.Equal(JobOutcomeKind.Succeeded, o.Kind));
        Assert.Equal(3, calls.Count);
    }

    [Fact]
    public async Task Cancellation_during_the_wait_throws_and_no_poll_follows()
    {
        using var cts = new CancellationTokenSource();
        var jobs = new ScriptedJobs().NeverFinishes("job-a").NeverFinishes("job-b");
        jobs.OnPoll = (_, _) =>
        {
            if (jobs.Polls.Count == 5) cts.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Wait(jobs, new[] { "job-a", "job-b" }, cancellationToken: cts.Token));

        Assert.Equal(5, jobs.Polls.Count);
    }

    [Fact]
    public async Task Cancellation_stops_a_poll_in_flight_at_once()
    {
        using var cts = new CancellationTokenSource();
        var clock = new FakeClock(autoAdvance: false);
        var polled = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = new JobWaiter(async (id, ct) =>
        {
            polled.TrySetResult(ct);
            await Task.Delay(Timeout.Infinite, ct);
            return Job(id, JobStatus.Running);
        }, Options(clock, o => o.FirstDelay = TimeSpan.Zero));

        var wait = waiter.WaitAsync(new[] { "job-a" }, null, null, cts.Token);
        var pollToken = await polled.Task.WaitAsync(HangGuard);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
        Assert.True(pollToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_even_when_the_poll_ignores_its_token()
    {
        using var cts = new CancellationTokenSource();
        var polled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = new JobWaiter((_, _) =>
        {
            polled.TrySetResult(true);
            return new TaskCompletionSource<EcsJob>().Task;
        }, Options(new FakeClock(autoAdvance: false), o => o.FirstDelay = TimeSpan.Zero));

        var wait = waiter.WaitAsync(new[] { "job-a" }, null, null, cts.Token);
        await polled.Task.WaitAsync(HangGuard);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Cancellation_while_waiting_on_the_clock_throws_without_polling()
    {
        using var cts = new CancellationTokenSource();
        var jobs = new ScriptedJobs(new FakeClock(autoAdvance: false)).NeverFinishes("job-a");

        var wait = Wait(jobs, new[] { "job-a" }, cancellationToken: cts.Token);
        Assert.False(wait.IsCompleted); // waiting for the first delay on the clock
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
        jobs.Clock.Advance(S(60));
        Assert.Empty(jobs.Polls);
    }

    [Fact]
    public async Task An_already_cancelled_token_throws_before_any_poll()
    {
        var jobs = new ScriptedJobs().NeverFinishes("job-a");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Wait(jobs, new[] { "job-a" }, cancellationToken: new CancellationToken(true)));
        Assert.Empty(jobs.Polls);
    }

    [Theory]
    [InlineData(JobStatus.PendingPayment)]
    [InlineData(JobStatus.Init)]
    [InlineData(JobStatus.Unknown)]
    public async Task Pending_payment_init_and_unknown_statuses_are_still_pending(JobStatus status)
    {
        var jobs = new ScriptedJobs().FinishesAt("job-p", S(20), before: status);

        var outcome = Assert.Single(await Wait(jobs, new[] { "job-p" }));

        Assert.Equal(JobOutcomeKind.Succeeded, outcome.Kind);
        Assert.True(jobs.PollTimes("job-p").Count > 3);
        Assert.True(jobs.PollTimes("job-p")[^1] >= S(20));
    }

    [Fact]
    public async Task OnFinished_is_called_once_per_job_and_onProgress_after_each_round()
    {
        var jobs = new ScriptedJobs()
            .FinishesAt("job-1", S(4))
            .FinishesAt("job-2", S(9), Job("job-2", JobStatus.Fail, "Ecs.0001", "Quota exceeded."))
            .FinishesAt("job-3", S(14));
        var finished = new List<JobOutcome>();
        var progress = new List<JobProgress>();

        var outcomes = await Wait(jobs, new[] { "job-3", "job-1", "job-2" }, onFinished: finished.Add, onProgress: progress.Add);

        Assert.Equal(new[] { "job-1", "job-2", "job-3" }, finished.Select(o => o.JobId));
        Assert.Equal(outcomes.OrderBy(o => o.JobId), finished); // the very same records
        Assert.Equal(jobs.Polls.Count, progress.Count);        // one poll answered per round here
        Assert.All(progress, p => Assert.Equal(3, p.Total));
        Assert.All(progress, p => Assert.Equal(p.Total - p.Finished, p.Pending.Count));
        Assert.Equal(progress.Select(p => p.Finished).OrderBy(n => n), progress.Select(p => p.Finished));
        Assert.Equal(3, progress[^1].Finished);
        // After the first poll (job-3, first in the list): job-3 as last seen, the others as submitted.
        Assert.Equal(new[] { "job-3 Running", "job-1 Init", "job-2 Init" },
            progress[0].Pending.Select(j => $"{j.JobId} {j.Status}"));
    }

    [Fact]
    public async Task Duplicate_job_IDs_are_waited_for_once_and_share_one_outcome()
    {
        var jobs = new ScriptedJobs().FinishesAt("a", S(5)).FinishesAt("b", S(5));
        var finished = new List<JobOutcome>();

        var outcomes = await Wait(jobs, new[] { "a", "b", "a" }, onFinished: finished.Add);

        Assert.Equal(new[] { "a", "b", "a" }, outcomes.Select(o => o.JobId));
        Assert.Same(outcomes[0], outcomes[2]);
        Assert.Equal(2, finished.Count);
        Assert.Equal(jobs.PollTimes("b").Count, jobs.PollTimes("a").Count);
    }

    [Fact]
    public async Task No_job_IDs_means_no_polls_and_no_outcomes()
    {
        var jobs = new ScriptedJobs();
        var progressCalls = 0;
        Assert.Empty(await Wait(jobs, Array.Empty<string>(), onProgress: _ => progressCalls++));
        Assert.Empty(jobs.Polls);
        Assert.Equal(0, progressCalls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Empty_job_IDs_are_rejected(string? id)
    {
        var jobs = new ScriptedJobs();
        // Thrown by the call itself, before any task exists.
        var ex = Assert.Throws<EcsValidationException>(() => { _ = Wait(jobs, new[] { "ok", id! }); });
        Assert.Equal("JobId", ex.ParameterName);
        Assert.Contains("position 1", ex.Message);
    }

    public static TheoryData<string, Action<JobWaiterOptions>> BadOptions() => new()
    {
        { "MaxRequestsPerSecond", o => o.MaxRequestsPerSecond = 0 },
        { "MaxRequestsPerSecond", o => o.MaxRequestsPerSecond = -3 },
        { "MaxRequestsPerSecond", o => o.MaxRequestsPerSecond = double.NaN },
        { "MaxRequestsPerSecond", o => o.MaxRequestsPerSecond = double.PositiveInfinity },
        { "FirstDelay", o => o.FirstDelay = S(-1) },
        { "MaxInterval", o => o.MaxInterval = TimeSpan.Zero },
        { "MaxInterval", o => o.MaxInterval = S(-2) },
        { "BackoffFactor", o => o.BackoffFactor = 0.5 },
        { "BackoffFactor", o => o.BackoffFactor = double.NaN },
        { "Timeout", o => o.Timeout = TimeSpan.Zero },
        { "Timeout", o => o.Timeout = S(-5) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_rejected_naming_the_option(string name, Action<JobWaiterOptions> change)
    {
        var options = Options(new FakeClock(), change);
        var ex = Assert.Throws<EcsValidationException>(() => new JobWaiter((_, _) => Task.FromResult<EcsJob>(null!), options));
        Assert.Equal(name, ex.ParameterName);
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public async Task A_zero_first_delay_polls_at_once_then_grows_from_one_second()
    {
        var jobs = new ScriptedJobs().FinishesAt("job-z", S(4));
        await Wait(jobs, new[] { "job-z" }, o =>
        {
            o.FirstDelay = TimeSpan.Zero;
            o.BackoffFactor = 2;
            o.MaxInterval = S(8);
        });
        Assert.Equal(new[] { 0.0, 1, 3, 7 }, jobs.PollTimes("job-z").Select(t => t.TotalSeconds));
    }
}
