using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Bulk;
using Xunit;

namespace EcsNic.Core.Tests.Bulk;

/// <summary>
/// The ready queue (a heap of ready calls, longest chain first, then earliest posted) and the coordinator keeping each
/// ready call's rank up to date as lanes grow and shrink, checked against a plain scan of every ready call.
/// </summary>
public sealed class BulkReadyQueueTests
{
    [Fact]
    public void Takes_the_longest_chain_first_and_the_earliest_posted_among_equals()
    {
        var queue = new BulkReadyQueue();
        var claims = Enumerable.Range(1, 5).Select(i => Claim(i)).ToArray();
        var chains = new[] { 1, 3, 2, 3, 1 };
        for (var i = 0; i < claims.Length; i++) queue.Add(claims[i], chains[i]);

        var order = new List<long>();
        while (queue.Count > 0) order.Add(queue.TakeFirst().Sequence);

        Assert.Equal(new long[] { 2, 4, 3, 1, 5 }, order);
        Assert.All(claims, c => Assert.False(queue.Contains(c)));
    }

    [Fact]
    public void A_claim_reranked_up_or_down_moves_to_its_new_place()
    {
        var queue = new BulkReadyQueue();
        var a = Claim(1);
        var b = Claim(2);
        var c = Claim(3);
        queue.Add(a, 5);
        queue.Add(b, 4);
        queue.Add(c, 1);
        Assert.Same(a, queue.Peek());

        queue.Rerank(c, 9);
        Assert.Same(c, queue.Peek());
        queue.Rerank(c, 1);
        queue.Rerank(a, 2);
        Assert.Same(b, queue.Peek());
        // Equal chains: the earlier posted first.
        queue.Rerank(c, 2);

        Assert.Equal(new[] { b, a, c }, new[] { queue.TakeFirst(), queue.TakeFirst(), queue.TakeFirst() });
    }

    [Fact]
    public void Adding_twice_reranking_an_absent_claim_and_taking_from_an_empty_queue_are_refused()
    {
        var queue = new BulkReadyQueue();
        var a = Claim(1);
        queue.Add(a, 1);
        Assert.Throws<InvalidOperationException>(() => queue.Add(a, 2));
        Assert.Throws<InvalidOperationException>(() => queue.Rerank(Claim(2), 2));
        queue.Clear();
        Assert.False(queue.Contains(a));
        Assert.Null(queue.Peek());
        Assert.Throws<InvalidOperationException>(() => queue.TakeFirst());
        // A cleared claim may be queued again.
        queue.Add(a, 3);
        Assert.Same(a, queue.TakeFirst());
    }

    [Fact]
    public void Random_adds_reranks_and_takes_match_a_sorted_reference()
    {
        var random = new Random(1616);
        var queue = new BulkReadyQueue();
        var inQueue = new List<BulkClaim>();
        long sequence = 0;
        for (var step = 0; step < 20_000; step++)
        {
            var roll = random.Next(10);
            if (roll < 4 || inQueue.Count == 0)
            {
                var claim = Claim(++sequence);
                queue.Add(claim, random.Next(1, 30));
                inQueue.Add(claim);
            }
            else if (roll < 7)
            {
                var claim = inQueue[random.Next(inQueue.Count)];
                queue.Rerank(claim, random.Next(1, 30));
            }
            else
            {
                var expected = inQueue.OrderByDescending(c => c.Chain).ThenBy(c => c.Sequence).First();
                Assert.Same(expected, queue.TakeFirst());
                inQueue.Remove(expected);
            }

            Assert.Equal(inQueue.Count, queue.Count);
        }
    }

