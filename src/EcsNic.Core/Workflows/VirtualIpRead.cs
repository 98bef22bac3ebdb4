using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Text;

namespace EcsNic.Core.Workflows;

/// <summary>Reads virtual IP bindings from the VPC port API, and builds Get-EcsNicVirtualIp's runner.</summary>
public static class VirtualIpRead
{
    /// <summary>A NIC's virtual IPs: one ShowPort of the NIC, whose allowed_address_pairs list them.</summary>
    public static async Task<NicVirtualIps> ReadNicAsync(EcsClient client, string nicId, CancellationToken cancellationToken)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        var port = await client.GetPortAsync(nicId, cancellationToken).ConfigureAwait(false);
        return NicVirtualIps.FromPort(port);
    }

    /// <summary>
    /// A virtual IP: one ListPorts of its subnet gives both its port (device_owner neutron:VIP_PORT holding the address)
    /// and the NICs whose allowed_address_pairs hold the address; one record per such NIC, or one without a NIC.
    /// </summary>
    /// <exception cref="EcsException">The subnet has no virtual IP port with that address.</exception>
    public static async Task<IReadOnlyList<VirtualIpPort>> ReadVirtualIpAsync(EcsClient client, string subnetId, string ipAddress,
        CancellationToken cancellationToken)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        var ports = await client.ListPortsAsync(new PortFilter { NetworkId = subnetId }, cancellationToken).ConfigureAwait(false);
        var vip = ports.FirstOrDefault(p => string.Equals(p.DeviceOwner, VpcPort.VirtualIpOwner, StringComparison.Ordinal)
                                            && p.FixedIps.Any(ip => SameAddress(ip, ipAddress)))
                  ?? throw new EcsException($"Subnet {subnetId} has no virtual IP {ipAddress}. Run " +
                                            UserWords.Task(UserTask.ListPorts, UserWords.With(UserInput.SubnetId, subnetId), UserWords.With(UserInput.IpAddress, ipAddress)) +
                                            " to see what holds the address.");
        var vipSubnet = vip.SubnetId ?? subnetId;
        var records = ports
            .Where(p => !ReferenceEquals(p, vip) && p.AllowedAddressPairs.Any(a => SameAddress(a.IpAddress, ipAddress)))
            .Select(p => new VirtualIpPort(vip.Region, ipAddress, vip.PortId, vipSubnet, p.PortId,
                vip.AllowedAddressPairs.Any(a => p.FixedIps.Any(ip => SameAddress(a.IpAddress, ip))
                                                 && string.Equals(a.MacAddress, p.MacAddress, StringComparison.OrdinalIgnoreCase)),
                vip.AllowedAddressPairs))
            .ToList();
        if (records.Count == 0)
            records.Add(new VirtualIpPort(vip.Region, ipAddress, vip.PortId, vipSubnet, null, false, vip.AllowedAddressPairs));
        return records;
    }

    /// <summary>The bulk read of Get-EcsNicVirtualIp: each query's records reach <paramref name="sink"/> in posting order.</summary>
    public static BulkOperation<VirtualIpQuery, IReadOnlyList<object>> CreateOperation(EcsClient client, IOperationSink sink,
        BulkOptions options, CancellationToken cancellationToken) =>
        new(sink, "Reading virtual IPs", "NICs", options, o => CreateRunner(client, sink, o, cancellationToken), query => query.Target,
            (records, s) =>
            {
                foreach (var record in records) s.Output(record);
            });

    /// <summary>
    /// A runner that reads each posted query with <paramref name="client"/>, up to the throttle limit at once, giving the
    /// records of each; reads take no keys, as they change nothing.
    /// </summary>
    public static BulkRunner<VirtualIpQuery, IReadOnlyList<object>> CreateRunner(EcsClient client, IEcsLogger log, BulkOptions options,
        CancellationToken cancellationToken)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (log is null) throw new ArgumentNullException(nameof(log));
        if (options is null) throw new ArgumentNullException(nameof(options));
        return new BulkRunner<VirtualIpQuery, IReadOnlyList<object>>((query, ct) =>
        {
            // Started inside the scope, so the request's log lines (and any retry) reach this call's log.
            using (EcsLogScope.Begin(log))
                return ReadAsync(client, query, ct);
        }, _ => Array.Empty<BulkKey>(), options, cancellationToken);
    }

    private static async Task<IReadOnlyList<object>> ReadAsync(EcsClient client, VirtualIpQuery query, CancellationToken cancellationToken) =>
        query.NicId is not null
            ? new object[] { await ReadNicAsync(client, query.NicId, cancellationToken).ConfigureAwait(false) }
            : (await ReadVirtualIpAsync(client, query.SubnetId!, query.IpAddress!, cancellationToken).ConfigureAwait(false)).ToArray<object>();

    // Pairs may hold a CIDR or another spelling of the address; compare as written, ignoring case (IPv6).
    private static bool SameAddress(string? a, string b) => string.Equals(a?.Trim(), b, StringComparison.OrdinalIgnoreCase);
}
