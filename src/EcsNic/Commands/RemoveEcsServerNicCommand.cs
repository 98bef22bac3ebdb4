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
/// Detaches NICs from servers (BatchDeleteServerNics). Piped NICs are collected and sent as one request per server at
/// the end of the pipeline; each request is confirmed once. Returns the jobs, or with -Wait their final records.
/// </summary>
/// <remarks>-NicId has no "Id" alias: with a high-impact delete, a foreign record's Id must never be taken for a NIC.</remarks>
[Cmdlet(VerbsCommon.Remove, "EcsServerNic", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(EcsJob))]
public sealed class RemoveEcsServerNicCommand : EcsCmdlet
{
    private const string ByIdSet = "ById";
    private const string InputObjectSet = "InputObject";

    private readonly NicRemovalPlan _plan = new();
    private readonly Dictionary<string, ServerNic> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object> _targets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The server (instance) ID.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("server_id")]
    [ArgumentCompleter(typeof(ServerIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string ServerId { get; set; } = string.Empty;

    /// <summary>The NIC (port) IDs to detach.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PortId", "port_id")]
    [ArgumentCompleter(typeof(NicIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] NicId { get; set; } = Array.Empty<string>();

    /// <summary>NIC records from Get-EcsServerNic.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public ServerNic[] InputObject { get; set; } = Array.Empty<ServerNic>();

    /// <summary>Do not ask for confirmation. -WhatIf still previews, and an explicit -Confirm still asks.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Wait for the detach jobs and return their final records.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait for the jobs, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = JobWaitSettings.DefaultTimeoutSec;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var nic in InputObject)
                Collect(nic?.ServerId, nic?.PortId, nic);
        }
        else
        {
            // Piped NIC records bind here by property name: the record is the error target and says whether it is primary.
            var piped = PipelineRecord;
            foreach (var nicId in NicId)
                Collect(ServerId, nicId, piped ?? nicId);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var submitted = new List<EcsJob>();
        try
        {
            foreach (var group in _plan.Groups())
            {
                if (Submit(group.Key, group.Value) is { } job)
                {
                    if (Wait.IsPresent)
                        submitted.Add(job);
                    else
                        WriteObject(job);
                }
            }
            DrainLogs();
            if (submitted.Count == 0) return;
            WaitForDetachJobs(submitted);
        }
        catch (PipelineStoppedException)
        {
            WarnJobsLeftRunning(submitted.Select(j => j.JobId).ToArray());
            throw;
        }
    }

    // Refuses the primary NIC before anything is sent, asks once per server, sends one request; null when nothing was sent.
    private EcsJob? Submit(string serverId, IReadOnlyList<string> nicIds)
    {
        var primary = PrimaryNicsOf(serverId, nicIds);
        foreach (var nicId in nicIds.Where(primary.Contains))
        {
            DrainLogs();
            WriteError(ErrorRecords.Create(EcsErrorIds.PrimaryNic, EcsErrorKind.InvalidOperation,
                $"NIC {ConfirmationText.Nic(nicId, Record(nicId), EcsSession.Default.Recent)} is the primary NIC of server {serverId}, " +
                "which cannot be detached; it was not sent.",
                _targets.TryGetValue(nicId, out var target) ? target : nicId,
                "Leave the primary NIC out: Get-EcsServerNic -ServerId <id> | Where-Object { -not $_.IsPrimary } | Remove-EcsServerNic"));
        }
        var detach = nicIds.Where(id => !primary.Contains(id)).ToArray();
        if (detach.Length == 0) return null;

        var described = detach.Select(id => ConfirmationText.Nic(id, Record(id), EcsSession.Default.Recent)).ToArray();
        if (!ShouldProcessUnlessForced(Force.IsPresent, $"server {serverId}", $"Detach NIC(s) {ConfirmationText.List(described)}")) return null;
        try
        {
            var job = Await(ct => Client.DeleteServerNicsAsync(serverId, detach, ct));
            EcsSession.Default.Recent.RememberJob(job);
            DrainLogs();
            WriteVerbose($"Submitted job {job.JobId} to detach NIC(s) {string.Join(", ", detach)} from server {serverId}.");
            return job;
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, serverId);
            return null;
        }
    }

    // The NICs known to be primary: from the piped records, else from the server's addresses (one read per server).
    private HashSet<string> PrimaryNicsOf(string serverId, IReadOnlyList<string> nicIds)
    {
        var primary = new HashSet<string>(nicIds.Where(id => Record(id)?.IsPrimary == true), StringComparer.OrdinalIgnoreCase);
        if (nicIds.All(id => Record(id)?.IsPrimary is not null)) return primary;
        try
        {
            foreach (var id in Await(ct => Client.GetPrimaryNicIdsAsync(serverId, ct)))
                primary.Add(id);
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            // Only a safety check: the cloud refuses the primary NIC itself, and the result then says so.
            DrainLogs();
            WriteVerbose($"Could not check which NIC of server {serverId} is the primary one: {EcsErrorClassifier.Classify(ex).Message}");
        }
        return primary;
    }

    private void WaitForDetachJobs(List<EcsJob> submitted)
    {
        var byJob = submitted.GroupBy(j => j.JobId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        try
        {
            WaitForJobs(byJob.Keys.ToArray(), JobWaitSettings.Create(TimeoutSec, null, null, null), "Detaching NICs", outcome =>
            {
                var job = outcome.Job ?? byJob[outcome.JobId];
                if (outcome.Kind == JobOutcomeKind.Succeeded)
                {
                    DrainLogs();
                    WriteVerbose($"Job {job.JobId} detached NIC(s) {string.Join(", ", job.NicIds)} from server {job.ServerId}.");
                    WriteObject(job);
                }
                else
                {
                    WriteEcsError(outcome.Error ?? new EcsException($"Job {job.JobId} detaching NICs ended as {outcome.Kind}."), job);
                }
            });
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, submitted.ToArray());
        }
        DrainLogs();
    }

    private ServerNic? Record(string nicId) => _records.TryGetValue(nicId, out var record) ? record : null;

    private void Collect(string? serverId, string? nicId, object? target)
    {
        try
        {
            var server = EcsArguments.ServerId(ParameterSetName == InputObjectSet ? "InputObject.ServerId" : "ServerId", serverId);
            var nic = EcsArguments.NicId(ParameterSetName == InputObjectSet ? "InputObject.PortId" : "NicId", nicId);
            _plan.Add(server, nic);
            _targets[nic] = target ?? nic;
            if (target is ServerNic record && string.Equals(record.PortId, nic, StringComparison.OrdinalIgnoreCase)) _records[nic] = record;
        }
        catch (EcsValidationException ex)
        {
            WriteEcsError(ex, target);
        }
    }
}
