using System;
using System.Linq;
using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Creates a subnet in a VPC (CreateSubnet) and returns it; the record pipes into New-EcsNic. The VPC is read first, so
/// that the range is checked against the VPC's before anything is sent, and a VPC still CREATING is waited for. The subnet
/// answers UNKNOWN at first: with -Wait it is returned once it reads ACTIVE. The request is never repeated.
/// </summary>
/// <remarks>
/// A piped VPC record binds to -Vpc; -Name and -Cidr never bind from the pipeline, so a VPC's own name and range are not
/// taken for the subnet's.
/// </remarks>
[Cmdlet(VerbsCommon.New, "EcsSubnet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByVpcSet)]
[OutputType(typeof(EcsSubnet))]
public sealed class NewEcsSubnetCommand : VpcCreateCmdlet<EcsSubnet>
{
    private const string ByIdSet = "ById";
    private const string ByVpcSet = "ByVpc";

    /// <summary>The subnet name: 1 to 64 letters, digits, '_', '-' or '.'.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The subnet's range, inside the VPC's, at most /28, such as 192.168.20.0/24.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Cidr { get; set; } = string.Empty;

    /// <summary>The VPC the subnet belongs to.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("vpc_id")]
    [ValidateNotNullOrEmpty]
    public string VpcId { get; set; } = string.Empty;

    /// <summary>A VPC record from New-EcsVpc or Get-EcsVpc.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByVpcSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public EcsVpc? Vpc { get; set; }

    /// <summary>The gateway, an address of the subnet; by default its first host address (such as 192.168.20.1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? GatewayIp { get; set; }

    /// <summary>A description of at most 255 characters, without angle brackets.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? Description { get; set; }

    /// <summary>The DNS servers (IPv4): the first two become primary_dns and secondary_dns, all of them dnsList.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    /// <summary>The availability zone, such as cn-north-4a.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AvailabilityZone { get; set; }

    /// <summary>Give the subnet an IPv6 range as well.</summary>
    [Parameter]
    public SwitchParameter Ipv6Enable { get; set; }

    /// <inheritdoc />
    protected override object? ErrorTarget => (object?)Vpc ?? VpcId;

    /// <inheritdoc />
    protected override void Process()
    {
        var parameterName = Vpc is null ? "VpcId" : "Vpc.VpcId";
        var vpcId = VpcInputValidation.VpcId((Vpc?.VpcId ?? VpcId).Trim(), parameterName);
        if (Vpc is not null) Plans.RequireSameRegion(Vpc.Region, parameterName, vpcId, "VPC");
        var name = VpcInputValidation.Name(Name.Trim());
        VpcInputValidation.SubnetCidr(Cidr.Trim(), Vpc?.Cidr);
        if (Description is not null) VpcInputValidation.Description(Description);
        var dns = (DnsServer ?? Array.Empty<string>()).Select(d => VpcInputValidation.DnsServer(d?.Trim(), "DnsServer")).ToList();
        var request = new CreateSubnetOption
        {
            Name = name,
            Cidr = Cidr.Trim(),
            VpcId = vpcId,
            Description = Description,
            AvailabilityZone = AvailabilityZone?.Trim(),
            Ipv6Enable = Ipv6Enable.IsPresent ? true : null,
            PrimaryDns = dns.Count > 0 ? dns[0] : null,
            SecondaryDns = dns.Count > 1 ? dns[1] : null,
            DnsList = dns.Count > 2 ? dns : null,
        };
        var option = Run(ct => Plans.PlanSubnetAsync(request, parameterName, GatewayIp, ct));
        if (option is null) return;
        if (!ShouldProcess($"VPC {vpcId}", $"Create subnet '{option.Name}' ({option.Cidr}, gateway {option.GatewayIp})")) return;
        WriteCreated(Run(ct => Client.CreateSubnetAsync(option, ct)));
    }

    /// <inheritdoc />
    protected override ResourceWait<EcsSubnet> Readiness() => ResourceWaits.Subnets(Client);
}
