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
        claim.WaitingNodes = new LinkedListNode<BulkClaim>[keys.Length];
        claim.ExclusiveNodes = new LinkedListNode<BulkClaim>?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!_lanes.TryGetValue(keys[i].Name, out var lane)) _lanes[keys[i].Name] = lane = new Lane();
            claim.WaitingNodes[i] = lane.Waiting.AddLast(claim);
            if (keys[i].Mode == BulkKeyMode.Exclusive) claim.ExclusiveNodes[i] = lane.ExclusiveWaiting.AddLast(claim);
        }

        claim.Queued = true;
        if (IsAdmissibleLocked(claim))
        {
            claim.Ready = true;
            claim.Owner.OnAdmissibleLocked(claim);
        }
    }

    /// <summary>Moves a call that may start from waiting to holding its keys.</summary>
    internal void GrantLocked(BulkClaim claim)
    {
        if (!claim.Queued) throw new InvalidOperationException("The call is not waiting for its keys.");
        var keys = claim.Keys;
        for (var i = 0; i < keys.Length; i++)
        {
            var lane = _lanes[keys[i].Name];
            lane.Waiting.Remove(claim.WaitingNodes![i]);
            if (claim.ExclusiveNodes![i] is { } exclusive) lane.ExclusiveWaiting.Remove(exclusive);
            lane.Holders++;
            if (keys[i].Mode == BulkKeyMode.Exclusive) lane.HeldExclusively = true;
        }

        claim.Queued = false;
        claim.Ready = false;
        claim.WaitingNodes = null;
        claim.ExclusiveNodes = null;
    }

    /// <summary>Frees the keys of a finished call; owners of calls that may now start are added to <paramref name="woken"/>.</summary>
    internal void ReleaseLocked(BulkClaim claim, ISet<IBulkClaimOwner> woken)
    {
        foreach (var key in claim.Keys)
        {
            var lane = _lanes[key.Name];
            lane.Holders--;
            if (key.Mode == BulkKeyMode.Exclusive) lane.HeldExclusively = false;
            WakeLocked(key.Name, lane, broad: key.Mode == BulkKeyMode.Exclusive, woken);
        }
    }

    /// <summary>Takes a call that never started out of line (its runner was cancelled).</summary>
    internal void WithdrawLocked(BulkClaim claim, ISet<IBulkClaimOwner> woken)
    {
        if (!claim.Queued) return;
        var keys = claim.Keys;
        for (var i = 0; i < keys.Length; i++)
        {
            var lane = _lanes[keys[i].Name];
            lane.Waiting.Remove(claim.WaitingNodes![i]);
            if (claim.ExclusiveNodes![i] is { } exclusive) lane.ExclusiveWaiting.Remove(exclusive);
        }

        claim.Queued = false;
        claim.Ready = false;
        claim.WaitingNodes = null;
        claim.ExclusiveNodes = null;
        for (var i = 0; i < keys.Length; i++)
        {
            if (_lanes.TryGetValue(keys[i].Name, out var lane))
                WakeLocked(keys[i].Name, lane, broad: keys[i].Mode == BulkKeyMode.Exclusive, woken);
        }
    }

    /// <summary>
    /// The longest line on the keys a call holds exclusively, itself included: how many calls must run one after another
    /// through that key. Shared keys do not count, since calls holding a key shared do not wait for each other.
    /// </summary>
    internal int ChainLengthLocked(BulkClaim claim)
    {
        var longest = 1;
        foreach (var key in claim.Keys)
        {
            if (key.Mode == BulkKeyMode.Exclusive && _lanes.TryGetValue(key.Name, out var lane))
                longest = Math.Max(longest, lane.Waiting.Count);
        }

        return longest;
    }

    private bool IsAdmissibleLocked(BulkClaim claim)
    {
        var keys = claim.Keys;
        for (var i = 0; i < keys.Length; i++)
        {
            var lane = _lanes[keys[i].Name];
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
        claim.Owner.OnAdmissibleLocked(claim);
        woken.Add(claim.Owner);
    }

    private sealed class Lane
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
    /// <summary>The claim may take all its keys now; remember it as ready. Called under the coordinator's lock.</summary>
    void OnAdmissibleLocked(BulkClaim claim);

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
}
