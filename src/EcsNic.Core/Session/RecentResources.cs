using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Completion;
using EcsNic.Core.Models;

namespace EcsNic.Core.Session;

/// <summary>
/// The server and NIC IDs this session has seen in the NIC records the cmdlets emitted (Get-EcsServerNic,
/// Add-EcsServerNic -Wait), so that -ServerId and -NicId can be tab-completed without calling the cloud. Most recent
/// first, at most <see cref="Capacity"/> NICs and as many servers; the oldest are forgotten. Safe from any thread.
/// </summary>
public sealed class RecentResources
{
    /// <summary>The default capacity: enough for a few hundred servers' NICs, small enough to scan on every key press.</summary>
    public const int DefaultCapacity = 512;

    private readonly object _gate = new();
    private readonly LinkedList<ServerNic> _nics = new();
    private readonly Dictionary<string, LinkedListNode<ServerNic>> _nicIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<string> _servers = new();
    private readonly Dictionary<string, LinkedListNode<string>> _serverIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<EcsJob> _jobs = new();
    private readonly Dictionary<string, LinkedListNode<EcsJob>> _jobIndex = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty cache holding at most <paramref name="capacity"/> NICs and as many servers.</summary>
    public RecentResources(int capacity = DefaultCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        Capacity = capacity;
    }

    /// <summary>The most NICs (and the most servers) remembered.</summary>
    public int Capacity { get; }

    /// <summary>The number of NICs remembered.</summary>
    public int NicCount
    {
        get { lock (_gate) return _nics.Count; }
    }

    /// <summary>The number of servers remembered.</summary>
    public int ServerCount
    {
        get { lock (_gate) return _servers.Count; }
    }

    /// <summary>Remembers a NIC and its server as the most recent; a NIC seen again replaces its older record.</summary>
    public void Remember(ServerNic nic)
    {
        if (nic is null) throw new ArgumentNullException(nameof(nic));
        if (string.IsNullOrEmpty(nic.PortId) || string.IsNullOrEmpty(nic.ServerId)) return;
        lock (_gate)
        {
            MoveToFront(_nics, _nicIndex, nic.PortId, nic, n => n.PortId);
            MoveToFront(_servers, _serverIndex, nic.ServerId, nic.ServerId, id => id);
        }
    }

    /// <summary>Remembers a job (submitted or read) as the most recent, so that -JobId can be tab-completed.</summary>
    public void RememberJob(EcsJob job)
    {
        if (job is null) throw new ArgumentNullException(nameof(job));
        if (string.IsNullOrEmpty(job.JobId)) return;
        lock (_gate) MoveToFront(_jobs, _jobIndex, job.JobId, job, j => j.JobId);
    }

    /// <summary>Completes a job ID from the jobs this session submitted or read; each is described by status, type and server.</summary>
    public IReadOnlyList<CompletionCandidate> CompleteJobIds(string? wordToComplete)
    {
        EcsJob[] jobs;
        lock (_gate) jobs = _jobs.ToArray();
        return ArgumentCompletion.Complete(wordToComplete, jobs.Select(j => new CompletionValue(j.JobId,
            string.Join(", ", new[] { j.Status.ToString(), j.JobType, j.ServerId is null ? null : "server " + j.ServerId }
                .Where(p => !string.IsNullOrEmpty(p))))));
    }

