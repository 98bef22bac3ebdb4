using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;
using Xunit;

namespace EcsNic.Core.Tests.Bulk;

/// <summary>BulkOptions.ResultReady and BulkRunner.CompleteAsync: being told of results without blocking or polling.</summary>
public sealed class BulkRunnerSignalTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ResultReady_is_called_outside_the_lock_each_time_the_head_of_posting_order_finishes()
    {
        var work = new GatedWork();
        var takes = new ConcurrentQueue<int[]>();
        var underLock = 0;
        using var signalled = new SemaphoreSlim(0);
        BulkRunner<Item, string>? runner = null;
        var options = new BulkOptions
        {
            ResultReady = () =>
            {
                if (Monitor.IsEntered(runner!.Coordinator.Gate)) Interlocked.Increment(ref underLock);
                takes.Enqueue(runner.TakeReady().Select(r => r.Index).ToArray());
                signalled.Release();
            },
        };
        runner = new BulkRunner<Item, string>(work.RunAsync, item => item.ExclusiveKeys, options, CancellationToken.None);
        using (runner)
        {
            for (var i = 0; i < 3; i++) runner.Post(new Item(i, $"nic:{i}"));
            for (var i = 0; i < 3; i++) await work.WhenStarted(i);

            // #1 finishing makes nothing takeable: #0 is still running.
            work.Release(1);
            await WaitUntil(() => runner.Finished == 1);
            work.Release(0);
            Assert.True(await signalled.WaitAsync(HangGuard));
            work.Release(2);
            Assert.True(await signalled.WaitAsync(HangGuard));
            await runner.CompleteAsync().WaitAsync(HangGuard);
        }

        Assert.Equal(new[] { new[] { 0, 1 }, new[] { 2 } }, takes.ToArray());
        Assert.Equal(0, underLock);
    }

    [Fact]
    public void ResultReady_is_called_on_the_posting_thread_for_an_input_whose_keys_cannot_be_computed()
    {
        var thread = -1;
        using var runner = new BulkRunner<int, int>((i, _) => Task.FromResult(i),
            _ => throw new FormatException("bad key"),
            new BulkOptions { ResultReady = () => thread = Environment.CurrentManagedThreadId }, CancellationToken.None);

        runner.Post(1);

        Assert.Equal(Environment.CurrentManagedThreadId, thread);
        var result = Assert.Single(runner.TakeReady());
        Assert.IsType<FormatException>(result.Error);
    }

    [Fact]
    public async Task A_ResultReady_that_throws_does_not_stop_the_runner()
    {
        var calls = 0;
        using var runner = new BulkRunner<int, int>(async (i, _) =>
        {
            await Task.Yield();
            return i * 10;
        }, _ => new[] { BulkKey.Exclusive("nic:same") }, new BulkOptions
        {
            ResultReady = () =>
            {
                Interlocked.Increment(ref calls);
                throw new InvalidOperationException("a broken listener");
            },
        }, CancellationToken.None);

        for (var i = 0; i < 5; i++) runner.Post(i);
        await runner.CompleteAsync().WaitAsync(HangGuard);

        Assert.Equal(new[] { 0, 10, 20, 30, 40 }, runner.TakeReady().Select(r => r.Output));
        Assert.InRange(Volatile.Read(ref calls), 1, 5);
    }

    [Fact]
    public async Task CompleteAsync_ends_when_every_posted_call_has_finished_and_then_every_result_is_takeable()
    {
        var work = new GatedWork();
        using var runner = new BulkRunner<Item, string>(work.RunAsync, item => item.ExclusiveKeys, new BulkOptions(),
            CancellationToken.None);
        runner.Post(new Item(0, "nic:a"));
        runner.Post(new Item(1, "nic:b"));
        await work.WhenStarted(0);
        await work.WhenStarted(1);

        var completion = runner.CompleteAsync();
        Assert.Same(completion, runner.CompleteAsync());
        Assert.Throws<InvalidOperationException>(() => runner.Post(new Item(2, "nic:c")));
        work.Release(1);
        await WaitUntil(() => runner.Finished == 1);
        Assert.False(completion.IsCompleted);

        work.Release(0);
        await completion.WaitAsync(HangGuard);

        Assert.Equal(TaskStatus.RanToCompletion, completion.Status);
        Assert.Equal(new[] { "out0", "out1" }, runner.TakeReady().Select(r => r.Output));
        Assert.Equal(2, runner.Posted);
    }

    [Fact]
    public void CompleteAsync_with_nothing_posted_has_already_ended()
    {
        using var runner = new BulkRunner<int, int>((i, _) => Task.FromResult(i), _ => Array.Empty<BulkKey>(),
            new BulkOptions(), CancellationToken.None);

        Assert.Equal(TaskStatus.RanToCompletion, runner.CompleteAsync().Status);
        Assert.Empty(runner.TakeReady());
    }

    [Fact]
    public async Task CompleteAsync_after_cancellation_ends_once_the_call_in_flight_ends_and_never_fails()
    {
        var work = new GatedWork();
        using var runner = new BulkRunner<Item, string>(work.RunAsync, item => item.ExclusiveKeys, new BulkOptions(),
            CancellationToken.None);
        runner.Post(new Item(0, "nic:a"));
        runner.Post(new Item(1, "nic:a"));
        await work.WhenStarted(0);
        var completion = runner.CompleteAsync();

        runner.Cancel();
        await completion.WaitAsync(HangGuard);

        var results = runner.TakeReady();
        Assert.Equal(new[] { 0, 1 }, results.Select(r => r.Index));
        Assert.All(results, r => Assert.IsAssignableFrom<OperationCanceledException>(r.Error));
        Assert.False(work.HasStarted(1));
    }

    [Fact]
    public async Task A_pump_woken_only_by_ResultReady_gets_every_result_in_order()
    {
        using var signalled = new SemaphoreSlim(0);
        var random = new Random(16);
        var keys = Enumerable.Range(0, 300)
            .Select(_ => new[] { BulkKey.Exclusive($"vip:{random.Next(20)}"), BulkKey.Exclusive($"nic:{random.Next(60)}") })
            .ToArray();
        using var runner = new BulkRunner<int, int>(async (i, _) =>
        {
            await Task.Yield();
            return i;
        }, i => keys[i], new BulkOptions { ThrottleLimit = 16, ResultReady = () => signalled.Release() }, CancellationToken.None);

        // As a pipeline thread would: post, take what is ready, and once the input ends wait for the signal alone.
        var taken = new List<int>();
        for (var i = 0; i < keys.Length; i++)
        {
            runner.Post(i);
            taken.AddRange(runner.TakeReady().Select(r => r.Output));
        }

        var completion = runner.CompleteAsync();
        while (taken.Count < keys.Length)
        {
            Assert.True(await signalled.WaitAsync(HangGuard), $"no signal after {taken.Count} results");
            taken.AddRange(runner.TakeReady().Select(r => r.Output));
        }

        await completion.WaitAsync(HangGuard);
        Assert.Equal(Enumerable.Range(0, keys.Length), taken);
        Assert.Empty(runner.TakeReady());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition()) await Task.Delay(1, guard.Token);
    }
}
