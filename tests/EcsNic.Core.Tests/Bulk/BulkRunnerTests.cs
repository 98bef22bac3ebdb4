using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using Xunit;

namespace EcsNic.Core.Tests.Bulk;

public sealed class BulkRunnerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static BulkRunner<Item, string> Runner(GatedWork work, int throttle = 8, CancellationToken cancellationToken = default) =>
        new(work.RunAsync, item => item.ExclusiveKeys, new BulkOptions { ThrottleLimit = throttle }, cancellationToken);

    [Fact]
    public async Task Results_come_out_in_posting_order_even_when_later_calls_finish_first()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        for (var i = 0; i < 4; i++) runner.Post(new Item(i, $"nic:{i}"));
        for (var i = 0; i < 4; i++) await work.WhenStarted(i);

        work.Release(3);
        work.Release(2);
        work.Release(1);
        work.Release(0);
        var results = await Drain(runner);

        Assert.Equal(new[] { 0, 1, 2, 3 }, results.Select(r => r.Index));
        Assert.Equal(new[] { "out0", "out1", "out2", "out3" }, results.Select(r => r.Output));
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(new[] { 0, 1, 2, 3 }, results.Select(r => r.Input.Id));
    }

    [Fact]
    public async Task TakeReady_hands_out_only_the_finished_head_of_posting_order()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        for (var i = 0; i < 3; i++) runner.Post(new Item(i, $"nic:{i}"));

        work.Release(1);
        await WhenFinished(runner, 1);
        Assert.Empty(runner.TakeReady());

        work.Release(0);
        await WhenFinished(runner, 2);
        Assert.Equal(new[] { 0, 1 }, runner.TakeReady().Select(r => r.Index));
        Assert.Empty(runner.TakeReady());

        work.Release(2);
        Assert.Equal(new[] { 2 }, (await Drain(runner)).Select(r => r.Index));
        Assert.Equal(3, runner.Posted);
        Assert.Equal(3, runner.Finished);
    }

    [Fact]
    public async Task Never_more_than_ThrottleLimit_calls_are_in_flight()
    {
        var work = new GatedWork();
        using var runner = Runner(work, throttle: 3);
        for (var i = 0; i < 12; i++) runner.Post(new Item(i, $"nic:{i}"));

        for (var i = 0; i < 3; i++) await work.WhenStarted(i);
        Assert.Equal(3, runner.Running);
        Assert.False(work.HasStarted(3));

        // Free one slot at a time: exactly the next input takes it.
        for (var i = 0; i < 9; i++)
        {
            work.Release(i);
            await work.WhenStarted(i + 3);
            Assert.Equal(3, runner.Running);
            if (i + 4 < 12) Assert.False(work.HasStarted(i + 4));
        }

        for (var i = 9; i < 12; i++) work.Release(i);
        var results = await Drain(runner);

        Assert.Equal(12, results.Count);
        Assert.Equal(3, work.MaxConcurrent);
        Assert.Equal(new[] { 0, 1, 2 }, work.StartOrder.Take(3).OrderBy(i => i)); // these three start together
        Assert.Equal(Enumerable.Range(3, 9), work.StartOrder.Skip(3));
    }

    [Fact]
    public async Task Calls_start_as_inputs_arrive_without_waiting_for_Complete_or_for_earlier_calls()
    {
        var work = new GatedWork();
        using var runner = Runner(work);

        runner.Post(new Item(0, "nic:a"));
        await work.WhenStarted(0);
        runner.Post(new Item(1, "nic:b"));
        await work.WhenStarted(1);

        // Both are running, neither finished, and Complete was never called.
        Assert.Equal(2, runner.Running);
        Assert.Equal(0, runner.Finished);
        work.Release(0);
        work.Release(1);
        Assert.Equal(2, (await Drain(runner)).Count);
    }

    [Fact]
    public async Task Post_returns_at_once_even_when_the_work_blocks_before_its_first_await()
    {
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var runner = new BulkRunner<int, int>((i, _) =>
        {
            entered.TrySetResult(true);
            release.Wait(TimeSpan.FromSeconds(30)); // synchronous work, as some SDK calls do before awaiting
            return Task.FromResult(i);
        }, _ => Array.Empty<BulkKey>(), new BulkOptions(), CancellationToken.None);

        runner.Post(1);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Had Post run the work on the caller's thread, we would not get here before release.
        Assert.Equal(0, runner.Finished);
        release.Set();
        Assert.Equal(new[] { 1 }, (await Drain(runner)).Select(r => r.Output));
    }

    [Fact]
    public async Task Calls_sharing_a_key_run_one_after_another_in_posting_order_while_disjoint_keys_overlap()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        runner.Post(new Item(0, "nic:x"));
        runner.Post(new Item(1, "nic:x"));
        runner.Post(new Item(2, "nic:y"));
        runner.Post(new Item(3, "nic:x"));

        await work.WhenStarted(0);
        await work.WhenStarted(2);
        Assert.Equal(2, runner.Running);
        Assert.False(work.HasStarted(1));
        Assert.False(work.HasStarted(3));

        work.Release(0);
        await work.WhenStarted(1);
        Assert.False(work.HasStarted(3));
        work.Release(1);
        await work.WhenStarted(3);
        work.Release(3);
        work.Release(2);
        var results = await Drain(runner);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.True(work.IndexOf("end", 0) < work.IndexOf("start", 1));
        Assert.True(work.IndexOf("end", 1) < work.IndexOf("start", 3));
        // The unrelated input overlapped the first one.
        Assert.True(work.IndexOf("start", 2) < work.IndexOf("end", 0));
        Assert.Equal(2, work.MaxConcurrent);
    }

    [Fact]
    public async Task Keys_compare_without_regard_to_case()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        runner.Post(new Item(0, "nic:ABC"));
        runner.Post(new Item(1, "NIC:abc"));
        await work.WhenStarted(0);
        Assert.False(work.HasStarted(1));
        work.Release(0);
        await work.WhenStarted(1);
        work.Release(1);
        Assert.Equal(2, (await Drain(runner)).Count);
        Assert.Equal(1, work.MaxConcurrent);
    }

    [Fact]
    public async Task A_call_never_overtakes_an_earlier_call_sharing_any_key_even_one_still_waiting_for_another_key()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        runner.Post(new Item(0, "nic:1"));
        runner.Post(new Item(1, "nic:1", "vip:s/10.0.0.5"));  // waits for nic:1
        runner.Post(new Item(2, "vip:s/10.0.0.5"));           // vip is free, but #1 is first in line for it
        runner.Post(new Item(3, "nic:9"));                    // unrelated: starts at once

        await work.WhenStarted(0);
        await work.WhenStarted(3);
        Assert.False(work.HasStarted(1));
        Assert.False(work.HasStarted(2));

        work.Release(0);
        await work.WhenStarted(1);
        Assert.False(work.HasStarted(2));
        work.Release(1);
        await work.WhenStarted(2);
        work.Release(2);
        work.Release(3);
        await Drain(runner);

        Assert.True(work.IndexOf("end", 1) < work.IndexOf("start", 2));
    }

    [Fact]
    public async Task A_blocked_key_holds_no_slot_and_does_not_starve_later_inputs()
    {
        var work = new GatedWork();
        using var runner = Runner(work, throttle: 2);
        runner.Post(new Item(0, "nic:hot"));
        runner.Post(new Item(1, "nic:hot"));
        runner.Post(new Item(2, "nic:hot"));
        runner.Post(new Item(3, "nic:a"));
        runner.Post(new Item(4, "nic:b"));
        runner.Post(new Item(5, "nic:c"));

        await work.WhenStarted(0);
        await work.WhenStarted(3);
        Assert.Equal(2, runner.Running);

        // #0 stays blocked throughout; the inputs queued behind it on nic:hot must not keep #4 and #5 waiting.
        work.Release(3);
        await work.WhenStarted(4);
        work.Release(4);
        await work.WhenStarted(5);
        work.Release(5);
        await WhenFinished(runner, 3);
        Assert.False(work.HasStarted(1));
        Assert.Empty(runner.TakeReady()); // #0 heads the posting order and is still running

        work.Release(0);
        await work.WhenStarted(1);
        work.Release(1);
        await work.WhenStarted(2);
        work.Release(2);
        var results = await Drain(runner);

        Assert.Equal(Enumerable.Range(0, 6), results.Select(r => r.Index));
        Assert.Equal(new[] { 0, 3 }, work.StartOrder.Take(2).OrderBy(i => i)); // these two start together
        Assert.Equal(new[] { 4, 5, 1, 2 }, work.StartOrder.Skip(2));
        Assert.True(work.IndexOf("start", 5) < work.IndexOf("end", 0));
    }

    [Fact]
    public async Task Calls_without_keys_overlap()
    {
        var work = new GatedWork();
        using var runner = new BulkRunner<Item, string>(work.RunAsync, _ => Array.Empty<BulkKey>(), new BulkOptions(),
            CancellationToken.None);
        runner.Post(new Item(0, "nic:x"));
        runner.Post(new Item(1, "nic:x"));

        await work.WhenStarted(0);
        await work.WhenStarted(1);
        Assert.Equal(2, runner.Running);
        work.Release(0);
        work.Release(1);
        await Drain(runner);

        Assert.Equal(2, work.MaxConcurrent);
    }

    [Fact]
    public async Task Under_load_calls_sharing_a_key_never_overlap_and_keep_posting_order()
    {
        var random = new Random(12345);
        var keys = new[] { "nic:a", "nic:b", "nic:c", "vip:s/10.0.0.1", "vip:s/10.0.0.2", "nic:d", "nic:e" };
        var items = Enumerable.Range(0, 300)
            .Select(i => new Item(i, keys.OrderBy(_ => random.Next()).Take(random.Next(0, 3)).ToArray()))
            .ToList();
        var active = new Dictionary<string, int>();
        var order = new Dictionary<string, List<int>>();
        var violations = new List<string>();
        var sync = new object();
        var concurrent = 0;
        var maxConcurrent = 0;

        async Task<int> WorkAsync(Item item, CancellationToken ct)
        {
            lock (sync)
            {
                foreach (var key in item.Keys)
                {
                    active.TryGetValue(key, out var n);
                    if (n != 0) violations.Add($"{item} overlapped on {key}");
                    active[key] = n + 1;
                    if (!order.TryGetValue(key, out var list)) order[key] = list = new List<int>();
                    list.Add(item.Id);
                }

                maxConcurrent = Math.Max(maxConcurrent, ++concurrent);
            }

            for (var i = 0; i < 1 + item.Id % 4; i++) await Task.Yield();
            lock (sync)
            {
                foreach (var key in item.Keys) active[key]--;
                concurrent--;
            }

            return item.Id;
        }

        using var runner = new BulkRunner<Item, int>(WorkAsync, item => item.ExclusiveKeys, new BulkOptions { ThrottleLimit = 6 },
            CancellationToken.None);
        foreach (var item in items) runner.Post(item);
        var results = await Drain(runner);

        Assert.Empty(violations);
        Assert.Equal(Enumerable.Range(0, 300), results.Select(r => r.Output));
        Assert.True(maxConcurrent <= 6, $"max concurrent {maxConcurrent}");
        foreach (var (key, ids) in order)
        {
            var expected = items.Where(i => i.Keys.Contains(key)).Select(i => i.Id);
            Assert.Equal(expected, ids);
        }
    }

    [Fact]
    public async Task One_failure_is_captured_in_its_result_and_the_rest_go_on()
    {
        var boom = new InvalidOperationException("boom");
        using var runner = new BulkRunner<int, int>((i, _) => i switch
        {
            1 => throw boom,                                         // throws before returning a task
            2 => Task.FromException<int>(new EcsApiException(409, "Ecs.0010", "IP in use", "req-1", "AssociateServerVirtualIp")),
            _ => Task.FromResult(i * 10),
        }, i => i == 3 ? throw new FormatException("bad key") : new[] { BulkKey.Exclusive($"nic:{i}") }, new BulkOptions(), CancellationToken.None);

        for (var i = 0; i < 5; i++) runner.Post(i);
        var results = await Drain(runner);

        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, results.Select(r => r.Index));
        Assert.True(results[0].Succeeded);
        Assert.Equal(0, results[0].Output);
        Assert.Same(boom, results[1].Error);
        Assert.Equal("Ecs.0010", Assert.IsType<EcsApiException>(results[2].Error).ErrorCode);
        Assert.Equal(0, results[2].Output);
        Assert.IsType<FormatException>(results[3].Error);
        Assert.Equal(40, results[4].Output);
        Assert.Equal(5, runner.Finished);
    }

    [Fact]
    public async Task Cancel_cancels_calls_in_flight_never_starts_queued_ones_and_lets_Complete_end()
    {
        var work = new GatedWork();
        using var runner = Runner(work, throttle: 2);
        runner.Post(new Item(0, "nic:a"));
        runner.Post(new Item(1, "nic:b"));
        runner.Post(new Item(2, "nic:c"));   // waits for a slot
        runner.Post(new Item(3, "nic:a"));   // waits for its key
        var token0 = await work.WhenStarted(0);
        var token1 = await work.WhenStarted(1);

        runner.Cancel();
        var results = await Drain(runner);

        Assert.True(token0.IsCancellationRequested);
        Assert.True(token1.IsCancellationRequested);
        Assert.Equal(2, work.Calls);
        Assert.False(work.HasStarted(2));
        Assert.False(work.HasStarted(3));
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.IsAssignableFrom<OperationCanceledException>(r.Error));
        runner.Cancel(); // a second Cancel is harmless
    }

    [Fact]
    public async Task Cancelling_the_given_token_works_like_Cancel_and_later_posts_finish_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var work = new GatedWork();
        using var runner = Runner(work, throttle: 1, cancellationToken: cts.Token);
        runner.Post(new Item(0, "nic:a"));
        runner.Post(new Item(1, "nic:b"));
        var token0 = await work.WhenStarted(0);

        cts.Cancel();
        runner.Post(new Item(2, "nic:c"));
        Assert.Equal(new[] { 0, 1, 2 }, (await Drain(runner)).Select(r => r.Index));

        Assert.True(token0.IsCancellationRequested);
        Assert.Equal(1, work.Calls);
        Assert.Equal(3, runner.Finished);
    }

    [Fact]
    public async Task A_token_cancelled_before_construction_fails_every_input_without_calling_it()
    {
        var work = new GatedWork();
        using var runner = Runner(work, cancellationToken: new CancellationToken(true));
        runner.Post(new Item(0, "nic:a"));
        var result = Assert.Single(await Drain(runner));
        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal(0, work.Calls);
    }

    [Fact]
    public async Task Dispose_cancels_and_later_posts_throw()
    {
        var work = new GatedWork();
        var runner = Runner(work, throttle: 1);
        runner.Post(new Item(0, "nic:a"));
        runner.Post(new Item(1, "nic:b"));
        var token0 = await work.WhenStarted(0);

        runner.Dispose();
        runner.Dispose();
        runner.Cancel();

        Assert.True(token0.IsCancellationRequested);
        Assert.Throws<ObjectDisposedException>(() => runner.Post(new Item(2)));
        var results = await Drain(runner);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.IsAssignableFrom<OperationCanceledException>(r.Error));
        Assert.Equal(1, work.Calls);
    }

    [Fact]
    public async Task Complete_marks_the_input_complete_and_handles_an_empty_run()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        var results = await Drain(runner);
        Assert.Throws<InvalidOperationException>(() => runner.Post(new Item(0)));
        Assert.Empty(results);
        Assert.Empty(runner.TakeReady());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(257)]
    [InlineData(int.MinValue)]
    public void ThrottleLimit_outside_1_to_256_is_rejected_naming_it_and_the_value(int limit)
    {
        var ex = Assert.Throws<EcsValidationException>(() => new BulkRunner<int, int>((i, _) => Task.FromResult(i),
            _ => Array.Empty<BulkKey>(), new BulkOptions { ThrottleLimit = limit }, CancellationToken.None));
        Assert.Equal("ThrottleLimit", ex.ParameterName);
        Assert.Contains("ThrottleLimit", ex.Message);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    public async Task ThrottleLimit_at_the_bounds_is_accepted(int limit)
    {
        using var runner = new BulkRunner<int, int>((i, _) => Task.FromResult(i), _ => Array.Empty<BulkKey>(),
            new BulkOptions { ThrottleLimit = limit }, CancellationToken.None);
        runner.Post(7);
        Assert.Equal(7, Assert.Single(await Drain(runner)).Output);
    }

    /// <summary>Completes the runner and takes every result, so a broken runner fails the test instead of hanging it.</summary>
    private static async Task<List<BulkResult<TIn, TOut>>> Drain<TIn, TOut>(BulkRunner<TIn, TOut> runner)
    {
        await runner.CompleteAsync().WaitAsync(HangGuard);
        return runner.TakeReady().ToList();
    }

    /// <summary>Waits until the runner reports <paramref name="count"/> finished inputs.</summary>
    private static async Task WhenFinished<TIn, TOut>(BulkRunner<TIn, TOut> runner, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (runner.Finished < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"only {runner.Finished} of {count} finished");
            await Task.Delay(1);
        }
    }
}
