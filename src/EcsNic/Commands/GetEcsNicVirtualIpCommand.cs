using System.Collections.Generic;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Shows what is bound: per NIC, the virtual IPs in its port's allowed_address_pairs (one ShowPort per NIC); per virtual
/// IP and subnet, one record per NIC bound to it with the virtual IP's port and own allowed_address_pairs (one ListPorts
/// of the subnet). Reads run up to -ThrottleLimit at once and come out in input order.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EcsNicVirtualIp", DefaultParameterSetName = ByNicSet)]
[OutputType(typeof(NicVirtualIps), ParameterSetName = new[] { ByNicSet })]
[OutputType(typeof(VirtualIpPort), ParameterSetName = new[] { ByAddressSet })]
public sealed class GetEcsNicVirtualIpCommand : BulkCmdlet<VirtualIpQuery, IReadOnlyList<object>>
{
    private const string ByNicSet = "ByNic";
    private const string ByAddressSet = "ByAddress";

    /// <summary>The NIC (port) ID; piped NIC, port and binding records bind by property name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNicSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PortId", "port_id", "Id")]
    [ArgumentCompleter(typeof(NicIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string NicId { get; set; } = string.Empty;

    /// <summary>The virtual IP address to read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByAddressSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ip_address", "VirtualIp")]
    [ValidateNotNullOrEmpty]
    public string IpAddress { get; set; } = string.Empty;

    /// <summary>The network (VPC subnet) ID of the virtual IP.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByAddressSet, ValueFromPipelineByPropertyName = true)]
    [Alias("NetworkId", "net_id", "subnet_id")]
    [ValidateNotNullOrEmpty]
    public string SubnetId { get; set; } = string.Empty;

    internal override BulkOperation<VirtualIpQuery, IReadOnlyList<object>> CreateOperation() =>
        VirtualIpRead.CreateOperation(Client, Sink, new BulkOptions { ThrottleLimit = ThrottleLimit }, StopToken);

    /// <inheritdoc />
    protected override object? ErrorTarget => PipelineRecord ?? (ParameterSetName == ByNicSet ? NicId : IpAddress);

    /// <inheritdoc />
    protected override void Process()
    {
        var target = ErrorTarget!;
        Post(ParameterSetName == ByNicSet
            ? VirtualIpQuery.ForNic(EcsArguments.NicId("NicId", NicId), target)
            : VirtualIpQuery.ForAddress(EcsArguments.SubnetId("SubnetId", SubnetId),
                EcsArguments.RequireIpv4Address("IpAddress", IpAddress), target));
    }
}
