using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Errors;
using EcsNic.Core.Jobs;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Text;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Detaches NICs from servers (BatchDeleteServerNics): the NICs given are grouped per server (in the order the servers
/// came, each NIC once) and sent as one request per server, never repeated; a primary NIC is refused before sending. The
/// job is the result, or, when waiting, its final record.
/// </summary>
public sealed class DetachNics
{
    private readonly EcsClient _client;
    private readonly IOperationSink _sink;
    private readonly bool _wait;
    private readonly RecentResources? _recent;
    private readonly List<string> _servers = new();
    private readonly Dictionary<string, List<string>> _nics = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ServerNic> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object> _targets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, EcsJob> _submitted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the operation; submitted jobs are remembered in <paramref name="recent"/>.</summary>
    public DetachNics(EcsClient client, IOperationSink sink, bool wait, RecentResources? recent)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _wait = wait;
        _recent = recent;
    }

    /// <summary>Each server with its NICs, in the order the servers first came.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Groups =>
        _servers.Select(s => new KeyValuePair<string, IReadOnlyList<string>>(s, _nics[s].ToArray())).ToArray();

    /// <summary>The jobs submitted and waited for.</summary>
    public IReadOnlyList<string> JobIds => _submitted.Keys.ToArray();

    /// <summary>Adds a checked NIC of a server; <paramref name="target"/> is its input record, which may say whether it is primary.</summary>
    public void Add(string serverId, string nicId, object target)
    {
        if (!_nics.TryGetValue(serverId, out var list))
        {
            _nics.Add(serverId, list = new List<string>());
            _servers.Add(serverId);
        }
        if (!list.Contains(nicId, StringComparer.OrdinalIgnoreCase)) list.Add(nicId);
        _targets[nicId] = target;
        if (target is ServerNic record && string.Equals(record.PortId, nicId, StringComparison.OrdinalIgnoreCase)) _records[nicId] = record;
    }

    /// <summary>The NIC with its addresses, when a record or the session knows them, for the confirmation prompt.</summary>
    public string Describe(string nicId) => ConfirmationText.Nic(nicId, Record(nicId), _recent);

    /// <summary>
    /// The NICs of the server that may be detached: each primary one (known from its record, else from one read of the
    /// server) is refused with an error and left out.
    /// </summary>
    public async Task<IReadOnlyList<string>> DetachableAsync(string serverId, IReadOnlyList<string> nicIds, CancellationToken cancellationToken)
    {
        var primary = new HashSet<string>(nicIds.Where(id => Record(id)?.IsPrimary == true), StringComparer.OrdinalIgnoreCase);
        if (!nicIds.All(id => Record(id)?.IsPrimary is not null))
        {
            try
            {
                primary.UnionWith(await _client.GetPrimaryNicIdsAsync(serverId, cancellationToken).ConfigureAwait(false));
            }
            catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Only a safety check: the cloud refuses the primary NIC itself, and the result then says so.
                _sink.Log(EcsLogLevel.Verbose, $"Could not check which NIC of server {serverId} is the primary one: {ex.Message}");
            }
        }
        foreach (var nicId in nicIds.Where(primary.Contains))
        {
            _sink.Error(new EcsRefusalException(EcsErrorIds.PrimaryNic, EcsErrorKind.InvalidOperation,
                $"NIC {Describe(nicId)} is the primary NIC of server {serverId}, which cannot be detached; it was not sent.",
                "Leave the primary NIC out: " + UserWords.Task(UserTask.DetachExtensionNics, UserWords.With(UserInput.ServerId, "<id>"))),
                _targets.TryGetValue(nicId, out var target) ? target : nicId);
        }
        return nicIds.Where(id => !primary.Contains(id)).ToArray();
    }

    /// <summary>Submits one request for the server's NICs; reports the job, or keeps it to wait for.</summary>
    public async Task SubmitAsync(string serverId, IReadOnlyList<string> nicIds, CancellationToken cancellationToken)
    {
        EcsJob job;
        try
        {
            job = await _client.DeleteServerNicsAsync(serverId, nicIds, cancellationToken).ConfigureAwait(false);
        }
        catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _sink.Error(ex, serverId);
            return;
        }
        _recent?.RememberJob(job);
        _sink.Log(EcsLogLevel.Verbose, $"Submitted job {job.JobId} to detach NIC(s) {string.Join(", ", nicIds)} from server {serverId}.");
        if (_wait) _submitted[job.JobId] = job;
        else _sink.Output(job);
    }

    /// <summary>After the job of <paramref name="outcome"/> succeeded: reports its final record.</summary>
    public Task FinishAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        var job = outcome.Job ?? _submitted[outcome.JobId];
        _sink.Log(EcsLogLevel.Verbose, $"Job {job.JobId} detached NIC(s) {string.Join(", ", job.NicIds)} from server {job.ServerId}.");
        _sink.Output(job);
        return Task.CompletedTask;
    }

    /// <summary>The target of an error about the job of <paramref name="outcome"/>: the job record.</summary>
    public object TargetOf(JobOutcome outcome) => outcome.Job ?? _submitted[outcome.JobId];

    private ServerNic? Record(string nicId) => _records.TryGetValue(nicId, out var record) ? record : null;
}
