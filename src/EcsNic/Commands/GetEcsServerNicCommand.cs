using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Lists the NICs attached to servers (ListServerInterfaces). The records pipe straight into Set-EcsNicVirtualIp,
/// Remove-EcsNicVirtualIp and Remove-EcsServerNic.
/// </summary>
/// <remarks>
/// -ServerId deliberately has no "Id" alias: NIC, job and many foreign records carry an Id that is not a server ID, and
/// binding one would list the wrong thing or fail confusingly.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "EcsServerNic")]
[OutputType(typeof(ServerNic))]
public sealed class GetEcsServerNicCommand : EcsCmdlet
{
    /// <summary>The server (instance) IDs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("server_id")]
    [ArgumentCompleter(typeof(ServerIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] ServerId { get; set; } = Array.Empty<string>();

    // A server named twice (-ServerId $a, $a, or piped twice) is listed once.
    private readonly HashSet<string> _listed = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override void Process()
    {
        foreach (var value in ServerId)
        {
            string serverId;
            try
            {
                serverId = EcsArguments.ServerId("ServerId", value);
            }
            catch (EcsValidationException ex)
            {
                WriteEcsError(ex, PipelineRecord ?? value);
                continue;
            }

            if (!_listed.Add(serverId))
            {
                WriteVerbose($"Server {serverId} was already listed by this command; skipped.");
                continue;
            }

            try
            {
                var nics = Run(ct => ListWithPrimaryAsync(serverId, ct));
                Drain();
                foreach (var nic in nics)
                    WriteObject(nic);
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                WriteEcsError(ex, PipelineRecord ?? serverId);
            }
        }
        Drain();
    }

    // The NIC list has no primary flag; the server's addresses do, so both are read at once.
    private async Task<IReadOnlyList<ServerNic>> ListWithPrimaryAsync(string serverId, CancellationToken cancellationToken)
    {
        var client = Client;
        var primaryTask = client.GetPrimaryNicIdsAsync(serverId, cancellationToken);
        IReadOnlyList<ServerNic> nics;
        try
        {
            nics = await client.ListServerNicsAsync(serverId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // No request may outlive the command: the read of the server's details ends before the error is reported.
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
            Sink.Log(EcsLogLevel.Warning,
                $"Could not read which NIC of server {serverId} is the primary one ({EcsErrorClassifier.Classify(ex).Message}); " +
                "IsPrimary is left empty.");
        }
        var primarySet = primary is null ? null : new HashSet<string>(primary, StringComparer.OrdinalIgnoreCase);
        return nics.Select(n => n.WithPrimary(primarySet?.Contains(n.PortId))).ToArray();
    }
}
