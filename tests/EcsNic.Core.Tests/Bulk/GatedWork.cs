using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;

namespace EcsNic.Core.Tests.Bulk;

/// <summary>One piped input: an ID and the keys it touches.</summary>
public sealed record Item(int Id, params string[] Keys)
{
    /// <summary>The keys as the runner takes them, each held exclusively.</summary>
    public BulkKey[] ExclusiveKeys => Keys.Select(BulkKey.Exclusive).ToArray();

    public override string ToString() => $"#{Id} [{string.Join(",", Keys)}]";
}

/// <summary>
/// Work whose calls block until the test releases them, recording when each started and ended as one global sequence
/// of events, so tests can check overlap and order without looking at the time.
/// </summary>
public sealed class GatedWork
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _gates = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<CancellationToken>> _started = new();
    private readonly object _gate = new();
    private readonly List<(string Kind, int Id)> _events = new();
    private int _current;
    private int _max;
    private int _calls;

    public int MaxConcurrent => Volatile.Read(ref _max);

    /// <summary>Awaited by each call before it records its start (to hold a launched call back, as a busy thread pool does).</summary>
    public Func<int, Task>? BeforeStart { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<(string Kind, int Id)> Events
    {
        get { lock (_gate) return _events.ToList(); }
    }

    public IReadOnlyList<int> StartOrder => Events.Where(e => e.Kind == "start").Select(e => e.Id).ToList();

    public bool HasStarted(int id) => Started(id).Task.IsCompleted;

    /// <summary>Completes when the call for <paramref name="id"/> has started; gives the token it was handed.</summary>
    public Task<CancellationToken> WhenStarted(int id) => Started(id).Task.WaitAsync(HangGuard);

    public void Release(int id, string? output = null) => Gate(id).TrySetResult(output ?? $"out{id}");

    public void Fail(int id, Exception error) => Gate(id).TrySetException(error);

    public async Task<string> RunAsync(Item item, CancellationToken cancellationToken)
    {
        if (BeforeStart is { } beforeStart) await beforeStart(item.Id).ConfigureAwait(false);
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _current);
        lock (_gate)
        {
            _events.Add(("start", item.Id));
            if (now > _max) _max = now;
        }

        Started(item.Id).TrySetResult(cancellationToken);
        try
        {
            var gate = Gate(item.Id);
            using (cancellationToken.Register(() => gate.TrySetCanceled(cancellationToken)))
            {
                return await gate.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _events.Add(("end", item.Id));
            }

            Interlocked.Decrement(ref _current);
        }
    }

    /// <summary>Index of the event in the global sequence.</summary>
    public int IndexOf(string kind, int id)
    {
        var events = Events;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Kind == kind && events[i].Id == id) return i;
        }

        return -1;
    }

    private TaskCompletionSource<string> Gate(int id) =>
        _gates.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource<CancellationToken> Started(int id) =>
        _started.GetOrAdd(id, _ => new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously));
}
