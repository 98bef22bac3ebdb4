using System;
using System.Collections.Generic;

namespace EcsNic.Core.Bulk;

/// <summary>
/// Orders the calls of every <see cref="BulkRunner{TIn,TOut}"/> that shares it by the keys they touch, so that two
/// runners working at once (a pipeline such as <c>Set-EcsNicVirtualIp | Remove-EcsNicVirtualIp</c>, or two runbook jobs
/// in one process) never update the same NIC or virtual IP port together. A runner given none gets a private one.
/// </summary>
/// <remarks>
/// <para>
/// Each key has a lane: the calls holding it and, in posting order across all runners, the calls waiting for it. A
/// waiting call may take an exclusive key when nothing holds the key and it is first in line; it may take a shared key
/// when nobody holds the key exclusively and no call waiting for the key exclusively was posted before it. A call starts
/// only when it may take every one of its keys and its own runner has a free slot (each runner keeps its own
/// ThrottleLimit); until then it holds nothing, yet keeps its place in line. So conflicting calls run in posting order,
/// shared holders overlap freely, and an exclusive waiter is never starved by a stream of later shared ones.
/// </para>
/// <para>
/// Calls never wait for each other while running, so sharing a coordinator cannot deadlock; a call that hangs holds its
/// keys until it ends (the client's own timeout), and so delays later calls on those keys in every runner. One lock
/// guards the coordinator and all its runners; it is held only to move calls between lanes, never across a call.
/// </para>
/// <para>
/// Nothing under the lock scans the ready calls or the lanes: a call remembers its lanes, and a runner keeps its ready
/// calls in a heap ranked by chain length (<see cref="BulkReadyQueue"/>). A ready call that holds a key exclusively is
/// first in that key's line, so when a line grows or shrinks, only its first call can change rank, and the coordinator
/// tells that call's runner. Posting, starting and finishing a call therefore cost O(k log n) for k keys and n ready
/// calls, whatever the number of distinct keys.
/// </para>
/// </remarks>
public sealed class BulkKeyCoordinator
{
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.OrdinalIgnoreCase);
    private long _sequence;

    /// <summary>How many keys have a call holding them or waiting for them; zero when every runner is idle.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (Gate) return _lanes.Count;
        }
    }

    /// <summary>The lock of the coordinator and of every runner sharing it.</summary>
    internal object Gate { get; } = new();

    /// <summary>Puts a call in line on each of its keys; tells its owner at once when it may start.</summary>
    internal void EnqueueLocked(BulkClaim claim)
    {
        claim.Sequence = ++_sequence;
        var keys = claim.Keys;
        var lanes = new Lane[keys.Length];
        claim.WaitingNodes = new LinkedListNode<BulkClaim>[keys.Length];
        claim.ExclusiveNodes = new LinkedListNode<BulkClaim>?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!_lanes.TryGetValue(keys[i].Name, out var lane)) _lanes[keys[i].Name] = lane = new Lane();
            lanes[i] = lane;
            claim.WaitingNodes[i] = lane.Waiting.AddLast(claim);
            if (keys[i].Mode == BulkKeyMode.Exclusive) claim.ExclusiveNodes[i] = lane.ExclusiveWaiting.AddLast(claim);
        }

        claim.Lanes = lanes;
        claim.Queued = true;
        foreach (var lane in lanes) LineChangedLocked(lane);
        if (IsAdmissibleLocked(claim))
        {
            claim.Ready = true;
            claim.Owner.OnAdmissibleLocked(claim, ChainLengthLocked(claim));
        }
    }

    /// <summary>Moves a call that may start from waiting to holding its keys.</summary>
    internal void GrantLocked(BulkClaim claim)
    {
        if (!claim.Queued) throw new InvalidOperationException("The call is not waiting for its keys.");
        var keys = claim.Keys;
        var lanes = claim.Lanes!;
        for (var i = 0; i < keys.Length; i++)
        {
            var lane = lanes[i];
            lane.Waiting.Remove(claim.WaitingNodes![i]);
            if (claim.ExclusiveNodes![i] is { } exclusive) lane.ExclusiveWaiting.Remove(exclusive);
            lane.Holders++;
            if (keys[i].Mode == BulkKeyMode.Exclusive) lane.HeldExclusively = true;
        }

        claim.Queued = false;
        claim.Ready = false;
        claim.WaitingNodes = null;
        claim.ExclusiveNodes = null;
        // The key is now held, so no call can be ready on it exclusively; kept for symmetry with the other changes.
        foreach (var lane in lanes) LineChangedLocked(lane);
    }

    /// <summary>Frees the keys of a finished call; owners of calls that may now start are added to <paramref name="woken"/>.</summary>
    internal void ReleaseLocked(BulkClaim claim, ISet<IBulkClaimOwner> woken)
    {
        var keys = claim.Keys;
        var lanes = claim.Lanes!;
        for (var i = 0; i < keys.Length; i++)
        {
            var lane = lanes[i];
            lane.Holders--;
            if (keys[i].Mode == BulkKeyMode.Exclusive) lane.HeldExclusively = false;
            WakeLocked(keys[i].Name, lane, broad: keys[i].Mode == BulkKeyMode.Exclusive, woken);
        }
    }

    /// <summary>Takes a call that never started out of line (its runner was cancelled).</summary>
    internal void WithdrawLocked(BulkClaim claim, ISet<IBulkClaimOwner> woken)
    {
        if (!claim.Queued) return;
        var keys = claim.Keys;
        var lanes = claim.Lanes!;
        for (var i = 0; i < keys.Length; i++)
        {
            var lane = lanes[i];
            lane.Waiting.Remove(claim.WaitingNodes![i]);
            if (claim.ExclusiveNodes![i] is { } exclusive) lane.ExclusiveWaiting.Remove(exclusive);
        }

        claim.Queued = false;
        claim.Ready = false;
        claim.WaitingNodes = null;
        claim.ExclusiveNodes = null;
        for (var i = 0; i < keys.Length; i++)
        {
            // Each key has its own lane (keys are distinct), and only a wake on that very key removes it when empty.
            LineChangedLocked(lanes[i]);
            WakeLocked(keys[i].Name, lanes[i], broad: keys[i].Mode == BulkKeyMode.Exclusive, woken);
        }
    }

    /// <summary>
    /// The longest line on the keys a call holds exclusively, itself included: how many calls must run one after another
    /// through that key. Shared keys do not count, since calls holding a key shared do not wait for each other.
    /// </summary>
    internal int ChainLengthLocked(BulkClaim claim)
    {
        var longest = 1;
        var keys = claim.Keys;
        var lanes = claim.Lanes;
        if (lanes is null) return longest;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Mode == BulkKeyMode.Exclusive) longest = Math.Max(longest, lanes[i].Waiting.Count);
        }

        return longest;
    }

    // Called when a line grew or shrank. Only the first in line can be ready while holding the key exclusively (the
    // only way the line's length counts toward its chain), so only that call may change rank.
    private void LineChangedLocked(Lane lane)
    {
        var first = lane.Waiting.First?.Value;
        if (first is null || !first.Ready || !ReferenceEquals(lane.ExclusiveWaiting.First?.Value, first)) return;
        first.Owner.OnChainChangedLocked(first, ChainLengthLocked(first));
    }

    private bool IsAdmissibleLocked(BulkClaim claim)
    {
        var keys = claim.Keys;
        var lanes = claim.Lanes!;
        for (var i = 0; i < keys.Length; i++)
        {
            var lane = lanes[i];
            if (keys[i].Mode == BulkKeyMode.Exclusive)
            {
                if (lane.Holders > 0 || !ReferenceEquals(lane.Waiting.First!.Value, claim)) return false;
            }
            else
            {
                if (lane.HeldExclusively) return false;
                var firstExclusive = lane.ExclusiveWaiting.First?.Value;
                if (firstExclusive is not null && firstExclusive.Sequence < claim.Sequence) return false;
            }
        }

        return true;
    }

    // Called when a lane lost a holder or a waiter. Only the head of the line can newly take an exclusive key; shared
    // waiters ahead of the first exclusive one can newly take the key only when an exclusive holder or waiter went away.
    private void WakeLocked(string name, Lane lane, bool broad, ISet<IBulkClaimOwner> woken)
    {
        if (lane.Holders == 0 && lane.Waiting.Count == 0)
        {
            _lanes.Remove(name);
            return;
        }

        if (lane.HeldExclusively) return;
        var firstExclusive = lane.ExclusiveWaiting.First?.Value;
        for (var node = lane.Waiting.First; node is not null; node = node.Next)
        {
            var claim = node.Value;
            if (ReferenceEquals(claim, firstExclusive))
            {
                if (ReferenceEquals(node, lane.Waiting.First) && lane.Holders == 0) TryWake(claim, woken);
                break;
            }

            if (!broad) break;
            TryWake(claim, woken);
        }
    }

    private void TryWake(BulkClaim claim, ISet<IBulkClaimOwner> woken)
    {
        if (claim.Ready || !IsAdmissibleLocked(claim)) return;
        claim.Ready = true;
        claim.Owner.OnAdmissibleLocked(claim, ChainLengthLocked(claim));
        woken.Add(claim.Owner);
    }

    /// <summary>One key's line: the calls waiting for it in posting order, and who holds it.</summary>
    internal sealed class Lane
    {
        public LinkedList<BulkClaim> Waiting { get; } = new();

        public LinkedList<BulkClaim> ExclusiveWaiting { get; } = new();

        public int Holders { get; set; }

        public bool HeldExclusively { get; set; }
    }
}

