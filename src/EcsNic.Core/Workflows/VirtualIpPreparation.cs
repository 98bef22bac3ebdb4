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
/// Keys the unbinds of one bulk virtual IP operation by the virtual IPs they really touch (<see cref="BulkKeys.ForReadUnbind"/>):
/// reads each unbind's NIC port before the call is posted, then, in input order, adds the virtual IPs of the binds of the
/// same NIC posted earlier in the operation. One instance per operation.
/// </summary>
public sealed class VirtualIpPreparation
{
    private readonly EcsClient _client;
    private readonly IEcsLogger _log;

    // Only Admit touches these, and the operation calls it one call at a time.
    private readonly Dictionary<string, List<(string SubnetId, string IpAddress)>> _bindsByNic = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _nicsPosted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the preparation of one operation, reading with <paramref name="client"/>.</summary>
    public VirtualIpPreparation(EcsClient client, IEcsLogger log)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>This preparation as a <see cref="BulkOperation{TIn,TOut}"/> runs it, its reads cancelled by <paramref name="cancellationToken"/>.</summary>
    public BulkPreparation<VirtualIpCall> For(CancellationToken cancellationToken) =>
        new(NeedsRead, ReadAsync, Admit, cancellationToken);

    /// <summary>
    /// ECS unbinds are read for. A VPC-route unbind reads the subnet's virtual IP ports itself, and those list the NIC
    /// without the NIC naming them, so it keeps the conservative keys.
    /// </summary>
    public static bool NeedsRead(VirtualIpCall call) => call is { IsBind: false, Api: VirtualIpApi.Ecs };

    /// <summary>Reads the NIC's port (ShowPort); a 404 is recorded, any other failure posts the call as it came.</summary>
    public async Task<VirtualIpCall> ReadAsync(VirtualIpCall call, CancellationToken cancellationToken)
    {
        if (call is null) throw new ArgumentNullException(nameof(call));
        try
        {
            var port = await ReadPortAsync(call.NicId, cancellationToken).ConfigureAwait(false);
            return call.Prepared(call.Keys, port, readAgain: true);
        }
        catch (EcsApiException ex) when (ex.StatusCode == 404)
        {
            // Nothing to read again under the keys: the unbind goes straight to the call, whose own error says what is wrong.
            return call.Prepared(call.Keys, null, readAgain: false);
        }
        catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Log(EcsLogLevel.Verbose, $"NIC {call.NicId}: its port could not be read before its turn, so its unbind waits for every " +
                                           $"other call on its subnet's virtual IPs: {ex.Message}");
            throw;
        }
    }

    /// <summary>
    /// Fixes a call's keys, in input order: a bind is noted for its NIC; an unbind that was read holds its NIC and the
    /// virtual IPs its port and the NIC's earlier binds name, and reads again under them when an earlier call of the
    /// operation on the same NIC may have changed the port since the read.
    /// </summary>
    public VirtualIpCall Admit(VirtualIpCall call)
    {
        if (call is null) throw new ArgumentNullException(nameof(call));
        var earlierOnNic = !_nicsPosted.Add(call.NicId);
        if (call.IsBind)
        {
            if (!_bindsByNic.TryGetValue(call.NicId, out var binds)) _bindsByNic[call.NicId] = binds = new List<(string, string)>();
            binds.Add((call.SubnetId!, call.IpAddress!));
            return call;
        }
        if (call.ReadPort is not { } port || string.IsNullOrEmpty(port.SubnetId)) return call;
        var earlierBinds = _bindsByNic.TryGetValue(call.NicId, out var posted)
            ? (IReadOnlyList<(string, string)>)posted
            : Array.Empty<(string, string)>();
        var keys = BulkKeys.ForReadUnbind(call.NicId, port.SubnetId!, port.AllowedAddressPairs.Select(p => p.IpAddress), earlierBinds) ??
                   BulkKeys.ForUnbind(call.NicId, port.SubnetId);
        return call.Prepared(keys, port, readAgain: earlierOnNic);
    }

    private Task<VpcPort> ReadPortAsync(string nicId, CancellationToken cancellationToken)
    {
        using (EcsLogScope.Begin(_log))
        {
            return _client.GetPortAsync(nicId, cancellationToken);
        }
    }
}
