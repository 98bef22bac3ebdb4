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
            foreach (var nicId in NicId)
                Collect(ServerId, nicId, nicId);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var submitted = new List<EcsJob>();
        foreach (var group in _plan.Groups())
        {
            var serverId = group.Key;
            var nicIds = group.Value;
            if (!ShouldProcessUnlessForced(Force.IsPresent, $"server {serverId}", $"Detach NIC(s) {string.Join(", ", nicIds)}")) continue;
            try
            {
                var job = Await(ct => Client.DeleteServerNicsAsync(serverId, nicIds, ct));
                if (Wait.IsPresent)
                    submitted.Add(job);
                else
                    WriteObject(job);
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                WriteEcsError(ex, serverId);
            }
        }
        DrainLogs();
        if (submitted.Count == 0) return;

        var byJob = submitted.GroupBy(j => j.JobId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        try
        {
            WaitForJobs(byJob.Keys.ToArray(), JobWaitSettings.Create(TimeoutSec, null, null, null), "Detaching NICs", outcome =>
            {
                var job = outcome.Job ?? byJob[outcome.JobId];
                if (outcome.Kind == JobOutcomeKind.Succeeded)
                    WriteObject(job);
                else
                    WriteEcsError(outcome.Error ?? new EcsException($"Job {job.JobId} detaching NICs ended as {outcome.Kind}."), job);
            });
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, submitted.ToArray());
        }
        DrainLogs();
    }

    private void Collect(string? serverId, string? nicId, object? target)
    {
        try
        {
            var server = EcsArguments.ServerId(ParameterSetName == InputObjectSet ? "InputObject.ServerId" : "ServerId", serverId);
            var nic = EcsArguments.NicId(ParameterSetName == InputObjectSet ? "InputObject.PortId" : "NicId", nicId);
            _plan.Add(server, nic);
        }
        catch (EcsValidationException ex)
        {
            WriteEcsError(ex, target);
        }
    }
}