    [Fact]
    public void The_coordinator_keeps_every_ready_call_ranked_by_its_current_chain_through_posts_starts_ends_and_cancels()
    {
        // A model run: random posts (shared and exclusive keys), starts of each owner's best ready call, ends, and
        // cancelled owners, on one coordinator. After every step each owner's queue must hold exactly its ready calls,
        // each ranked by the chain a full scan computes now, and its best must be what a scan picks.
        var random = new Random(16);
        var names = Enumerable.Range(0, 14).Select(i => i < 6 ? "nic:" + i : i < 12 ? "vip:" + i : "subnet:" + i).ToArray();
        var coordinator = new BulkKeyCoordinator();
        var owners = new List<ModelOwner> { new(), new(), new() };
        var all = new List<ModelClaim>();
        var running = new List<ModelClaim>();
        var held = new Dictionary<string, (int Shared, int Exclusive)>(StringComparer.OrdinalIgnoreCase);
        var woken = new HashSet<IBulkClaimOwner>();

        void Start(ModelOwner owner)
        {
            var expected = owner.Ready(all).OrderByDescending(coordinator.ChainLengthLocked).ThenBy(c => c.Sequence).First();
            var claim = (ModelClaim)owner.Queue.TakeFirst();
            Assert.Same(expected, claim);
            coordinator.GrantLocked(claim);
            foreach (var key in claim.Keys)
            {
                held.TryGetValue(key.Name, out var h);
                Assert.True(h.Exclusive == 0 && (key.Mode == BulkKeyMode.Shared || h.Shared == 0), $"{key} granted while held");
                held[key.Name] = key.Mode == BulkKeyMode.Shared ? (h.Shared + 1, 0) : (h.Shared, 1);
            }

            running.Add(claim);
        }

        void End(ModelClaim claim)
        {
            running.Remove(claim);
            foreach (var key in claim.Keys)
            {
                var h = held[key.Name];
                held[key.Name] = key.Mode == BulkKeyMode.Shared ? (h.Shared - 1, h.Exclusive) : (h.Shared, 0);
            }

            coordinator.ReleaseLocked(claim, woken);
            all.Remove(claim);
        }

        void CheckRanks()
        {
            foreach (var owner in owners)
            {
                var ready = owner.Ready(all).ToList();
                Assert.Equal(ready.Count, owner.Queue.Count);
                foreach (var claim in ready)
                {
                    Assert.True(owner.Queue.Contains(claim), $"#{claim.Sequence} is ready but not queued");
                    Assert.Equal(coordinator.ChainLengthLocked(claim), claim.Chain);
                }
            }
        }

        lock (coordinator.Gate)
        {
            for (var step = 0; step < 6_000; step++)
            {
                var roll = random.Next(100);
                if (roll < 50)
                {
                    var keys = names.OrderBy(_ => random.Next()).Take(random.Next(0, 4))
                        .Select(n => n.StartsWith("subnet", StringComparison.Ordinal) && random.Next(3) > 0 ? BulkKey.Shared(n) : BulkKey.Exclusive(n))
                        .ToArray();
                    var claim = new ModelClaim(owners[random.Next(owners.Count)], keys);
                    all.Add(claim);
                    coordinator.EnqueueLocked(claim);
                }
                else if (roll < 78)
                {
                    var owner = owners[random.Next(owners.Count)];
                    if (owner.Queue.Count > 0) Start(owner);
                }
                else if (roll < 98)
                {
                    if (running.Count > 0) End(running[random.Next(running.Count)]);
                }
                else
                {
                    // Cancel an owner as BulkRunner does: take its waiting calls out of line, then empty its queue.
                    var owner = owners[random.Next(owners.Count)];
                    foreach (var claim in all.Where(c => c.Owner == owner && c.Queued).ToList())
                    {
                        coordinator.WithdrawLocked(claim, woken);
                        all.Remove(claim);
                    }

                    owner.Queue.Clear();
                    owners[owners.IndexOf(owner)] = new ModelOwner();
                }

                CheckRanks();
            }

            // Drain: everything still in line must become ready and run.
            while (all.Count > 0)
            {
                var progressed = false;
                foreach (var owner in owners)
                {
                    while (owner.Queue.Count > 0)
                    {
                        Start(owner);
                        progressed = true;
                    }
                }

                foreach (var claim in running.ToList())
                {
                    End(claim);
                    progressed = true;
                }

                Assert.True(progressed, $"{all.Count} calls wait and none can start");
                CheckRanks();
            }

            Assert.Equal(0, coordinator.ActiveKeys);
        }
    }

    private static BulkClaim Claim(long sequence) => new ModelClaim(new ModelOwner(), Array.Empty<BulkKey>()) { Sequence = sequence };

    private sealed class ModelOwner : IBulkClaimOwner
    {
        public BulkReadyQueue Queue { get; } = new();

        public IEnumerable<ModelClaim> Ready(IEnumerable<ModelClaim> claims) => claims.Where(c => c.Owner == this && c.Ready);

        public void OnAdmissibleLocked(BulkClaim claim, int chain) => Queue.Add(claim, chain);

        public void OnChainChangedLocked(BulkClaim claim, int chain)
        {
            if (Queue.Contains(claim)) Queue.Rerank(claim, chain);
        }

        public void StartReadyLocked(List<Action> launches)
        {
            // The model starts calls itself, one step at a time.
        }
    }

    private sealed class ModelClaim : BulkClaim
    {
        private readonly ModelOwner _owner;

        public ModelClaim(ModelOwner owner, BulkKey[] keys)
            : base(keys)
        {
            _owner = owner;
        }

        public override IBulkClaimOwner Owner => _owner;
    }
}
