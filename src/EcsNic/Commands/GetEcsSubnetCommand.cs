using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;

namespace EcsNic.Commands;

/// <summary>
/// Reads subnets: by ID (ShowSubnet), or the subnets of the project or of one VPC (ListSubnets), optionally only those
/// with a given name. A piped subnet is read again; a piped VPC lists its subnets.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EcsSubnet")]
[OutputType(typeof(EcsSubnet))]
public sealed class GetEcsSubnetCommand : VpcResourceCmdlet
{
    /// <summary>The subnet (network) IDs; without them the subnets are listed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("NetworkId", "subnet_id")]
    [ValidateNotNullOrEmpty]
    public string[]? SubnetId { get; set; }

    /// <summary>Only subnets of this VPC.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("vpc_id")]
    [ValidateNotNullOrEmpty]
    public string? VpcId { get; set; }

    /// <summary>Only subnets with this exact name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <inheritdoc />
    protected override object? ErrorTarget => VpcId;

    /// <inheritdoc />
    protected override void Process()
    {
        var vpcId = VpcId is null ? null : VpcInputValidation.VpcId(VpcId.Trim());
        if (SubnetId is null) Run(ct => Reads.ListSubnetsAsync(vpcId, Name, ct));
        else ForEachChecked(SubnetId, v => EcsArguments.SubnetId("SubnetId", v), (id, value) => Run(ct => Reads.ShowSubnetAsync(id, value, vpcId, Name, ct)));
    }
}