/// <summary>A runner that owns claims: it is told when one may start, and starts what its slots allow.</summary>
internal interface IBulkClaimOwner
{
    /// <summary>The claim may take all its keys now; remember it as ready, ranked by its chain. Under the lock.</summary>
    void OnAdmissibleLocked(BulkClaim claim, int chain);

    /// <summary>A ready claim's chain grew or shrank (a line it heads changed length); re-rank it. Under the lock.</summary>
    void OnChainChangedLocked(BulkClaim claim, int chain);

    /// <summary>Starts ready claims while slots are free; adds what to launch outside the lock. Under the lock.</summary>
    void StartReadyLocked(List<Action> launches);
}

/// <summary>One call's place in the coordinator's lanes.</summary>
internal abstract class BulkClaim
{
    protected BulkClaim(BulkKey[] keys)
    {
        Keys = keys;
    }

    /// <summary>The call's keys, without duplicates.</summary>
    public BulkKey[] Keys { get; }

    /// <summary>The runner the call belongs to.</summary>
    public abstract IBulkClaimOwner Owner { get; }

    /// <summary>Posting order across every runner of the coordinator.</summary>
    public long Sequence { get; set; }

    /// <summary>Waiting in the lanes (not yet started, not withdrawn).</summary>
    public bool Queued { get; set; }

    /// <summary>Its owner was told it may start.</summary>
    public bool Ready { get; set; }

    public LinkedListNode<BulkClaim>[]? WaitingNodes { get; set; }

    public LinkedListNode<BulkClaim>?[]? ExclusiveNodes { get; set; }

    /// <summary>The lane of each key, parallel to <see cref="Keys"/>, from the time the call is put in line.</summary>
    public BulkKeyCoordinator.Lane[]? Lanes { get; set; }

    /// <summary>The chain length its runner's ready queue ranks it by.</summary>
    public int Chain { get; set; }

    /// <summary>Its place in its runner's ready queue; -1 when not there.</summary>
    public int ReadyPosition { get; set; } = -1;
}
