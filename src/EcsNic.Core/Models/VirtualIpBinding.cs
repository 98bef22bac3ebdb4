namespace EcsNic.Core.Models;

/// <summary>Whether a virtual IP record describes a bind or an unbind.</summary>
public enum VirtualIpAction
{
    /// <summary>The virtual IP was bound to the NIC.</summary>
    Bound,
    /// <summary>The NIC's virtual IP was unbound.</summary>
    Unbound,
}

/// <summary>The result of Set-EcsNicVirtualIp or Remove-EcsNicVirtualIp for one NIC.</summary>
public sealed class VirtualIpBinding
{
    /// <summary>Creates the record.</summary>
    public VirtualIpBinding(string nicId, string portId, string? ipAddress, string? subnetId, bool reverseBinding, VirtualIpAction action)
    {
        NicId = nicId;
        PortId = portId;
        IpAddress = ipAddress;
        SubnetId = subnetId;
        ReverseBinding = reverseBinding;
        Action = action;
    }

    /// <summary>The NIC the call addressed.</summary>
    public string NicId { get; }

    /// <summary>The port ID the service answered with.</summary>
    public string PortId { get; }

    /// <summary>The virtual IP; null for an unbind.</summary>
    public string? IpAddress { get; }

    /// <summary>The network (VPC subnet) ID; null for an unbind.</summary>
    public string? SubnetId { get; }

    /// <summary>Whether the NIC's IP/MAC was added to the virtual IP's allowed_address_pairs.</summary>
    public bool ReverseBinding { get; }

    /// <summary>Bound or Unbound.</summary>
    public VirtualIpAction Action { get; }

    /// <inheritdoc />
    public override string ToString() => Action == VirtualIpAction.Bound ? $"{IpAddress} -> {NicId}" : $"unbound {NicId}";
}
