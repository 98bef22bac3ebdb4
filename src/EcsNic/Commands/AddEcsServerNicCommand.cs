using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Attaches NICs to servers (BatchAddServerNics) and returns the job. With -Wait it waits for the jobs and returns the
/// new NICs as records that pipe into Set-EcsNicVirtualIp. The request is never repeated: when its outcome is unknown,
/// the error says how to check.
/// </summary>
/// <remarks>
/// In the Single and Spec sets only -ServerId binds from the pipeline: the NIC spec comes from the command line, so that
/// piping NIC records can never re-attach an existing port by accident, and a server that appears twice in one call gets
/// its NICs once. In the Port set -PortId binds from the pipeline (a New-EcsNic record), the subnet is the port's own, as
/// BatchAddServerNics allows, and each port is read first: one that is not DOWN and free is refused before anything is sent.
/// </remarks>
// The default set is Port, so that -PortId alone or a piped port record needs no -SubnetId; -SubnetId always selects Single.
[Cmdlet(VerbsCommon.Add, "EcsServerNic", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = PortSet)]
[OutputType(typeof(EcsJob), typeof(ServerNic))]
public sealed class AddEcsServerNicCommand : EcsCmdlet
{
    private const string SingleSet = "Single";
    private const string SpecSet = "Spec";
    private const string PortSet = "Port";

    private readonly HashSet<string> _servers = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _ports = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PendingAttach> _pending = new();
    private IReadOnlyList<NicSpec> _specs = Array.Empty<NicSpec>();

    /// <summary>The server (instance) ID.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("server_id")]
    [ArgumentCompleter(typeof(ServerIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string ServerId { get; set; } = string.Empty;

    /// <summary>The network (VPC subnet) ID of the new NIC.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = SingleSet)]
    [Alias("NetworkId")]
    [ValidateNotNullOrEmpty]
    public string SubnetId { get; set; } = string.Empty;

    /// <summary>Security groups of the new NIC.</summary>
    [Parameter(ParameterSetName = SingleSet)]
    [ValidateNotNullOrEmpty]
    public string[]? SecurityGroupId { get; set; }

    /// <summary>A fixed IPv4 address for the new NIC.</summary>
    [Parameter(ParameterSetName = SingleSet)]
    [ValidateNotNullOrEmpty]
    public string? IpAddress { get; set; }

    /// <summary>An existing port to attach instead of creating a NIC; on its own (or piped from New-EcsNic) it needs no -SubnetId.</summary>
    [Parameter(ParameterSetName = SingleSet)]
    [Parameter(Mandatory = true, ParameterSetName = PortSet, ValueFromPipelineByPropertyName = true)]
    [Alias("port_id")]
    [ValidateNotNullOrEmpty]
    public string? PortId { get; set; }

    /// <summary>Give the new NIC an IPv6 address.</summary>
    [Parameter(ParameterSetName = SingleSet)]
    public SwitchParameter Ipv6Enable { get; set; }

    /// <summary>The shared bandwidth for the NIC's IPv6 address; needs -Ipv6Enable.</summary>
    [Parameter(ParameterSetName = SingleSet)]
    [ValidateNotNullOrEmpty]
    public string? Ipv6BandwidthId { get; set; }

    /// <summary>Several NIC specs at once, attached to each server in one request.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SpecSet)]
    [ValidateNotNullOrEmpty]
    public NicSpec[] Nic { get; set; } = Array.Empty<NicSpec>();

    /// <summary>Wait for the attach jobs and return the new NICs instead of the jobs.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait for the jobs, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = JobWaitSettings.DefaultTimeoutSec;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ParameterSetName == PortSet) return;
        try
        {
            _specs = ParameterSetName == SpecSet
                ? NicSpecs.Check(Nic)
                : new[] { NicSpecs.Build(SubnetId, SecurityGroupId, IpAddress, PortId, Ipv6Enable.IsPresent, Ipv6BandwidthId) };
        }
        catch (EcsValidationException ex)
        {
            ThrowEcsError(ex, null);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        string serverId;
        try
        {
            serverId = EcsArguments.ServerId("ServerId", ServerId);
        }
        catch (EcsValidationException ex)
        {
            WriteEcsError(ex, PipelineRecord ?? ServerId);
            return;
        }
        if (ParameterSetName == PortSet)
        {
            AttachPort(serverId);
            return;
        }
        if (!_servers.Add(serverId))
        {
            WriteWarning($"Server {serverId} appears more than once in the input; its NICs are attached once.");
            return;
        }
        if (!ShouldProcess($"server {serverId}", $"Attach {NicSpecs.Describe(_specs)}")) return;
        Submit(serverId, _specs);
    }

    private void AttachPort(string serverId)
    {
        string portId;
        try
        {
            portId = EcsArguments.PortId("PortId", PortId);
        }
        catch (EcsValidationException ex)
        {
            WriteEcsError(ex, PortId);
            return;
        }
        if (!_ports.Add(portId))
        {
            WriteWarning($"Port {portId} appears more than once in the input; it is attached once.");
            return;
        }

        NicSpec spec;
        try
        {
            var port = Await(ct => Client.GetPortAsync(portId, ct));
            if (!port.IsAttachable || string.IsNullOrEmpty(port.SubnetId))
            {
                var state = port.IsAttached ? $"is used by server {port.DeviceId}"
                    : port.IsVirtualIp ? "is a virtual IP port"
                    : $"reads {port.Status ?? "no status"}{(string.IsNullOrEmpty(port.DeviceOwner) ? string.Empty : ", owned by " + port.DeviceOwner)}";
                DrainLogs();
                WriteError(ErrorRecords.Create("EcsNic.PortNotAttachable", EcsErrorKind.InvalidOperation,
                    $"Port {portId} {state}: only a DOWN port that no device uses can be attached. Nothing was sent.", port,
                    $"Create a new NIC with New-EcsNic -Wait, or check this one with Get-EcsNic -PortId {portId}."));
                return;
            }
            spec = new NicSpec { SubnetId = port.SubnetId!, PortId = portId };
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, portId);
            return;
        }
        if (!ShouldProcess($"server {serverId}", $"Attach {NicSpecs.Describe(new[] { spec })}")) return;
        Submit(serverId, new[] { spec });
    }

    private void Submit(string serverId, IReadOnlyList<NicSpec> specs)
    {
        IReadOnlyList<ServerNic>? before = null;
        try
        {
            // Only a fallback for telling the new NICs apart when the job names none; nothing is attached yet if it fails.
            if (Wait.IsPresent)
                before = Await(ct => Client.ListServerNicsAsync(serverId, ct));
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, PipelineRecord ?? serverId);
            return;
        }

        EcsJob job;
        try
        {
            job = Await(ct => Client.AddServerNicsAsync(serverId, specs, ct));
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, PipelineRecord ?? serverId);
            return;
        }

        EcsSession.Default.Recent.RememberJob(job);
        DrainLogs();
        WriteVerbose($"Submitted job {job.JobId} to attach {NicSpecs.Describe(specs)} to server {serverId}.");
        if (Wait.IsPresent)
            _pending.Add(new PendingAttach(serverId, job, before, specs));
        else
            WriteObject(job);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_pending.Count == 0) return;
        var byJob = _pending.GroupBy(p => p.Job.JobId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var options = JobWaitSettings.Create(TimeoutSec, null, null, null);
        try
        {
            try
            {
                WaitForJobs(byJob.Keys.ToArray(), options, "Attaching NICs", outcome => Finish(byJob[outcome.JobId], outcome));
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                WriteEcsError(ex, _pending.Select(p => p.Job).ToArray());
            }
        }
        catch (PipelineStoppedException)
        {
            WarnJobsLeftRunning(byJob.Keys.ToArray());
            throw;
        }
        DrainLogs();
    }

