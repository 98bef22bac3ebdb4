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

    /// <summary>The keys of an unbind: the NIC only, as the bound address is not known before the call.</summary>
    public static IEnumerable<string> ForUnbind(string nicId) => new[] { Nic(nicId) };
}
