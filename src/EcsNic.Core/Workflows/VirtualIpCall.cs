using System.Collections.Generic;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>One bind or unbind that Set-/Remove-EcsNicVirtualIp hands to the bulk runner, with the keys it touches.</summary>
public sealed class VirtualIpCall
{
    private VirtualIpCall(string nicId, string? subnetId, string? ipAddress, bool reverseBinding, object target,
        IReadOnlyList<BulkKey> keys, VirtualIpApi api = VirtualIpApi.Ecs, VpcPort? readPort = null, bool readAgain = true)
    {
        NicId = nicId;
        SubnetId = subnetId;
        IpAddress = ipAddress;
        ReverseBinding = reverseBinding;
        Target = target;
        Keys = keys;
        Api = api;
        ReadPort = readPort;
        ReadAgain = readAgain;
    }

    /// <summary>The NIC (port) ID.</summary>
    public string NicId { get; }

    /// <summary>The NIC's subnet: always for a bind; for an unbind, when the input told it.</summary>
    public string? SubnetId { get; }

    /// <summary>The virtual IP; null for an unbind.</summary>
    public string? IpAddress { get; }

    /// <summary>Whether a bind also adds the NIC's IP/MAC to the virtual IP's allowed_address_pairs.</summary>
    public bool ReverseBinding { get; }

    /// <summary>True for a bind, false for an unbind.</summary>
    public bool IsBind => IpAddress is not null;

    /// <summary>The ErrorRecord target: the piped object, or the NIC ID.</summary>
    public object Target { get; }

    /// <summary>The keys the call touches (<see cref="BulkKeys"/>).</summary>
    public IReadOnlyList<BulkKey> Keys { get; }

    /// <summary>The API the call goes through; the keys are the same for both, since both update the same ports.</summary>
    public VirtualIpApi Api { get; }

    /// <summary>For an unbind, its NIC's port as read before the call was posted (<see cref="VirtualIpPreparation"/>); else null.</summary>
    internal VpcPort? ReadPort { get; }

    /// <summary>
    /// For an unbind, whether it reads its NIC's port again under its keys, to name what it removes: unless it was read
    /// before posting and nothing posted earlier may have changed it since.
    /// </summary>
    internal bool ReadAgain { get; }

    /// <summary>The same call through <paramref name="api"/>.</summary>
    public VirtualIpCall Through(VirtualIpApi api) =>
        new(NicId, SubnetId, IpAddress, ReverseBinding, Target, Keys, api, ReadPort, ReadAgain);

    /// <summary>The same call with other keys and what was read for it (<see cref="VirtualIpPreparation"/>).</summary>
    internal VirtualIpCall Prepared(IReadOnlyList<BulkKey> keys, VpcPort? readPort, bool readAgain) =>
        new(NicId, SubnetId, IpAddress, ReverseBinding, Target, keys, Api, readPort, readAgain);

    /// <summary>A bind; pass checked arguments (<see cref="EcsArguments"/>), the address in canonical form.</summary>
    public static VirtualIpCall Bind(string nicId, string subnetId, string ipAddress, bool reverseBinding, object target) =>
        new(nicId, subnetId, ipAddress, reverseBinding, target, BulkKeys.ForBind(nicId, subnetId, ipAddress));

    /// <summary>An unbind; <paramref name="subnetId"/> is the NIC's subnet when known, which lets unbinds in other subnets overlap.</summary>
    public static VirtualIpCall Unbind(string nicId, string? subnetId, object target) =>
        new(nicId, string.IsNullOrEmpty(subnetId) ? null : subnetId, null, false, target, BulkKeys.ForUnbind(nicId, subnetId));

    /// <inheritdoc />
    public override string ToString() =>
        IsBind ? $"bind {IpAddress} (subnet {SubnetId}) to {NicId}{(ReverseBinding ? " with reverse binding" : string.Empty)}" : $"unbind {NicId}";
}
