using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;

namespace EcsNic.Core.Workflows;

/// <summary>
/// The keys a virtual IP call touches, for <see cref="BulkRunner{TIn,TOut}"/>: the cloud updates allowed_address_pairs
/// by read-modify-write, so two calls that update the same port at once can lose one update. A bind updates its NIC's
/// port and (with reverse binding) the virtual IP's port; an unbind names no virtual IP, yet updates its NIC's port and
/// every virtual IP port of the NIC's subnet that lists the NIC. So:
/// <list type="bullet">
/// <item>a NIC (<see cref="Nic"/>) and a virtual IP (<see cref="VirtualIp"/>) are held exclusively;</item>
/// <item>the virtual IP ports of a subnet (<see cref="SubnetVirtualIps"/>) are held shared by binds and by unbinds that
/// name the virtual IPs they touch (<see cref="ForReadUnbind"/>), exclusively by other unbinds; the ports of every subnet
/// (<see cref="AnySubnet"/>) shared by all, except by an unbind whose subnet is not known, which holds them exclusively.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>
/// The trade-off: binds of different virtual IPs in one subnet still run in parallel. An unbind keyed only by what its
/// input names would have to hold its subnet's scope exclusively, so bulk unbinds in one subnet would run one at a time;
/// unbinds whose subnet is not known (Remove-EcsNicVirtualIp -NicId) one at a time across all subnets. Serialising too
/// much costs time; too little loses pairs. Binds without reverse binding take the subnet scope too: the scope is shared,
/// so it costs them nothing among themselves, and it keeps a conservative unbind from overlapping whatever the cloud does
/// to the virtual IP port when it creates or binds one.
/// </para>
/// <para>
/// Drains run in parallel because the bulk operation reads each unbind's NIC port before posting it
/// (<see cref="ForReadUnbind"/>): an ECS bind puts the virtual IP's address in the NIC's allowed_address_pairs (and, with
/// reverse binding, the NIC in the virtual IP port's), so the NIC's pairs name the virtual IP ports the unbind may
/// update; the read also gives the subnet when the input did not. The unbind then holds its NIC and each of those virtual
/// IPs exclusively and the subnet scopes shared, so unbinds of NICs bound to different virtual IPs overlap, while two
/// NICs of one HA pair (one virtual IP port) still take turns. The read happens before the call's turn, so a bind of the
/// same NIC posted earlier in the same operation may not have run yet: the keys also name the virtual IPs of those binds,
/// and such an unbind reads the port again under its keys to say exactly what it removed.
/// </para>
/// <para>
/// Where the read cannot name every port, the unbind keeps the conservative keys (<see cref="ForUnbind"/>): when it
/// failed or found no port (the unbind's own error then says what is wrong), and when a pair is not a single address
/// (1.1.1.1/0, which the VPC port route puts on a NIC whose virtual IP ports list it without the NIC naming them, or any
/// other range). What is left: a virtual IP port that lists the NIC while the NIC does not name it (edited by hand
/// through the VPC API), and a bind of the same NIC to another virtual IP posted at the same time by another cmdlet
/// running in the session (its keys were fixed before it ran, after this unbind's read); either unbind may update a
/// virtual IP port it does not hold while a bind of another NIC to that virtual IP runs.
/// </para>
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

    /// <summary>
    /// The keys of an unbind whose NIC port was read (see the remarks): the NIC, and each virtual IP that the port's
    /// <paramref name="pairAddresses"/> or the <paramref name="earlierBinds"/> of the same NIC name, exclusively; the
    /// subnet scopes shared. Null when a pair is not a single address, so the read cannot name every port touched.
    /// </summary>
    public static IReadOnlyList<BulkKey>? ForReadUnbind(string nicId, string subnetId, IEnumerable<string> pairAddresses,
        IEnumerable<(string SubnetId, string IpAddress)> earlierBinds)
    {
        if (pairAddresses is null) throw new ArgumentNullException(nameof(pairAddresses));
        if (earlierBinds is null) throw new ArgumentNullException(nameof(earlierBinds));
        var keys = new List<BulkKey>
        {
            BulkKey.Exclusive(Nic(nicId)),
            BulkKey.Shared(SubnetVirtualIps(AnySubnet)),
            BulkKey.Shared(SubnetVirtualIps(subnetId)),
        };
        foreach (var address in pairAddresses)
        {
            if (CanonicalAddress(address) is not { } canonical) return null;
            keys.Add(BulkKey.Exclusive(VirtualIp(subnetId, canonical)));
        }
        foreach (var (bindSubnetId, ipAddress) in earlierBinds)
        {
            keys.Add(BulkKey.Exclusive(VirtualIp(bindSubnetId, ipAddress)));
            keys.Add(BulkKey.Shared(SubnetVirtualIps(bindSubnetId)));
        }
        return keys;
    }

    // A pair's address as EcsArguments.RequireIpAddress writes it, so that it meets the key of a bind of that address;
    // null for a range or anything else that is not one address.
    private static string? CanonicalAddress(string? address)
    {
        if (string.IsNullOrEmpty(address) || address!.IndexOf('/') >= 0 || !IPAddress.TryParse(address, out var parsed)) return null;
        if (parsed.AddressFamily == AddressFamily.InterNetworkV6) return parsed.ToString();
        // Only the strict dotted quad: IPAddress also reads "10.1" or octal forms, which name other addresses than a bind would.
        return parsed.AddressFamily == AddressFamily.InterNetwork && parsed.ToString() == address ? address : null;
    }
}
