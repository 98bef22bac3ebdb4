using System.Linq;
using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Creates a NIC, that is a VPC port not attached to any server (CreatePort), and returns it; the record pipes into
/// Add-EcsServerNic. The subnet is read first, so that a fixed IP is checked against its range and gateway before anything
/// is sent. With -Wait it is returned once it reads DOWN with no device, ready to attach. The request is never repeated.
/// </summary>
/// <remarks>A piped subnet record binds to -Subnet; -IpAddress and -Name never bind from the pipeline.</remarks>
[Cmdlet(VerbsCommon.New, "EcsNic", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = BySubnetSet)]
[OutputType(typeof(VpcPort))]
public sealed class NewEcsNicCommand : VpcCreateCmdlet<VpcPort>
{
    private const string ByIdSet = "ById";
    private const string BySubnetSet = "BySubnet";

    /// <summary>The subnet (network) ID the NIC belongs to.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("NetworkId", "network_id")]
    [ValidateNotNullOrEmpty]
    public string SubnetId { get; set; } = string.Empty;

    /// <summary>A subnet record from New-EcsSubnet or Get-EcsSubnet.</summary>
    [Parameter(Mandatory = true, ParameterSetName = BySubnetSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public EcsSubnet? Subnet { get; set; }

    /// <summary>A fixed IPv4 address of the subnet, not its gateway; by default the cloud picks a free one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IpAddress { get; set; }

    /// <summary>The security groups of the NIC (at most five).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SecurityGroupId { get; set; }

    /// <summary>The NIC's name, at most 255 characters.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? Name { get; set; }

    /// <inheritdoc />
    protected override object? ErrorTarget => (object?)Subnet ?? SubnetId;

    /// <inheritdoc />
    protected override void Process()
    {
        var parameterName = Subnet is null ? "SubnetId" : "Subnet.SubnetId";
        var subnetId = EcsArguments.SubnetId(parameterName, Subnet?.SubnetId ?? SubnetId);
        if (Subnet is not null) Plans.RequireSameRegion(Subnet.Region, parameterName, subnetId, "subnet");
        var fixedIp = IpAddress is null ? null : InputValidation.Ipv4Address(IpAddress.Trim());
        var groups = VpcInputValidation.SecurityGroupIds(SecurityGroupId);
        var request = new CreatePortOption
        {
            NetworkId = subnetId,
            Name = Name is null ? null : VpcInputValidation.PortName(Name),
            SecurityGroups = groups.Count > 0 ? groups.ToList() : null,
        };
        var option = Run(ct => Plans.PlanPortAsync(request, Subnet, parameterName, fixedIp, ct));
        if (!ShouldProcess($"subnet {option.NetworkId}", $"Create NIC{(fixedIp is null ? string.Empty : " " + fixedIp)}")) return;
        WriteCreated(Run(ct => Client.CreatePortAsync(option, ct)));
    }

    /// <inheritdoc />
    protected override ResourceWait<VpcPort> Readiness() => ResourceWaits.Ports(Client);
}
