using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;
using Xunit;

namespace EcsNic.Core.Tests.Bulk;

/// <summary>
/// Shared and exclusive keys, and several runners ordered by one coordinator. Keys written "s:name" are held shared,
/// others exclusively.
/// </summary>
public sealed class BulkKeyCoordinatorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static IEnumerable<BulkKey> Keys(Item item) =>
        item.Keys.Select(k => k.StartsWith("s:", StringComparison.Ordinal) ? BulkKey.Shared(k.Substring(2)) : BulkKey.Exclusive(k));

    private static BulkRunner<Item, string> Runner(GatedWork work, BulkKeyCoordinator? coordinator = null, int throttle = 8,
        CancellationToken cancellationToken = default) =>
        new(work.RunAsync, Keys, new BulkOptions { ThrottleLimit = throttle, Coordinator = coordinator }, cancellationToken);

    [Fact]
    public async Task Shared_holders_overlap_and_an_exclusive_one_waits_for_all_of_them_then_runs_alone()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        runner.Post(new Item(0, "s:subnet"));
        runner.Post(new Item(1, "s:subnet"));
        runner.Post(new Item(2, "subnet"));
        runner.Post(new Item(3, "s:subnet"));

        await work.WhenStarted(0);
        await work.WhenStarted(1);
        Assert.False(work.HasStarted(2));
        // A later shared call does not jump the exclusive one waiting before it.
        Assert.False(work.HasStarted(3));

        work.Release(0);
        Assert.False(work.HasStarted(2));
        work.Release(1);
        await work.WhenStarted(2);
        Assert.False(work.HasStarted(3));
        work.Release(2);
        await work.WhenStarted(3);
        work.Release(3);
        await Drain(runner);

        Assert.True(work.IndexOf("end", 1) < work.IndexOf("start", 2));
        Assert.True(work.IndexOf("end", 2) < work.IndexOf("start", 3));
        Assert.Equal(2, work.MaxConcurrent);
    }

    [Fact]
    public async Task Many_shared_holders_with_distinct_exclusive_keys_all_run_at_once()
    {
        var work = new GatedWork();
        using var runner = Runner(work, throttle: 32);
        for (var i = 0; i < 20; i++) runner.Post(new Item(i, $"nic:{i}", $"vip:{i}", "s:subnet", "s:any"));

        for (var i = 0; i < 20; i++) await work.WhenStarted(i);
        Assert.Equal(20, runner.Running);
        for (var i = 0; i < 20; i++) work.Release(i);
        await Drain(runner);
        Assert.Equal(20, work.MaxConcurrent);
    }

    [Fact]
    public async Task A_key_named_in_both_modes_is_held_exclusively()
    {
        var work = new GatedWork();
        using var runner = Runner(work);
        runner.Post(new Item(0, "s:k", "K"));
        runner.Post(new Item(1, "s:k"));

        await work.WhenStarted(0);
        Assert.False(work.HasStarted(1));
        work.Release(0);
        await work.WhenStarted(1);
        work.Release(1);
        await Drain(runner);
        Assert.Equal(1, work.MaxConcurrent);
    }

    [Fact]
    public async Task Two_runners_on_one_coordinator_serialise_a_common_key_in_posting_order_across_them()
    {
        var coordinator = new BulkKeyCoordinator();
        var work = new GatedWork();
        using var set = Runner(work, coordinator);
        using var remove = Runner(work, coordinator);
        set.Post(new Item(0, "nic:a", "s:subnet"));
        remove.Post(new Item(1, "nic:b", "subnet"));
        set.Post(new Item(2, "nic:c", "s:subnet"));
        remove.Post(new Item(3, "nic:d", "nic:e"));

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
        await Task.WhenAll(Drain(set), Drain(remove));

        Assert.True(work.IndexOf("end", 0) < work.IndexOf("start", 1));
        Assert.True(work.IndexOf("end", 1) < work.IndexOf("start", 2));
        Assert.Equal(0, coordinator.ActiveKeys);
    }

    [Fact]
    public async Task Separate_coordinators_do_not_order_each_other()
    {
        var work = new GatedWork();
        using var first = Runner(work);
        using var second = Runner(work);
        first.Post(new Item(0, "nic:a"));
        second.Post(new Item(1, "nic:a"));

        await work.WhenStarted(0);
        await work.WhenStarted(1);
        work.Release(0);
        work.Release(1);
        await Task.WhenAll(Drain(first), Drain(second));
        Assert.NotSame(first.Coordinator, second.Coordinator);
    }

    [Fact]
    public async Task Each_runner_keeps_its_own_throttle_limit_on_a_shared_coordinator()
    {
        var coordinator = new BulkKeyCoordinator();
        var work = new GatedWork();
        using var narrow = Runner(work, coordinator, throttle: 1);
        using var wide = Runner(work, coordinator, throttle: 4);
        narrow.Post(new Item(0, "nic:0"));
        narrow.Post(new Item(1, "nic:1"));
        for (var i = 10; i < 14; i++) wide.Post(new Item(i, $"nic:{i}"));

        await work.WhenStarted(0);
        for (var i = 10; i < 14; i++) await work.WhenStarted(i);
        Assert.False(work.HasStarted(1));
        Assert.Equal(1, narrow.Running);
        Assert.Equal(4, wide.Running);

        work.Release(0);
        await work.WhenStarted(1);
        foreach (var id in new[] { 1, 10, 11, 12, 13 }) work.Release(id);
        await Task.WhenAll(Drain(narrow), Drain(wide));
    }

    [Fact]
    public async Task A_call_ready_but_throttled_keeps_its_place_so_another_runner_cannot_overtake_it()
    {
        var coordinator = new BulkKeyCoordinator();
        var work = new GatedWork();
        using var full = Runner(work, coordinator, throttle: 1);
        using var other = Runner(work, coordinator);
        full.Post(new Item(0, "nic:busy"));
        full.Post(new Item(1, "nic:shared"));   // may take its key, but its runner has no free slot
        other.Post(new Item(2, "nic:shared"));  // posted later: must wait for #1

        await work.WhenStarted(0);
        Assert.False(work.HasStarted(1));
        Assert.False(work.HasStarted(2));

        work.Release(0);
        await work.WhenStarted(1);
        Assert.False(work.HasStarted(2));
        work.Release(1);
        await work.WhenStarted(2);
        work.Release(2);
        await Task.WhenAll(Drain(full), Drain(other));
        Assert.True(work.IndexOf("end", 1) < work.IndexOf("start", 2));
    }

    [Fact]
    public async Task Cancelling_one_runner_takes_its_waiting_calls_out_of_line_and_wakes_the_other_runner()
    {
        var coordinator = new BulkKeyCoordinator();
        var work = new GatedWork();
        using var cancelled = Runner(work, coordinator);
        using var survivor = Runner(work, coordinator);
        survivor.Post(new Item(0, "nic:a"));
        cancelled.Post(new Item(1, "nic:a", "subnet"));   // waits for #0
        survivor.Post(new Item(2, "s:subnet"));           // waits for #1's exclusive claim on subnet

        await work.WhenStarted(0);
        Assert.False(work.HasStarted(2));
        cancelled.Cancel();

        // #1 never starts; #2 no longer waits behind it.
        await work.WhenStarted(2);
        var results = await Drain(cancelled);
        Assert.IsAssignableFrom<OperationCanceledException>(Assert.Single(results).Error);
        Assert.False(work.HasStarted(1));
        work.Release(0);
        work.Release(2);
        Assert.All(await Drain(survivor), r => Assert.True(r.Succeeded));
        Assert.Equal(0, coordinator.ActiveKeys);
    }

    [Fact]
    public async Task A_ready_call_whose_line_shrinks_when_another_runner_is_cancelled_loses_its_rank()
    {
        var coordinator = new BulkKeyCoordinator();
        var work = new GatedWork();
        using var runner = Runner(work, coordinator, throttle: 1);
        using var cancelled = Runner(work, coordinator);
        runner.Post(new Item(0, "nic:x"));
        await work.WhenStarted(0);
        runner.Post(new Item(1, "vip:a"));      // ready behind the busy slot; three in line on vip:a with #2 and #3
        cancelled.Post(new Item(2, "vip:a"));
        cancelled.Post(new Item(3, "vip:a"));
        runner.Post(new Item(4, "vip:b"));      // ready; two in line on vip:b
        runner.Post(new Item(5, "vip:b"));
        cancelled.Cancel();                     // vip:a's line is #1 alone now

        work.Release(0);
        await work.WhenStarted(4);
        Assert.False(work.HasStarted(1));
        work.Release(4);
        // #1 and #5 both have a line of one: the earlier goes first.
        await work.WhenStarted(1);
        Assert.False(work.HasStarted(5));
        work.Release(1);
        await work.WhenStarted(5);
        work.Release(5);

        Assert.All(await Drain(runner), r => Assert.True(r.Succeeded));
        Assert.All(await Drain(cancelled), r => Assert.IsAssignableFrom<OperationCanceledException>(r.Error));
        Assert.False(work.HasStarted(2) || work.HasStarted(3));
        Assert.Equal(0, coordinator.ActiveKeys);
    }

    [Fact]
    public async Task Disposing_a_runner_with_calls_in_flight_releases_their_keys_when_they_end()
    {
        var coordinator = new BulkKeyCoordinator();
        var work = new GatedWork();
        var disposed = Runner(work, coordinator);
        using var next = Runner(work, coordinator);
        disposed.Post(new Item(0, "nic:a"));
        await work.WhenStarted(0);
        next.Post(new Item(1, "nic:a"));
        disposed.Dispose();

        // The call in flight was cancelled; when it ends, the key is free for the other runner.
        await work.WhenStarted(1);
        work.Release(1);
        Assert.True(Assert.Single(await Drain(next)).Succeeded);
        Assert.Equal(0, coordinator.ActiveKeys);
    }

    [Fact]
    public async Task Under_load_two_runners_never_overlap_conflicting_calls_and_keep_posting_order_across_runners()
    {
        var random = new Random(4242);
        var names = new[] { "nic:a", "nic:b", "nic:c", "nic:d", "vip:1", "vip:2", "subnet:x", "subnet:y" };
        var items = Enumerable.Range(0, 400).Select(i =>
        {
            var keys = names.OrderBy(_ => random.Next()).Take(random.Next(0, 4))
                .Select(k => k.StartsWith("subnet", StringComparison.Ordinal) && random.Next(4) > 0 ? "s:" + k : k)
                .ToArray();
            return new Item(i, keys);
        }).ToList();
        var sync = new object();
        var exclusive = new Dictionary<string, int>();
        var shared = new Dictionary<string, int>();
        var started = new Dictionary<string, List<(int Id, bool Shared)>>();
        var violations = new List<string>();

        async Task<string> WorkAsync(Item item, CancellationToken ct)
        {
            lock (sync)
            {
                foreach (var key in Keys(item))
                {
                    exclusive.TryGetValue(key.Name, out var x);
                    shared.TryGetValue(key.Name, out var s);
                    var isShared = key.Mode == BulkKeyMode.Shared;
                    if (x > 0 || (!isShared && s > 0)) violations.Add($"{item} overlapped on {key}");
                    if (isShared) shared[key.Name] = s + 1;
                    else exclusive[key.Name] = x + 1;
                    if (!started.TryGetValue(key.Name, out var list)) started[key.Name] = list = new List<(int, bool)>();
                    list.Add((item.Id, isShared));
                }
            }

            for (var i = 0; i < 1 + item.Id % 5; i++) await Task.Yield();
            lock (sync)
            {
                foreach (var key in Keys(item))
                {
                    if (key.Mode == BulkKeyMode.Shared) shared[key.Name]--;
                    else exclusive[key.Name]--;
                }
            }

            return "ok";
        }

        var coordinator = new BulkKeyCoordinator();
        BulkRunner<Item, string> Make(int throttle) =>
            new(WorkAsync, Keys, new BulkOptions { ThrottleLimit = throttle, Coordinator = coordinator }, CancellationToken.None);
        using var first = Make(3);
        using var second = Make(5);
        foreach (var item in items) (item.Id % 3 == 0 ? second : first).Post(item);
        var results = (await Task.WhenAll(Drain(first), Drain(second))).SelectMany(r => r).ToList();

        Assert.Empty(violations);
        Assert.Equal(400, results.Count(r => r.Succeeded));
        Assert.Equal(0, coordinator.ActiveKeys);
        // Calls in conflict (any exclusive holder among two on a key) started in posting order.
        foreach (var (key, list) in started)
        {
            for (var i = 0; i < list.Count; i++)
            for (var j = i + 1; j < list.Count; j++)
            {
                if (list[i].Shared && list[j].Shared) continue;
                Assert.True(list[i].Id < list[j].Id, $"on {key}, #{list[j].Id} started before #{list[i].Id}");
            }
        }
    }

    [Fact]
    public void Keys_compare_ignoring_case_and_by_mode()
    {
        var key = BulkKey.Exclusive("nic:AB");
        Assert.Equal(BulkKeyMode.Exclusive, key.Mode);
        Assert.Equal(BulkKey.Exclusive("NIC:ab"), key);
        Assert.NotEqual(BulkKey.Shared("nic:ab"), key);
        Assert.Equal("nic:ab (shared)", BulkKey.Shared("nic:ab").ToString());
        Assert.Throws<ArgumentNullException>(() => BulkKey.Exclusive(null!));
    }

    private static async Task<List<BulkResult<TIn, TOut>>> Drain<TIn, TOut>(BulkRunner<TIn, TOut> runner)
    {
        await runner.CompleteAsync().WaitAsync(HangGuard);
        return runner.TakeReady().ToList();
    }
}
