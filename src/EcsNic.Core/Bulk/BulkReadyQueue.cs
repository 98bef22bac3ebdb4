using System;

namespace EcsNic.Core.Bulk;

/// <summary>
/// The ready calls of one runner, best first: the longest chain, then the earliest posted. An indexed binary heap: each
/// claim knows its place, so adding, taking the best and re-ranking a claim whose chain grew or shrank cost O(log n)
/// under the coordinator's lock, however many calls are ready (one per distinct key at the head of its lane).
/// </summary>
internal sealed class BulkReadyQueue
{
    private BulkClaim[] _heap = new BulkClaim[16];

    /// <summary>How many claims are queued.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the claim is in this queue.</summary>
    public bool Contains(BulkClaim claim) =>
        claim.ReadyPosition >= 0 && claim.ReadyPosition < Count && ReferenceEquals(_heap[claim.ReadyPosition], claim);

    /// <summary>Adds a claim with its chain length.</summary>
    public void Add(BulkClaim claim, int chain)
    {
        if (Contains(claim)) throw new InvalidOperationException("The call is already ready.");
        if (Count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        claim.Chain = chain;
        Place(claim, Count);
        Count++;
        SiftUp(claim.ReadyPosition);
    }

    /// <summary>Gives a queued claim its new chain length and moves it to its new rank.</summary>
    public void Rerank(BulkClaim claim, int chain)
    {
        if (!Contains(claim)) throw new InvalidOperationException("The call is not ready.");
        var before = claim.Chain;
        claim.Chain = chain;
        if (chain > before) SiftUp(claim.ReadyPosition);
        else if (chain < before) SiftDown(claim.ReadyPosition);
    }

    /// <summary>The best claim, left in the queue; null when empty.</summary>
    public BulkClaim? Peek() => Count == 0 ? null : _heap[0];

    /// <summary>Takes the best claim out of the queue.</summary>
    public BulkClaim TakeFirst()
    {
        if (Count == 0) throw new InvalidOperationException("No call is ready.");
        var first = _heap[0];
        Count--;
        if (Count > 0)
        {
            Place(_heap[Count], 0);
            SiftDown(0);
        }

        _heap[Count] = null!;
        first.ReadyPosition = -1;
        return first;
    }

    /// <summary>Empties the queue.</summary>
    public void Clear()
    {
        for (var i = 0; i < Count; i++)
        {
            _heap[i].ReadyPosition = -1;
            _heap[i] = null!;
        }

        Count = 0;
    }

    // Sequences are unique, so this is a strict total order and the choice never depends on the heap's shape.
    private static bool Before(BulkClaim x, BulkClaim y) =>
        x.Chain != y.Chain ? x.Chain > y.Chain : x.Sequence < y.Sequence;

    private void Place(BulkClaim claim, int position)
    {
        _heap[position] = claim;
        claim.ReadyPosition = position;
    }

    private void SiftUp(int position)
    {
        var claim = _heap[position];
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (!Before(claim, _heap[parent])) break;
            Place(_heap[parent], position);
            position = parent;
        }

        Place(claim, position);
    }

    private void SiftDown(int position)
    {
        var claim = _heap[position];
        while (true)
        {
            var child = 2 * position + 1;
            if (child >= Count) break;
            if (child + 1 < Count && Before(_heap[child + 1], _heap[child])) child++;
            if (!Before(_heap[child], claim)) break;
            Place(_heap[child], position);
            position = child;
        }

        Place(claim, position);
    }
}
