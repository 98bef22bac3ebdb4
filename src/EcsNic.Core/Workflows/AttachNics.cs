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
/// Attaches NICs to servers (BatchAddServerNics): one request per server, never repeated; the job is the result, or, when
/// waiting, the new NICs once the job has succeeded. A port to attach is read first and refused unless it is DOWN and free.
/// </summary>
public sealed class AttachNics
{
    /// <summary>The error ID of a port that cannot be attached.</summary>
    public const string PortNotAttachableId = "EcsNic.PortNotAttachable";

    private readonly EcsClient _client;
    private readonly IOperationSink _sink;
    private readonly bool _wait;
    private readonly RecentResources? _recent;
    private readonly HashSet<string> _ports = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Creates the operation; with <paramref name="wait"/> the jobs are kept for <see cref="FinishAsync"/>. Submitted jobs are
    /// remembered in <paramref name="recent"/> (for completing job IDs) even when only their NICs are reported.
    /// </summary>
    public AttachNics(EcsClient client, IOperationSink sink, bool wait, RecentResources? recent)
    {
        _recent = recent;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _wait = wait;
    }

    /// <summary>The jobs submitted and waited for.</summary>
    public IReadOnlyList<string> JobIds => _pending.Keys.ToArray();

    /// <summary>
    /// Reads the port: the NIC spec that attaches it, or null, with an error, when it is not a DOWN port that no device
    /// uses (or with a warning when it came before).
    /// </summary>
    public async Task<NicSpec?> PortSpecAsync(string portId, CancellationToken cancellationToken)
    {
        if (!_ports.Add(portId))
        {
            _sink.Log(EcsLogLevel.Warning, $"Port {portId} appears more than once in the input; it is attached once.");
            return null;
        }
        var port = await _client.GetPortAsync(portId, cancellationToken).ConfigureAwait(false);
        if (port.IsAttachable && !string.IsNullOrEmpty(port.SubnetId)) return new NicSpec { SubnetId = port.SubnetId!, PortId = portId };
        var state = port.IsAttached ? $"is used by server {port.DeviceId}"
            : port.IsVirtualIp ? "is a virtual IP port"
            : $"reads {port.Status ?? "no status"}{(string.IsNullOrEmpty(port.DeviceOwner) ? string.Empty : ", owned by " + port.DeviceOwner)}";
        _sink.Error(new EcsRefusalException(PortNotAttachableId, EcsErrorKind.InvalidOperation,
            $"Port {portId} {state}: only a DOWN port that no device uses can be attached. Nothing was sent.",
            $"Create a new NIC with {UserWords.Task(UserTask.CreatePort, UserWords.Switch(UserInput.Wait))}, or check this one with " +
            $"{UserWords.Task(UserTask.ListPorts, UserWords.With(UserInput.PortId, portId))}."), port);
        return null;
    }

    /// <summary>Submits one request for <paramref name="specs"/> on the server; reports the job, or keeps it to wait for.</summary>
    public async Task SubmitAsync(string serverId, IReadOnlyList<NicSpec> specs, CancellationToken cancellationToken)
    {
        // Only a fallback for telling the new NICs apart when the job names none; nothing is attached yet if it fails.
        var before = _wait ? await _client.ListServerNicsAsync(serverId, cancellationToken).ConfigureAwait(false) : null;
        var job = await _client.AddServerNicsAsync(serverId, specs, cancellationToken).ConfigureAwait(false);
        _recent?.RememberJob(job);
        _sink.Log(EcsLogLevel.Verbose, $"Submitted job {job.JobId} to attach {NicSpecs.Describe(specs)} to server {serverId}.");
        if (!_wait)
        {
            _sink.Output(job);
            return;
        }
        if (!_pending.ContainsKey(job.JobId)) _pending[job.JobId] = new Pending(serverId, job, before, specs);
    }

    /// <summary>After the job of <paramref name="outcome"/> succeeded: reports the server's new NICs.</summary>
    public async Task FinishAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        var pending = _pending[outcome.JobId];
        var job = outcome.Job ?? pending.Job;
        IReadOnlyList<ServerNic> after;
        try
        {
            after = await _client.ListServerNicsAsync(pending.ServerId, cancellationToken).ConfigureAwait(false);
        }
        catch (EcsException ex)
        {
            _sink.Error(ex, pending.ServerId);
            return;
        }
        var nics = NewNicSelector.Select(job, pending.Specs, pending.Before, after);
        foreach (var nic in nics)
        {
            _sink.Log(EcsLogLevel.Verbose, $"Job {job.JobId} attached NIC {ConfirmationText.Nic(nic.PortId, nic.FixedIps)} to server {pending.ServerId}.");
            // An attached NIC is an extension NIC: the primary one comes with the server.
            _sink.Output(nic.WithPrimary(false));
        }
        if (nics.Count < pending.Specs.Count)
        {
            _sink.Log(EcsLogLevel.Warning, $"Job {job.JobId} succeeded, but only {nics.Count} of the {pending.Specs.Count} new NIC(s) of " +
                      $"server {pending.ServerId} were found. Run {UserWords.Task(UserTask.ListServerNics, UserWords.With(UserInput.ServerId, pending.ServerId))} to see them.");
        }
    }

    /// <summary>The target of an error about the job of <paramref name="outcome"/>: the job record.</summary>
    public object TargetOf(JobOutcome outcome) => outcome.Job ?? _pending[outcome.JobId].Job;

    private sealed class Pending
    {
        public Pending(string serverId, EcsJob job, IReadOnlyList<ServerNic>? before, IReadOnlyList<NicSpec> specs)
        {
            ServerId = serverId;
            Job = job;
            Before = before;
            Specs = specs;
        }

        public string ServerId { get; }

        public EcsJob Job { get; }

        public IReadOnlyList<ServerNic>? Before { get; }

        public IReadOnlyList<NicSpec> Specs { get; }
    }
}
