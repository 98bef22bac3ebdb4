using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace EcsNic.Emulator.Runtime;

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
