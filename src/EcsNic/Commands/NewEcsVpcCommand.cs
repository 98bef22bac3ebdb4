using System.Management.Automation;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Creates a VPC (CreateVpc) and returns it; the record pipes into New-EcsSubnet. With -Wait it returns the VPC once it
/// reads OK. The request is never repeated: when its outcome is unknown, the error says how to check.
/// </summary>
/// <remarks>Nothing binds from the pipeline, so that piping a subnet or NIC record can never create a VPC named after it.</remarks>
[Cmdlet(VerbsCommon.New, "EcsVpc", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(EcsVpc))]
public sealed class NewEcsVpcCommand : VpcCreateCmdlet<EcsVpc>
{
    private CreateVpcOption? _option;

    /// <summary>The VPC name: 1 to 64 letters, digits, '_', '-' or '.', unique in the project.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The VPC's private IPv4 range, such as 192.168.0.0/16.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Cidr { get; set; } = string.Empty;

    /// <summary>A description of at most 255 characters, without angle brackets.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? Description { get; set; }

    /// <inheritdoc />
    /// <remarks>A bad input names the name as typed; a failed create, the name sent.</remarks>
    protected override object? ErrorTarget => _option?.Name ?? Name;

    /// <inheritdoc />
    protected override void Process()
    {
        var option = new CreateVpcOption
        {
            Name = VpcInputValidation.Name(Name.Trim()),
            Cidr = VpcInputValidation.VpcCidr(Cidr.Trim()),
            Description = Description is null ? null : VpcInputValidation.Description(Description),
        };
        _option = option;
        if (!ShouldProcess($"VPC '{option.Name}' ({option.Cidr})", "Create")) return;
        WriteCreated(Run(ct => Client.CreateVpcAsync(option, ct)));
    }

    /// <inheritdoc />
    protected override ResourceWait<EcsVpc> Readiness() => ResourceWaits.Vpcs(Client);
}
