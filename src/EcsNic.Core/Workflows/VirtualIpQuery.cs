
namespace EcsNic.Core.Workflows;

/// <summary>One read of Get-EcsNicVirtualIp: a NIC's virtual IPs, or a virtual IP's NICs and pairs.</summary>
public sealed class VirtualIpQuery
{
    private VirtualIpQuery(string? nicId, string? subnetId, string? ipAddress, object target)
    {
        NicId = nicId;
        SubnetId = subnetId;
        IpAddress = ipAddress;
        Target = target;
    }

    /// <summary>The NIC to read; null for a read by address.</summary>
    public string? NicId { get; }

    /// <summary>The subnet of the virtual IP; null for a read by NIC.</summary>
    public string? SubnetId { get; }

    /// <summary>The virtual IP; null for a read by NIC.</summary>
    public string? IpAddress { get; }

    /// <summary>The ErrorRecord target: the piped object, or what was typed.</summary>
    public object Target { get; }

    /// <summary>A read of one NIC (one ShowPort); pass a checked NIC ID.</summary>
    public static VirtualIpQuery ForNic(string nicId, object target) => new(nicId, null, null, target);

    /// <summary>A read of one virtual IP (one ListPorts of its subnet, all pages); pass checked arguments.</summary>
    public static VirtualIpQuery ForAddress(string subnetId, string ipAddress, object target) => new(null, subnetId, ipAddress, target);

    /// <inheritdoc />
    public override string ToString() => NicId is not null ? $"read NIC {NicId}" : $"read virtual IP {IpAddress} (subnet {SubnetId})";
}
