using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Detaches NICs from servers (BatchDeleteServerNics). Piped NICs are collected and sent as one request per server at
/// the end of the pipeline; each request is confirmed once. Returns the jobs, or with -Wait their final records.
/// </summary>
/// <remarks>-NicId has no "Id" alias: with a high-impact delete, a foreign record's Id must never be taken for a NIC.</remarks>
[Cmdlet(VerbsCommon.Remove, "EcsServerNic", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(EcsJob))]
public sealed class RemoveEcsServerNicCommand : JobCmdlet
{
    private const string ByIdSet = "ById";
    private const string InputObjectSet = "InputObject";

    private readonly List<(string ServerId, string NicId, object Target)> _collected = new();
    private DetachNics? _detach;

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



    /// <inheritdoc />
    protected override void Process()
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
    protected override void End()
    {
        if (_collected.Count == 0) return;
        foreach (var (serverId, nicId, target) in _collected) Detach.Add(serverId, nicId, target);
        foreach (var group in Detach.Groups)
        {
            var serverId = group.Key;
            var nicIds = Run(ct => Detach.DetachableAsync(serverId, group.Value, ct));
            if (nicIds.Count > 0 && ShouldProcessUnlessForced(Force.IsPresent, $"server {serverId}",
                    $"Detach NIC(s) {ConfirmationText.List(nicIds.Select(Detach.Describe).ToArray())}"))
                Run(ct => Detach.SubmitAsync(serverId, nicIds, ct));
        }
        WaitForJobs(Detach.JobIds, JobWaitSettings.Create(TimeoutSec, null, null, null), "Detaching NICs", Detach.FinishAsync, Detach.TargetOf);
    }

    private DetachNics Detach => _detach ??= new DetachNics(Client, Sink, Wait.IsPresent, EcsSession.Default.Recent);

    private void Collect(string? serverId, string? nicId, object? target)
    {
        try
        {
            var server = EcsArguments.ServerId(ParameterSetName == InputObjectSet ? "InputObject.ServerId" : "ServerId", serverId);
            var nic = EcsArguments.NicId(ParameterSetName == InputObjectSet ? "InputObject.PortId" : "NicId", nicId);
            _collected.Add((server, nic, target ?? nic));
        }
        catch (EcsValidationException ex)
        {
            WriteEcsError(ex, target);
        }
    }
}
