using System;
using System.Collections.Generic;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

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
public sealed class AddEcsServerNicCommand : JobCmdlet
{
    private const string SingleSet = "Single";
    private const string SpecSet = "Spec";
    private const string PortSet = "Port";

    private IReadOnlyList<NicSpec> _specs = Array.Empty<NicSpec>();
    private readonly HashSet<string> _servers = new(StringComparer.OrdinalIgnoreCase);
    private AttachNics? _attach;

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



    /// <inheritdoc />
    protected override object? ErrorTarget => PipelineRecord ?? (ParameterSetName == PortSet ? PortId : ServerId);

    /// <inheritdoc />
    protected override void Begin()
    {
        if (ParameterSetName == PortSet) return;
        _specs = ParameterSetName == SpecSet
            ? NicSpecs.Check(Nic)
            : new[] { NicSpecs.Build(SubnetId, SecurityGroupId, IpAddress, PortId, Ipv6Enable.IsPresent, Ipv6BandwidthId) };
    }

    /// <inheritdoc />
    protected override void Process()
    {
        var serverId = EcsArguments.ServerId("ServerId", ServerId);
        var specs = _specs;
        if (ParameterSetName == PortSet)
        {
            var portId = EcsArguments.PortId("PortId", PortId);
            if (Run(ct => Attach.PortSpecAsync(portId, ct)) is not { } spec) return;
            specs = new[] { spec };
        }
        else if (!_servers.Add(serverId))
        {
            WriteWarning($"Server {serverId} appears more than once in the input; its NICs are attached once.");
            return;
        }
        if (ShouldProcess($"server {serverId}", $"Attach {NicSpecs.Describe(specs)}"))
            Run(ct => Attach.SubmitAsync(serverId, specs, ct));
    }

    /// <inheritdoc />
    protected override void End()
    {
        if (_attach is { } attach)
            WaitForJobs(attach.JobIds, JobWaitSettings.Create(TimeoutSec, null, null, null), "Attaching NICs", attach.FinishAsync, attach.TargetOf);
    }

    private AttachNics Attach => _attach ??= new AttachNics(Client, Sink, Wait.IsPresent, EcsSession.Default.Recent);
}
