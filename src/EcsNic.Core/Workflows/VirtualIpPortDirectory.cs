using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Finds the port of each virtual IP a bulk bind has bound, so that each binding names it, with as few ListPorts as it
/// can. A lookup starts a read of its own while fewer than <see cref="MaxReadsPerSubnet"/> reads of its subnet run;
/// the lookups that arrive while they all run wait for the first to end, and its next read serves them all with one
/// ListPorts of the subnet's virtual IP ports. A lone lookup, or a subnet whose virtual IP ports number more than
/// <see cref="MaxListedPorts"/>, asks for each address instead. Each address is read once per directory.
/// </summary>
public sealed class VirtualIpPortDirectory
{
    /// <summary>The most virtual IP ports a subnet may have for its whole list to be read (two pages of ListPorts).</summary>
    public const int MaxListedPorts = 400;

    /// <summary>
    /// How many reads of one subnet may run at once: a few, so that a lookup seldom waits a whole read for its turn when
    /// every read takes a round trip, and few enough that lookups arriving together share one list.
    /// </summary>
    public const int MaxReadsPerSubnet = 4;

    private readonly Func<PortFilter, CancellationToken, Task<IReadOnlyList<VpcPort>>> _listPorts;
    private readonly IEcsLogger _log;
    private readonly CancellationToken _cancellationToken;
    private readonly int _maxReadsPerSubnet;
    private readonly Dictionary<string, SubnetPorts> _subnets = new(StringComparer.Ordinal);

    /// <summary>
    /// A directory that reads with <paramref name="listPorts"/> (ListPorts) until <paramref name="cancellationToken"/>,
    /// at most <paramref name="maxReadsPerSubnet"/> reads of a subnet at once.
    /// </summary>
    public VirtualIpPortDirectory(Func<PortFilter, CancellationToken, Task<IReadOnlyList<VpcPort>>> listPorts, IEcsLogger log,
        CancellationToken cancellationToken, int maxReadsPerSubnet = MaxReadsPerSubnet)
    {
        if (maxReadsPerSubnet < 1) throw new ArgumentOutOfRangeException(nameof(maxReadsPerSubnet), maxReadsPerSubnet, "At least one read.");
        _listPorts = listPorts ?? throw new ArgumentNullException(nameof(listPorts));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _cancellationToken = cancellationToken;
        _maxReadsPerSubnet = maxReadsPerSubnet;
    }

    /// <summary>A directory that reads through <paramref name="client"/>.</summary>
    public VirtualIpPortDirectory(EcsClient client, IEcsLogger log, CancellationToken cancellationToken)
        : this((client ?? throw new ArgumentNullException(nameof(client))).ListPortsAsync, log, cancellationToken)
    {
    }

    /// <summary>
    /// The ID of the virtual IP port holding <paramref name="ipAddress"/> in <paramref name="subnetId"/>, or null when
    /// there is none or it could not be read (logged as verbose: a read that fails never fails the bind it completes).
    /// Ask only after the bind that may have created the port has been answered.
    /// </summary>
    public Task<string?> FindAsync(string subnetId, string ipAddress)
    {
        SubnetPorts subnet;
        lock (_subnets)
        {
            if (!_subnets.TryGetValue(subnetId, out subnet!)) _subnets[subnetId] = subnet = new SubnetPorts(subnetId, _maxReadsPerSubnet);
        }
        var (found, startReading) = subnet.Find(ipAddress);
        if (startReading) _ = Task.Run(() => ReadWhilePendingAsync(subnet));
        return found;
    }

