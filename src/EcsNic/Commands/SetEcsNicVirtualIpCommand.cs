using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Binds a virtual IP to NICs (AssociateServerVirtualIp), creating the virtual IP in the subnet when it does not exist.
/// Piped NICs from Get-EcsServerNic bind by property name (PortId to -NicId, SubnetId to -SubnetId); the address always
/// comes from -IpAddress or from an input property named IpAddress, never from the NIC's own addresses.
/// </summary>
[Cmdlet(VerbsCommon.Set, "EcsNicVirtualIp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(VirtualIpBinding))]
public sealed class SetEcsNicVirtualIpCommand : VirtualIpCmdlet
{
    private const string ByIdSet = "ById";
    private const string InputObjectSet = "InputObject";

    /// <summary>The NIC (port) ID.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PortId", "port_id", "Id")]
    [ArgumentCompleter(typeof(NicIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string NicId { get; set; } = string.Empty;

    /// <summary>The network (VPC subnet) ID of the NIC, which the virtual IP is created in.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("NetworkId", "net_id", "subnet_id")]
    [ValidateNotNullOrEmpty]
    public string SubnetId { get; set; } = string.Empty;

    /// <summary>A NIC record from Get-EcsServerNic; its PortId and SubnetId are used.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ServerNic? InputObject { get; set; }

    /// <summary>The virtual IP address.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ip_address", "VirtualIp")]
    [ValidateNotNullOrEmpty]
    public string IpAddress { get; set; } = string.Empty;

    /// <summary>Also add the NIC's IP/MAC pair to the virtual IP's allowed_address_pairs.</summary>
    [Parameter]
    public SwitchParameter ReverseBinding { get; set; }

    /// <summary>
    /// The API to call: Ecs (the default, the seeds' PUT cloudservers/nics call, which Huawei marks "Discarded") or Vpc
    /// (the VPC port API Huawei documents instead; see docs/virtual-ip-api.md).
    /// </summary>
    [Parameter]
    public VirtualIpApi Api { get; set; } = VirtualIpApi.Ecs;

    internal override string ProgressActivity => "Binding virtual IPs";

    /// <inheritdoc />
    protected override object? ErrorTarget => ParameterSetName == InputObjectSet ? InputObject : PipelineRecord ?? NicId;

    /// <inheritdoc />
    protected override void Process()
    {
        var fromObject = ParameterSetName == InputObjectSet;
        var nicId = EcsArguments.NicId(fromObject ? "InputObject.PortId" : "NicId", fromObject ? InputObject!.PortId : NicId);
        var subnetId = EcsArguments.SubnetId(fromObject ? "InputObject.SubnetId" : "SubnetId", fromObject ? InputObject!.SubnetId : SubnetId);
        var ipAddress = EcsArguments.RequireIpv4Address("IpAddress", IpAddress);
        // The VPC route always lists the NIC on the virtual IP's port: that is how it binds.
        var reverse = ReverseBinding.IsPresent || Api == VirtualIpApi.Vpc;
        var action = $"Bind virtual IP {ipAddress} (subnet {subnetId}){(reverse ? " with reverse binding" : string.Empty)}" +
                     (Api == VirtualIpApi.Vpc ? " through the VPC port API" : string.Empty);
        if (ShouldProcess($"NIC {ConfirmationText.Nic(nicId, fromObject ? InputObject : null, EcsSession.Default.Recent)}", action))
            Post(VirtualIpCall.Bind(nicId, subnetId, ipAddress, reverse, ErrorTarget!).Through(Api));
    }
}
