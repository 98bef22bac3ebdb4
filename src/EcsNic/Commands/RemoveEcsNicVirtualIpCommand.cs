using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Unbinds the virtual IP from NICs (DisassociateServerVirtualIp). Takes NIC IDs, or NIC records from Get-EcsServerNic
/// and binding records from Set-EcsNicVirtualIp by property name. It strips every virtual IP of the NIC, so it asks first
/// (ConfirmImpact High, like Remove-EcsServerNic) unless -Force is given. It reads the NIC's port first, so the result
/// names the addresses removed, or says NotBound.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "EcsNicVirtualIp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(VirtualIpBinding))]
public sealed class RemoveEcsNicVirtualIpCommand : VirtualIpCmdlet
{
    private const string ByIdSet = "ById";
    private const string InputObjectSet = "InputObject";

    /// <summary>The NIC (port) ID.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PortId", "port_id", "Id")]
    [ArgumentCompleter(typeof(NicIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string NicId { get; set; } = string.Empty;

    /// <summary>A NIC record from Get-EcsServerNic.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ServerNic? InputObject { get; set; }

    /// <summary>Do not ask for confirmation. -WhatIf still previews, and an explicit -Confirm still asks.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// The API to call: Ecs (the default, the seeds' PUT cloudservers/nics call, which Huawei marks "Discarded") or Vpc
    /// (the VPC port API Huawei documents instead; see docs/virtual-ip-api.md).
    /// </summary>
    [Parameter]
    public VirtualIpApi Api { get; set; } = VirtualIpApi.Ecs;

    internal override string ProgressActivity => "Unbinding virtual IPs";

    /// <inheritdoc />
    protected override object? ErrorTarget => ParameterSetName == InputObjectSet ? InputObject : PipelineRecord ?? NicId;

    /// <inheritdoc />
    protected override void Process()
    {
        var fromObject = ParameterSetName == InputObjectSet;
        var nicId = EcsArguments.NicId(fromObject ? "InputObject.PortId" : "NicId", fromObject ? InputObject!.PortId : NicId);
        var nic = ConfirmationText.Nic(nicId, fromObject ? InputObject : null, EcsSession.Default.Recent);
        var action = Api == VirtualIpApi.Vpc ? "Unbind virtual IP through the VPC port API" : "Unbind virtual IP";
        if (ShouldProcessUnlessForced(Force.IsPresent, $"NIC {nic}", action))
            Post(VirtualIpCall.Unbind(nicId, fromObject ? InputObject!.SubnetId : null, ErrorTarget!).Through(Api));
    }
}
