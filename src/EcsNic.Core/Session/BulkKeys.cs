using System.Collections.Generic;
using EcsNic.Core.Bulk;

namespace EcsNic.Core.Session;

/// <summary>
/// The keys a virtual IP call touches, for <see cref="BulkRunner{TIn,TOut}"/>: the cloud updates allowed_address_pairs
/// by read-modify-write, so two calls that update the same port at once can lose one update. A bind updates its NIC's
/// port and (with reverse binding) the virtual IP's port; an unbind names no virtual IP, yet updates its NIC's port and
/// every virtual IP port of the NIC's subnet that lists the NIC. So:
/// <list type="bullet">
/// <item>a NIC (<see cref="Nic"/>) and a virtual IP (<see cref="VirtualIp"/>) are held exclusively;</item>
/// <item>the virtual IP ports of a subnet (<see cref="SubnetVirtualIps"/>) are held shared by binds and exclusively by
/// unbinds, and the ports of every subnet (<see cref="AnySubnet"/>) shared by both, except by an unbind whose subnet is
/// not known, which holds them exclusively.</item>
/// </list>
/// </summary>
/// <remarks>
/// The trade-off: binds of different virtual IPs in one subnet still run in parallel, but bulk unbinds in one subnet run
/// one at a time, each waiting for the binds of that subnet posted before it (and later binds wait for it); unbinds
/// whose subnet is not known (Remove-EcsNicVirtualIp -NicId) run one at a time across all subnets. Serialising too much
/// costs time; too little loses pairs. Binds without reverse binding take the subnet scope too: the scope is shared, so
/// it costs them nothing among themselves, and it keeps an unbind from overlapping whatever the cloud does to the
/// virtual IP port when it creates or binds one.
/// </remarks>
public static class BulkKeys
{
    /// <summary>The scope name standing for every subnet, used when an unbind's subnet is not known.</summary>
    public const string AnySubnet = "*";

    /// <summary>The key of a NIC.</summary>
    public static string Nic(string nicId) => "nic:" + nicId;

    /// <summary>The key of a virtual IP; pass the canonical address from <see cref="EcsArguments.RequireIpAddress"/>.</summary>
    public static string VirtualIp(string subnetId, string ipAddress) => "vip:" + subnetId + "/" + ipAddress;

    /// <summary>The key of the virtual IP ports of a subnet; of every subnet (<see cref="AnySubnet"/>) when it is not known.</summary>
    public static string SubnetVirtualIps(string? subnetId) =>
        "subnet-vips:" + (string.IsNullOrEmpty(subnetId) ? AnySubnet : subnetId);

    /// <summary>The keys of a bind: the NIC and the virtual IP exclusively, its subnet's and every subnet's scope shared.</summary>
    public static IReadOnlyList<BulkKey> ForBind(string nicId, string subnetId, string ipAddress) => new[]
    {
        BulkKey.Exclusive(Nic(nicId)),
        BulkKey.Exclusive(VirtualIp(subnetId, ipAddress)),
        BulkKey.Shared(SubnetVirtualIps(subnetId)),
        BulkKey.Shared(SubnetVirtualIps(AnySubnet)),
    };

    /// <summary>
    /// The keys of an unbind: the NIC, and the virtual IP ports of its subnet exclusively (with every subnet's scope
    /// shared); without the subnet, the scope of every subnet exclusively.
    /// </summary>
    public static IReadOnlyList<BulkKey> ForUnbind(string nicId, string? subnetId = null) =>
        string.IsNullOrEmpty(subnetId)
            ? new[]
            {
                BulkKey.Exclusive(Nic(nicId)),
                BulkKey.Exclusive(SubnetVirtualIps(AnySubnet)),
            }
            : new[]
            {
                BulkKey.Exclusive(Nic(nicId)),
                BulkKey.Shared(SubnetVirtualIps(AnySubnet)),
                BulkKey.Exclusive(SubnetVirtualIps(subnetId)),
            };
}
