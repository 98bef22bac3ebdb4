using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Errors;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Lists the NICs attached to servers (ListServerInterfaces), each server once, with IsPrimary from the server's own
/// addresses (ShowServer, read at the same time). A server that fails is an error about its input; the rest go on.
/// </summary>
public sealed class ListServerNics
{
    private readonly EcsClient _client;
    private readonly IOperationSink _sink;
    // A server named twice (two IDs, or piped twice) is listed once.
    private readonly HashSet<string> _listed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the operation; one instance serves one call, so that it lists each server once.</summary>
    public ListServerNics(EcsClient client, IOperationSink sink)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>Reports the NICs of the checked <paramref name="serverId"/>, or an error about <paramref name="target"/>.</summary>
    public async Task ListAsync(string serverId, object target, CancellationToken cancellationToken)
    {
        if (!_listed.Add(serverId))
        {
            _sink.Log(EcsLogLevel.Verbose, $"Server {serverId} was already listed by this command; skipped.");
            return;
        }
        IReadOnlyList<ServerNic> nics;
        try
        {
            nics = await ListWithPrimaryAsync(serverId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _sink.Error(ex, target);
            return;
        }
        foreach (var nic in nics)
            _sink.Output(nic);
    }

    // The NIC list has no primary flag; the server's addresses do, so both are read at once.
    private async Task<IReadOnlyList<ServerNic>> ListWithPrimaryAsync(string serverId, CancellationToken cancellationToken)
    {
        var primaryTask = _client.GetPrimaryNicIdsAsync(serverId, cancellationToken);
        IReadOnlyList<ServerNic> nics;
        try
        {
            nics = await _client.ListServerNicsAsync(serverId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // No request may outlive the call: the read of the server's details ends before the error is reported.
            try
            {
                await primaryTask.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The list's error is the one to report.
            }
            throw;
        }
        IReadOnlyCollection<string>? primary = null;
        try
        {
            primary = await primaryTask.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _sink.Log(EcsLogLevel.Warning,
                $"Could not read which NIC of server {serverId} is the primary one ({EcsErrorClassifier.Classify(ex).Message}); " +
                "IsPrimary is left empty.");
        }
        var primarySet = primary is null ? null : new HashSet<string>(primary, StringComparer.OrdinalIgnoreCase);
        return nics.Select(n => n.WithPrimary(primarySet?.Contains(n.PortId))).ToArray();
    }
}
