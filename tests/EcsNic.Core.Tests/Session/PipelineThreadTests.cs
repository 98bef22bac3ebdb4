using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Session;
using Xunit;

namespace EcsNic.Core.Tests.Session;

public sealed class PipelineThreadTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    [Fact]
    public void Logger_keeps_only_the_levels_asked_for_and_drains_in_order()
    {
        var logger = new QueuedLogger(verbose: true, debug: false);
        logger.Log(EcsLogLevel.Debug, "wire");
        logger.Log(EcsLogLevel.Verbose, "one");
        logger.Log(EcsLogLevel.Warning, "two");
        logger.Log(EcsLogLevel.Verbose, "three");
        var lines = new List<string>();
        logger.Drain((level, message) => lines.Add($"{level}:{message}"));
        Assert.Equal(new[] { "Verbose:one", "Warning:two", "Verbose:three" }, lines);
        Assert.Equal(0, logger.Pending);
    }

    [Fact]
    public void Logger_keeps_warnings_even_when_quiet()
    {
        var logger = new QueuedLogger(verbose: false, debug: false);
        logger.Log(EcsLogLevel.Verbose, "v");
        logger.Log(EcsLogLevel.Warning, "w");
        var lines = new List<string>();
        logger.Drain((_, message) => lines.Add(message));
        Assert.Equal(new[] { "w" }, lines);
    }

    [Fact]
    public void Logger_drops_beyond_capacity_and_says_so()
    {
        var logger = new QueuedLogger(verbose: true, debug: true, capacity: 2);
        for (var i = 0; i < 5; i++) logger.Log(EcsLogLevel.Debug, "line " + i);
        var lines = new List<(EcsLogLevel Level, string Message)>();
        logger.Drain((level, message) => lines.Add((level, message)));
        Assert.Equal(3, lines.Count);
        Assert.Equal(EcsLogLevel.Warning, lines[0].Level);
        Assert.Contains("3 log line(s) were dropped", lines[0].Message);
        Assert.Equal(new[] { "line 0", "line 1" }, lines.Skip(1).Select(l => l.Message));
    }

    [Fact]
    public void Logger_takes_lines_from_many_threads_without_losing_any()
    {
        var logger = new QueuedLogger(verbose: true, debug: false);
        Parallel.For(0, 8, t =>
        {
            for (var i = 0; i < 500; i++) logger.Log(EcsLogLevel.Verbose, $"{t}:{i}");
        });
        var lines = new List<string>();
        logger.Drain((_, message) => lines.Add(message));
        Assert.Equal(4000, lines.Count);
        Assert.Equal(4000, lines.Distinct().Count());
        // Each thread's lines stay in that thread's order.
        foreach (var group in lines.GroupBy(l => l.Split(':')[0]))
            Assert.Equal(Enumerable.Range(0, 500), group.Select(l => int.Parse(l.Split(':')[1])));
    }

    [Fact]
    public void Pump_ticks_on_the_waiting_thread_until_the_task_ends_and_returns_its_result()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waitingThread = Environment.CurrentManagedThreadId;
        var ticks = 0;
        var result = PipelinePump.Wait(source.Task, Tick, () =>
        {
            Assert.Equal(waitingThread, Environment.CurrentManagedThreadId);
            if (++ticks == 3) Task.Run(() => source.SetResult(42));
        });
        Assert.Equal(42, result);
        Assert.True(ticks >= 3);
    }

    [Fact]
    public void Pump_rethrows_the_task_exception_itself()
    {
        var failed = Task.FromException<int>(new EcsValidationException("NicId", "x", "is bad."));
        var ex = Assert.Throws<EcsValidationException>(() => PipelinePump.Wait(failed, Tick, null));
        Assert.Equal("NicId", ex.ParameterName);
    }

    [Fact]
    public void Pump_rethrows_cancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PipelinePump.Wait(Task.Delay(Timeout.Infinite, cts.Token), Tick, null));
    }

    [Fact]
    public void Pump_does_not_tick_for_a_task_that_has_already_finished()
    {
        var ticks = 0;
        PipelinePump.Wait(Task.CompletedTask, Tick, () => ticks++);
        Assert.Equal(0, ticks);
        Assert.Equal("x", PipelinePump.Wait(Task.FromResult("x"), Tick, () => ticks++));
    }

    [Fact]
    public async Task Callback_queue_delivers_items_from_other_threads_in_order_on_the_pumping_thread()
    {
        using var queue = new CallbackQueue<int>();
        var pumpThread = Environment.CurrentManagedThreadId;
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 100; i++) queue.Post(i);
            queue.Complete();
        });
        var items = new List<int>();
        queue.Pump(i =>
        {
            Assert.Equal(pumpThread, Environment.CurrentManagedThreadId);
            items.Add(i);
        }, null, Tick, CancellationToken.None);
        await producer;
        Assert.Equal(Enumerable.Range(0, 100), items);
    }

    [Fact]
    public void Callback_queue_ticks_while_idle_and_ignores_posts_after_complete()
    {
        using var queue = new CallbackQueue<string>();
        var ticks = 0;
        var items = new List<string>();
        queue.Post("first");
        queue.Pump(items.Add, () =>
        {
            if (++ticks == 3)
            {
                queue.Post("second");
                queue.Complete();
                queue.Post("late");
            }
        }, Tick, CancellationToken.None);
        Assert.Equal(new[] { "first", "second" }, items);
        Assert.True(ticks >= 3);
    }

    [Fact]
    public void Callback_queue_pump_stops_on_cancellation()
    {
        using var queue = new CallbackQueue<int>();
        using var cts = new CancellationTokenSource();
        var ticks = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => queue.Pump(_ => { }, () =>
        {
            if (++ticks == 2) cts.Cancel();
        }, Tick, cts.Token));
    }

    [Fact]
    public void Callback_queue_ignores_posts_after_dispose()
    {
        var queue = new CallbackQueue<int>();
        queue.Dispose();
        queue.Post(1);
        queue.Complete();
    }
}
