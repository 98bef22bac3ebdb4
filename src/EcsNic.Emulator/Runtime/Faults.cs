using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Emulator.Runtime;

/// <summary>What an armed fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>HTTP 429 APIGW.0308, with Retry-After when <see cref="FaultRule.RetryAfterSeconds"/> is set. Nothing is done.</summary>
    Throttle,

    /// <summary>HTTP 500 with the service's error body. Nothing is done.</summary>
    ServerError,

    /// <summary>HTTP 503 with the gateway's error body. Nothing is done.</summary>
    ServiceUnavailable,

    /// <summary>The connection is dropped before anything is done.</summary>
    DropBeforeProcessing,

    /// <summary>The work is done, then the connection is dropped without an answer.</summary>
    DropAfterProcessing,

    /// <summary>An HTML error page (502 text/html by default), as a proxy would send. Nothing is done.</summary>
    HtmlErrorPage,

    /// <summary>The work is done and answered with its status but a body cut in half.</summary>
    TruncatedJson,

    /// <summary>
    /// ECS request flow control, <c>Common.0024</c> "exceeds flow over limit": HTTP 202 with an error body, as the ECS
    /// error-code page documents it, or the status in <see cref="FaultRule.StatusCode"/> (429, 400). Nothing is done.
    /// </summary>
    FlowControl,

    /// <summary>ECS <c>Common.1503</c>, the service is busy (HTTP 503 with the ECS error body). Nothing is done.</summary>
    SystemBusy,

    /// <summary>ECS <c>Ecs.0002</c> "task submission failed" as HTTP 400: nothing was submitted, so nothing is done.</summary>
    TaskSubmissionFailed,
}

/// <summary>A fault aimed at one operation (SDK name) or all ("*"), for the next <see cref="Count"/> matches.</summary>
public sealed record FaultRule
{
    /// <summary>The SDK operation name, or "*" for every signed API operation (metadata calls must be named).</summary>
    public string Operation { get; init; } = "*";

    /// <summary>What happens.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>How many matching requests get the fault; null for all of them.</summary>
    public int? Count { get; init; } = 1;

    /// <summary>The probability that a matching request gets the fault (0 to 1).</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>For <see cref="FaultKind.Throttle"/>: the Retry-After seconds to send, or null for none.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Overrides the HTTP status of ServerError, ServiceUnavailable, HtmlErrorPage and FlowControl.</summary>
    public int? StatusCode { get; init; }

    /// <summary>True when the fault lets the request's work happen first.</summary>
    public bool IsAfterProcessing => Kind is FaultKind.DropAfterProcessing or FaultKind.TruncatedJson;
}

/// <summary>Latency aimed at one operation or all: a fixed delay, or a uniform random one between Min and Max.</summary>
public sealed record LatencyRule
{
    /// <summary>The SDK operation name, or "*" for every signed API operation.</summary>
    public string Operation { get; init; } = "*";

    /// <summary>A fixed delay; when null, a random delay between <see cref="Min"/> and <see cref="Max"/>.</summary>
    public TimeSpan? Fixed { get; init; }

    /// <summary>The shortest random delay.</summary>
    public TimeSpan Min { get; init; }

    /// <summary>The longest random delay.</summary>
    public TimeSpan Max { get; init; }

    /// <summary>How many matching requests are delayed; null for all.</summary>
    public int? Count { get; init; }

    /// <summary>The probability that a matching request is delayed.</summary>
    public double Rate { get; init; } = 1.0;
}

/// <summary>Picks the fault and latency for each request; rules are consumed in the order they were added.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<Armed<FaultRule>> _faults = new();
    private readonly List<Armed<LatencyRule>> _latency = new();
    private Random _dice;

    internal FaultInjector(int seed) => _dice = new Random(seed);

    /// <summary>The fault rules still armed, with what is left of their counts.</summary>
    public IReadOnlyList<FaultRule> Faults
    {
        get { lock (_gate) return _faults.Select(a => a.Rule with { Count = a.Remaining }).ToArray(); }
    }

    /// <summary>The latency rules still armed.</summary>
    public IReadOnlyList<LatencyRule> Latency
    {
        get { lock (_gate) return _latency.Select(a => a.Rule with { Count = a.Remaining }).ToArray(); }
    }

    /// <summary>Arms one more fault rule.</summary>
    public void Add(FaultRule rule)
    {
        Check(rule.Operation, rule.Rate, rule.Count);
        lock (_gate) _faults.Add(new Armed<FaultRule>(rule, rule.Count));
    }

    /// <summary>Arms one more latency rule.</summary>
    public void Add(LatencyRule rule)
    {
        Check(rule.Operation, rule.Rate, rule.Count);
        if (rule.Fixed is null && (rule.Min < TimeSpan.Zero || rule.Max < rule.Min))
            throw new ArgumentException("A random latency needs 0 <= Min <= Max.", nameof(rule));
        lock (_gate) _latency.Add(new Armed<LatencyRule>(rule, rule.Count));
    }

    /// <summary>Disarms every fault rule.</summary>
    public void ClearFaults()
    {
        lock (_gate) _faults.Clear();
    }

    /// <summary>Disarms every latency rule.</summary>
    public void ClearLatency()
    {
        lock (_gate) _latency.Clear();
    }

    internal void Reseed(int seed)
    {
        lock (_gate) _dice = new Random(seed);
    }

    internal FaultRule? TakeFault(string operation, bool explicitOnly)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var armed = _faults[i];
                if (!Matches(armed.Rule.Operation, operation, explicitOnly)) continue;
                if (armed.Rule.Rate < 1.0 && _dice.NextDouble() >= armed.Rule.Rate) continue;
                Consume(_faults, i);
                return armed.Rule;
            }
            return null;
        }
    }

    internal TimeSpan TakeLatency(string operation, bool explicitOnly)
    {
        lock (_gate)
        {
            var total = TimeSpan.Zero;
            for (var i = 0; i < _latency.Count; i++)
            {
                var armed = _latency[i];
                if (!Matches(armed.Rule.Operation, operation, explicitOnly)) continue;
                if (armed.Rule.Rate < 1.0 && _dice.NextDouble() >= armed.Rule.Rate) continue;
                var rule = armed.Rule;
                total += rule.Fixed ?? rule.Min + TimeSpan.FromTicks((long)(_dice.NextDouble() * (rule.Max - rule.Min).Ticks));
                if (Consume(_latency, i)) i--;
            }
            return total;
        }
    }

    private static bool Consume<T>(List<Armed<T>> list, int index)
    {
        var armed = list[index];
        if (armed.Remaining is null) return false;
        armed.Remaining--;
        if (armed.Remaining > 0) return false;
        list.RemoveAt(index);
        return true;
    }

    private static bool Matches(string ruleOperation, string operation, bool explicitOnly) =>
        string.Equals(ruleOperation, operation, StringComparison.OrdinalIgnoreCase) ||
        (!explicitOnly && ruleOperation == "*");

    private static void Check(string operation, double rate, int? count)
    {
        if (string.IsNullOrWhiteSpace(operation)) throw new ArgumentException("The operation is empty; use \"*\" for all.", nameof(operation));
        if (rate is <= 0 or > 1 || double.IsNaN(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be in (0, 1].");
        if (count is <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count must be positive, or null for unlimited.");
    }

    private sealed class Armed<T>
    {
        public Armed(T rule, int? remaining)
        {
            Rule = rule;
            Remaining = remaining;
        }

        public T Rule { get; }
        public int? Remaining { get; set; }
    }
}
