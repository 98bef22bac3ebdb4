using System.Collections.Generic;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>One bind or unbind that Set-/Remove-EcsNicVirtualIp hands to the bulk runner.</summary>
internal sealed class VirtualIpCall
{
    private VirtualIpCall(string nicId, string? subnetId, string? ipAddress, bool reverseBinding, object target, IEnumerable<string> keys)
    {
        NicId = nicId;
        SubnetId = subnetId;
        IpAddress = ipAddress;
        ReverseBinding = reverseBinding;
        Target = target;
        Keys = keys;
    }

    public string NicId { get; }

    public string? SubnetId { get; }

    public string? IpAddress { get; }

    public bool ReverseBinding { get; }

    public bool IsBind => IpAddress is not null;

    /// <summary>The ErrorRecord target: the piped object, or the NIC ID.</summary>
    public object Target { get; }

    public IEnumerable<string> Keys { get; }

    public static VirtualIpCall Bind(string nicId, string subnetId, string ipAddress, bool reverseBinding, object target) =>
        new(nicId, subnetId, ipAddress, reverseBinding, target, BulkKeys.ForBind(nicId, subnetId, ipAddress));

    public static VirtualIpCall Unbind(string nicId, string? subnetId, object target) =>
        new(nicId, null, null, false, target, BulkKeys.ForUnbind(nicId, subnetId));
}
