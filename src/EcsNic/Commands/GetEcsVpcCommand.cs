using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;

namespace EcsNic.Commands;

/// <summary>Reads VPCs: by ID (ShowVpc), or all of the project (ListVpcs), optionally only those with a given name.</summary>
/// <remarks>-VpcId has no "Id" alias, so that a subnet's or NIC's Id is never taken for a VPC.</remarks>
[Cmdlet(VerbsCommon.Get, "EcsVpc")]
[OutputType(typeof(EcsVpc))]
public sealed class GetEcsVpcCommand : VpcResourceCmdlet
{
    /// <summary>The VPC IDs; without them every VPC is listed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("vpc_id")]
    [ValidateNotNullOrEmpty]
    public string[]? VpcId { get; set; }

    /// <summary>Only VPCs with this exact name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <inheritdoc />
    protected override void Process()
    {
        if (VpcId is null) Run(ct => Reads.ListVpcsAsync(Name, ct));
        else ForEachChecked(VpcId, v => VpcInputValidation.VpcId(v?.Trim()), (id, value) => Run(ct => Reads.ShowVpcAsync(id, value, Name, ct)));
    }
}