    private void Finish(PendingAttach pending, JobOutcome outcome)
    {
        var job = outcome.Job ?? pending.Job;
        if (outcome.Kind != JobOutcomeKind.Succeeded)
        {
            WriteEcsError(outcome.Error ?? new EcsException($"Job {job.JobId} attaching NICs to server {pending.ServerId} ended as {outcome.Kind}."), job);
            return;
        }

        IReadOnlyList<ServerNic> after;
        try
        {
            after = Await(ct => Client.ListServerNicsAsync(pending.ServerId, ct));
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, pending.ServerId);
            return;
        }
        var nics = NewNicSelector.Select(job, pending.Specs, pending.Before, after);
        DrainLogs();
        foreach (var nic in nics)
        {
            // An attached NIC is an extension NIC: the primary one comes with the server.
            WriteVerbose($"Job {job.JobId} attached NIC {ConfirmationText.Nic(nic.PortId, nic.FixedIps)} to server {pending.ServerId}.");
            WriteObject(nic.WithPrimary(false));
        }
        if (nics.Count < pending.Specs.Count)
        {
            WriteWarning($"Job {job.JobId} succeeded, but only {nics.Count} of the {pending.Specs.Count} new NIC(s) of server {pending.ServerId} " +
                         $"were found. Run Get-EcsServerNic -ServerId {pending.ServerId} to see them.");
        }
    }

    private sealed class PendingAttach
    {
        public PendingAttach(string serverId, EcsJob job, IReadOnlyList<ServerNic>? before, IReadOnlyList<NicSpec> specs)
        {
            ServerId = serverId;
            Job = job;
            Before = before;
            Specs = specs;
        }

        public IReadOnlyList<NicSpec> Specs { get; }

        public string ServerId { get; }

        public EcsJob Job { get; }

        public IReadOnlyList<ServerNic>? Before { get; }
    }
}