    /// <summary>Forgets everything (a new connection may be another account).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _jobs.Clear();
            _jobIndex.Clear();
            _nics.Clear();
            _nicIndex.Clear();
            _servers.Clear();
            _serverIndex.Clear();
        }
    }

    /// <summary>The remembered NICs, most recent first.</summary>
    public IReadOnlyList<ServerNic> Nics()
    {
        lock (_gate) return _nics.ToArray();
    }

    /// <summary>The remembered record of a NIC, or null.</summary>
    public ServerNic? Find(string nicId)
    {
        if (string.IsNullOrEmpty(nicId)) return null;
        lock (_gate) return _nicIndex.TryGetValue(nicId, out var node) ? node.Value : null;
    }

    /// <summary>The remembered server IDs, most recent first.</summary>
    public IReadOnlyList<string> Servers()
    {
        lock (_gate) return _servers.ToArray();
    }

    /// <summary>Completes a server ID; each is described by the addresses of its remembered NICs.</summary>
    public IReadOnlyList<CompletionCandidate> CompleteServerIds(string? wordToComplete)
    {
        IReadOnlyList<string> servers;
        IReadOnlyList<ServerNic> nics;
        lock (_gate)
        {
            servers = _servers.ToArray();
            nics = _nics.ToArray();
        }
        var addresses = nics.GroupBy(n => n.ServerId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(n => n.PrimaryIp ?? string.Empty).Where(ip => ip.Length > 0).Reverse().ToArray(),
                StringComparer.OrdinalIgnoreCase);
        return ArgumentCompletion.Complete(wordToComplete, servers.Select(id =>
            new CompletionValue(id, addresses.TryGetValue(id, out var ips) ? DescribeServer(ips) : string.Empty)));
    }

    /// <summary>
    /// Completes a NIC ID; each is described by its address, MAC and server. With <paramref name="serverIds"/>, only the
    /// NICs of those servers are offered (Remove-EcsServerNic -ServerId X -NicId &lt;Tab&gt;).
    /// </summary>
    public IReadOnlyList<CompletionCandidate> CompleteNicIds(string? wordToComplete, IReadOnlyCollection<string>? serverIds = null)
    {
        var nics = Nics();
        var filter = serverIds is { Count: > 0 } ? new HashSet<string>(serverIds, StringComparer.OrdinalIgnoreCase) : null;
        var candidates = nics.Where(n => filter is null || filter.Contains(n.ServerId)).ToArray();
        var byId = ArgumentCompletion.Complete(wordToComplete, candidates.Select(n => new CompletionValue(n.PortId, Describe(n))));
        if (byId.Count > 0) return byId;

        // Nothing starts with what was typed: it may be an address (-NicId 192.168.0.2<Tab>), which completes to the NIC's ID.
        var (prefix, quote) = ArgumentCompletion.Parse(wordToComplete);
        if (prefix.Length == 0) return byId;
        return candidates
            .Where(n => n.FixedIps.Any(ip => ip.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Take(ArgumentCompletion.MaxResults)
            .Select(n => new CompletionCandidate(ArgumentCompletion.Quote(n.PortId, quote), $"{n.PortId} ({Describe(n)})",
                $"{n.PortId}: {Describe(n)}"))
            .ToArray();
    }

    // Most recent first; the oldest beyond Capacity are forgotten. Caller holds the lock.
    private void MoveToFront<T>(LinkedList<T> list, Dictionary<string, LinkedListNode<T>> index, string key, T value, Func<T, string> keyOf)
    {
        if (index.TryGetValue(key, out var old)) list.Remove(old);
        index[key] = list.AddFirst(value);
        while (list.Count > Capacity)
        {
            var last = list.Last!;
            list.RemoveLast();
            index.Remove(keyOf(last.Value));
        }
    }

    private static string DescribeServer(string[] addresses) => addresses.Length switch
    {
        0 => string.Empty,
        1 => "NIC " + addresses[0],
        <= 4 => "NICs " + string.Join(", ", addresses),
        _ => "NICs " + string.Join(", ", addresses.Take(4)) + ", ...",
    };

    private static string Describe(ServerNic nic)
    {
        var parts = new List<string>();
        if (nic.FixedIps.Length > 0) parts.Add(string.Join(", ", nic.FixedIps));
        if (!string.IsNullOrEmpty(nic.MacAddress)) parts.Add(nic.MacAddress!);
        parts.Add("server " + nic.ServerId);
        return string.Join(", ", parts);
    }
}
