using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Emulator.Runtime;

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
