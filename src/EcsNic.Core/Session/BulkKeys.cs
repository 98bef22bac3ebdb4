using System.Collections.Generic;

namespace EcsNic.Core.Session;

/// <summary>
/// The keys a virtual IP call touches, for <see cref="Bulk.BulkRunner{TIn,TOut}"/>: calls on the same NIC, or on the same
/// virtual IP (subnet + address), must run one after another because the cloud updates allowed_address_pairs by
/// read-modify-write and two concurrent updates can lose one.
/// </summary>
public static class BulkKeys
{
    /// <summary>The key of a NIC.</summary>
    public static string Nic(string nicId) => "nic:" + nicId;

    /// <summary>The key of a virtual IP; pass the canonical address from <see cref="EcsArguments.RequireIpAddress"/>.</summary>
    public static string VirtualIp(string subnetId, string ipAddress) => "vip:" + subnetId + "/" + ipAddress;

    /// <summary>The keys of a bind: the NIC and the virtual IP.</summary>
    public static IEnumerable<string> ForBind(string nicId, string subnetId, string ipAddress) =>
        new[] { Nic(nicId), VirtualIp(subnetId, ipAddress) };

    /// <summary>The key every unbind in one subnet shares; <see cref="AnySubnet"/> when the subnet is not known.</summary>
    public static string UnbindScope(string? subnetId) => "unbind:" + (string.IsNullOrEmpty(subnetId) ? AnySubnet : subnetId);

    /// <summary>The scope of unbinds whose subnet is not known.</summary>
    public const string AnySubnet = "*";

    /// <summary>
    /// The keys of an unbind: the NIC, and the unbind scope of its subnet. The call names no virtual IP, yet the cloud
    /// removes the NIC's IP/MAC from every virtual IP port of the subnet it was reverse-bound to, so two unbinds in one
    /// subnet can race on a shared virtual IP port (an HA pair) and must not overlap. Without the subnet, all unbinds
    /// share one scope.
    /// </summary>
    public static IEnumerable<string> ForUnbind(string nicId, string? subnetId = null) =>
        new[] { Nic(nicId), UnbindScope(subnetId) };
}
