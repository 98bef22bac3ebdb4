using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;

namespace EcsNic.Commands;

/// <summary>
/// Reads NICs (VPC ports): by ID (ShowPort), or those matching filters (ListPorts): subnet, fixed IP, device owner,
/// server. A piped NIC is read again; a piped subnet lists its ports.
/// </summary>
/// <remarks>-PortId has no "Id" alias, so that a subnet's or job's Id is never taken for a port.</remarks>
[Cmdlet(VerbsCommon.Get, "EcsNic")]
[OutputType(typeof(VpcPort))]
public sealed class GetEcsNicCommand : VpcResourceCmdlet
{
    /// <summary>The NIC (port) IDs; without them the ports matching the filters are listed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("NicId", "port_id")]
    [ArgumentCompleter(typeof(NicIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? PortId { get; set; }

    /// <summary>Only ports of this subnet (network).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("NetworkId", "network_id")]
    [ValidateNotNullOrEmpty]
    public string? SubnetId { get; set; }

    /// <summary>Only the port with this fixed IP address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IpAddress { get; set; }

    /// <summary>Only ports with this device owner, such as neutron:VIP_PORT for virtual IPs.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? DeviceOwner { get; set; }

    /// <summary>Only ports used by this server.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ServerIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ServerId { get; set; }

    /// <inheritdoc />
    protected override object? ErrorTarget => SubnetId;

    /// <inheritdoc />
    protected override void Process()
    {
        if (PortId is not null)
        {
            ForEachChecked(PortId, v => EcsArguments.PortId("PortId", v), (id, value) => Run(ct => Reads.ShowPortAsync(id, value, ct)));
            return;
        }
        var filter = new PortFilter
        {
            NetworkId = SubnetId is null ? null : EcsArguments.SubnetId("SubnetId", SubnetId),
            FixedIpAddress = IpAddress is null ? null : EcsArguments.RequireIpAddress("IpAddress", IpAddress),
            DeviceOwner = DeviceOwner,
            DeviceId = ServerId is null ? null : EcsArguments.ServerId("ServerId", ServerId),
        };
        Run(ct => Reads.ListPortsAsync(filter, ct));
    }
}
