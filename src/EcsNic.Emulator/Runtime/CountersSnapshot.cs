using System.Collections.Generic;
using System.Linq;

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
