using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace EcsNic.Emulator.Runtime;

/// <summary>What the counters held at one moment.</summary>
/// <param name="Requests">Requests per operation, rejected ones included ("Unknown" for unmatched routes).</param>
/// <param name="Faults">Faults served per kind.</param>
/// <param name="AuthFailures">Requests answered 401.</param>
/// <param name="Paths">Every request seen, as "METHOD /path?query", in arrival order.</param>
public sealed record CountersSnapshot(
    IReadOnlyDictionary<string, long> Requests,
    IReadOnlyDictionary<FaultKind, long> Faults,
    long AuthFailures,
    IReadOnlyList<string> Paths)
{
    /// <summary>The number of requests for one operation (0 if none).</summary>
    public long RequestsFor(string operation) => Requests.TryGetValue(operation, out var n) ? n : 0;

    /// <summary>The number of faults of one kind served (0 if none).</summary>
    public long FaultsOf(FaultKind kind) => Faults.TryGetValue(kind, out var n) ? n : 0;

    /// <summary>All requests counted.</summary>
    public long TotalRequests => Requests.Values.Sum();
}

/// <summary>Request, fault and authentication counters plus the log of request paths. Control calls are not counted.</summary>
public sealed class EmulatorCounters
{
    private const int MaxPaths = 100_000;
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FaultKind, long> _faults = new();
    private readonly ConcurrentQueue<string> _paths = new();
    private long _authFailures;

    /// <summary>Copies the counters.</summary>
    public CountersSnapshot Snapshot() => new(
        new SortedDictionary<string, long>(_requests, StringComparer.Ordinal),
        new SortedDictionary<FaultKind, long>(_faults),
        Interlocked.Read(ref _authFailures),
        _paths.ToArray());

    /// <summary>Sets every counter back to zero and empties the path log.</summary>
    public void Reset()
    {
        _requests.Clear();
        _faults.Clear();
        _paths.Clear();
        Interlocked.Exchange(ref _authFailures, 0);
    }

    internal void CountRequest(string operation, string method, string pathAndQuery)
    {
        _requests.AddOrUpdate(operation, 1, static (_, n) => n + 1);
        if (_paths.Count < MaxPaths) _paths.Enqueue(method + " " + pathAndQuery);
    }

    internal void CountFault(FaultKind kind) => _faults.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    internal void CountAuthFailure() => Interlocked.Increment(ref _authFailures);
}
