using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;
using Xunit;

namespace EcsNic.Core.Tests.Bulk;

/// <summary>
/// Which ready call starts when a slot frees: the one with the most calls queued behind it on one of its keys, so long
/// per-key chains (one virtual IP bound to many NICs) start early and do not end up running alone at the end.
/// </summary>
public sealed class BulkRunnerSchedulingTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_ready_call_with_a_longer_queue_behind_it_starts_before_an_earlier_call_without_one()
    {
        var work = new GatedWork();
        using var runner = Runner(work, throttle: 1);
        runner.Post(new Item(0, "nic:x"));
        runner.Post(new Item(1, "vip:b"));
        runner.Post(new Item(2, "vip:a"));
        runner.Post(new Item(3, "vip:a"));
        runner.Post(new Item(4, "vip:a"));

        // #1 and #2 are both ready while #0 holds the only slot; #2 has two more calls queued behind it.
        var order = await ReleaseOneByOne(runner, work, 5);

        Assert.Equal(new[] { 0, 2, 3, 1, 4 }, order);
    }

    [Fact]
    public async Task Chains_posted_one_after_another_run_side_by_side_and_keep_every_slot_busy()
    {
        await RunThreeChainsOnTwoSlots(new GatedWork());
    }

    [Fact]
    public async Task The_start_order_is_the_runners_decision_order_even_when_a_launched_call_is_slow_to_start()
    {
        // Issue 11: under load the call launched second (#4) once recorded its start after the one launched on the next
        // release (#8), and the test read [0, 8, 4, ...]. Here #4 is held back before it records its start, as a busy
        // thread pool would; the order must not change.
        await RunThreeChainsOnTwoSlots(new GatedWork { BeforeStart = id => id == 4 ? Task.Delay(300) : Task.CompletedTask });
    }

    // Three virtual IPs with four NICs each, posted VIP by VIP, two slots. Lowest-index-first would run VIP a and VIP b to
    // the end side by side, then VIP c alone: 8 rounds. Longest-queue-first takes 6 = 12 calls / 2 slots.
    private static async Task RunThreeChainsOnTwoSlots(GatedWork work)
    {
        using var runner = Runner(work, throttle: 2);
        var id = 0;
        foreach (var vip in new[] { "a", "b", "c" })
        {
            for (var nic = 0; nic < 4; nic++) runner.Post(new Item(id++, "nic:" + vip + nic, "vip:" + vip));
            // Calls launch on the thread pool; let the first one record its start before the second can launch, so the
            // recorded start order is the runner's decision order.
            if (vip == "a") await work.WhenStarted(0);
        }

        var order = await ReleaseOneByOne(runner, work, 12);

        Assert.Equal(new[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, order);
        Assert.Equal(2, work.MaxConcurrent);
        await runner.CompleteAsync().WaitAsync(HangGuard);
        var results = runner.TakeReady();
        Assert.Equal(Enumerable.Range(0, 12), results.Select(r => r.Index));
    }

    [Fact]
    public async Task Calls_without_keys_or_with_equal_queues_still_start_in_posting_order()
    {
        var work = new GatedWork();
        using var runner = Runner(work, throttle: 1);
        runner.Post(new Item(0));
        runner.Post(new Item(1, "nic:a"));
        runner.Post(new Item(2));
        runner.Post(new Item(3, "nic:b"));

        var order = await ReleaseOneByOne(runner, work, 4);

        Assert.Equal(new[] { 0, 1, 2, 3 }, order);
    }

    private static BulkRunner<Item, string> Runner(GatedWork work, int throttle) =>
        new(work.RunAsync, item => item.ExclusiveKeys, new BulkOptions { ThrottleLimit = throttle }, CancellationToken.None);

    /// <summary>
    /// Releases the running call that started first, waits until the runner has made the start it makes room for, and so
    /// on until <paramref name="count"/> calls have ended; returns the start order.
    /// </summary>
    /// <remarks>
    /// The runner picks the next call under its lock when the released one finishes, then launches it on the thread pool,
    /// where it records its start. Before each release, every launched call (finished + running) must have recorded its
    /// start, so at most one launch is ever outstanding and the recorded order is the order the runner decided in, however
    /// late the thread pool runs them (under load two launches could otherwise record in either order). A scheduler that
    /// leaves a slot idle launches nothing; the start order then shows it, and a scheduler that leaves every slot idle
    /// with calls waiting fails here.
    /// </remarks>
    private static async Task<IReadOnlyList<int>> ReleaseOneByOne(BulkRunner<Item, string> runner, GatedWork work, int count)
    {
        var released = new List<int>();
        while (released.Count < count)
        {
            await Until(() => work.StartOrder.Count == runner.Finished + runner.Running, work);
            var next = work.StartOrder.FirstOrDefault(i => !released.Contains(i), -1);
            if (next < 0)
                throw new InvalidOperationException($"nothing runs and {count - released.Count} calls never started; starts {string.Join(",", work.StartOrder)}");
            released.Add(next);
            work.Release(next);
            await Until(() => runner.Finished == released.Count, work);
        }

        return work.StartOrder;
    }

    // Polls a condition that the runner reaches on its own; the deadline only guards against a hang.
    private static async Task Until(Func<bool> condition, GatedWork work)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"stuck after starts {string.Join(",", work.StartOrder)}");
            await Task.Delay(1);
        }
    }
}