    // A reader takes every lookup pending when it starts a read, answers them, and goes on while more came.
    private async Task ReadWhilePendingAsync(SubnetPorts subnet)
    {
        for (var batch = subnet.TakePending(); batch.Count > 0; batch = subnet.TakePending())
        {
            try
            {
                var holders = subnet.ShouldList(batch.Count)
                    ? await ListSubnetAsync(subnet).ConfigureAwait(false)
                    : await ReadEachAsync(subnet.SubnetId, batch.Select(p => p.IpAddress)).ConfigureAwait(false);
                foreach (var lookup in batch)
                    lookup.Answer.TrySetResult(holders.TryGetValue(lookup.IpAddress, out var portId) ? portId : null);
            }
            catch (EcsException ex) when (!_cancellationToken.IsCancellationRequested)
            {
                foreach (var lookup in batch)
                {
                    _log.Log(EcsLogLevel.Verbose, $"The port of virtual IP {lookup.IpAddress} (subnet {subnet.SubnetId}) could not be " +
                                                  $"read, so the binding names none: {ex.Message}");
                    lookup.Answer.TrySetResult(null);
                }
            }
            catch (OperationCanceledException)
            {
                foreach (var lookup in batch) lookup.Answer.TrySetCanceled();
            }
            catch (Exception ex)
            {
                foreach (var lookup in batch) lookup.Answer.TrySetException(ex);
            }
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> ListSubnetAsync(SubnetPorts subnet)
    {
        var ports = await _listPorts(new PortFilter { NetworkId = subnet.SubnetId, DeviceOwner = VpcPort.VirtualIpOwner },
            _cancellationToken).ConfigureAwait(false);
        subnet.Listed(ports.Count);
        return HoldersOf(ports);
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadEachAsync(string subnetId, IEnumerable<string> ipAddresses)
    {
        var reads = ipAddresses.Select(ip => _listPorts(new PortFilter
        {
            NetworkId = subnetId, FixedIpAddress = ip, DeviceOwner = VpcPort.VirtualIpOwner,
        }, _cancellationToken)).ToArray();
        await Task.WhenAll(reads).ConfigureAwait(false);
        return HoldersOf(reads.SelectMany(r => r.Result));
    }

    // A virtual IP port holds its address among its fixed IPs; the first port met wins, as a single read would answer.
    private static IReadOnlyDictionary<string, string> HoldersOf(IEnumerable<VpcPort> ports)
    {
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var port in ports)
        foreach (var ip in port.FixedIps)
        {
            if (!holders.ContainsKey(ip)) holders[ip] = port.PortId;
        }
        return holders;
    }

    private sealed class SubnetPorts
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, Task<string?>> _answers = new(StringComparer.Ordinal);
        private readonly int _maxReaders;
        private List<PendingLookup> _pending = new();
        private int _readers;
        private int? _listedPorts;

        public SubnetPorts(string subnetId, int maxReaders)
        {
            SubnetId = subnetId;
            _maxReaders = maxReaders;
        }

        public string SubnetId { get; }

        // The answer for the address (shared by every NIC bound to it) and whether the caller must start a reader.
        public (Task<string?> Answer, bool StartReading) Find(string ipAddress)
        {
            lock (_gate)
            {
                if (_answers.TryGetValue(ipAddress, out var known)) return (known, false);
                var lookup = new PendingLookup(ipAddress);
                _answers[ipAddress] = lookup.Answer.Task;
                _pending.Add(lookup);
                if (_readers >= _maxReaders) return (lookup.Answer.Task, false);
                _readers++;
                return (lookup.Answer.Task, true);
            }
        }

        public List<PendingLookup> TakePending()
        {
            lock (_gate)
            {
                var batch = _pending;
                _pending = new List<PendingLookup>();
                if (batch.Count == 0) _readers--;
                return batch;
            }
        }

        // A whole list pays off for two lookups or more, unless the subnet's list proved too long to read again.
        public bool ShouldList(int lookups)
        {
            lock (_gate) return lookups > 1 && (_listedPorts is null || _listedPorts <= MaxListedPorts);
        }

        public void Listed(int ports)
        {
            lock (_gate) _listedPorts = ports;
        }
    }

    private sealed class PendingLookup
    {
        public PendingLookup(string ipAddress) => IpAddress = ipAddress;

        public string IpAddress { get; }

        public TaskCompletionSource<string?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
