using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

namespace EcsNic.Core.Session;

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

/// <summary>The bulk runner of Set-/Remove-EcsNicVirtualIp, built here so that tests drive exactly what the cmdlets run.</summary>
public static class VirtualIpBulk
{
    /// <summary>
    /// A runner that binds or unbinds each posted call with <paramref name="client"/>, logging to <paramref name="log"/>,
    /// with <paramref name="options"/>' throttle limit, ordered by key through its coordinator. The module passes the
    /// session's (<see cref="EcsSession.KeyCoordinator"/>), so that cmdlets running at once never update one port together.
    /// </summary>
    /// <exception cref="EcsValidationException">The throttle limit is outside 1 to 256.</exception>
    public static BulkRunner<VirtualIpCall, VirtualIpBinding> CreateRunner(EcsClient client, IEcsLogger log, BulkOptions options,
        CancellationToken cancellationToken)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (log is null) throw new ArgumentNullException(nameof(log));
        if (options is null) throw new ArgumentNullException(nameof(options));
        // One read of each virtual IP's port per runner, shared by the NICs bound to it.
        var virtualIpPorts = new ConcurrentDictionary<string, Lazy<Task<string?>>>(StringComparer.Ordinal);
        return new BulkRunner<VirtualIpCall, VirtualIpBinding>((call, ct) =>
        {
            using (EcsLogScope.Begin(log))
            {
                if (call.Api == VirtualIpApi.Vpc)
                {
                    return call.IsBind
                        ? client.BindVirtualIpThroughVpcAsync(call.NicId, call.SubnetId!, call.IpAddress!, ct)
                        : client.UnbindVirtualIpThroughVpcAsync(call.NicId, ct);
                }
                return call.IsBind
                    ? BindAsync(client, call, virtualIpPorts, log, ct)
                    : UnbindAsync(client, call, ct);
            }
        }, call => call.Keys, options, cancellationToken);
    }

    /// <summary>
    /// The bulk bind or unbind of Set-/Remove-EcsNicVirtualIp: the runner of <see cref="CreateRunner"/>, reporting each
    /// binding to <paramref name="sink"/> in posting order, each failure with the call's input record as its target.
    /// Unbinds read their NIC's port before they are posted, to hold only the virtual IPs they touch
    /// (<see cref="VirtualIpPreparation"/>), so that a drain of many NICs of one subnet runs in parallel.
    /// </summary>
    public static BulkOperation<VirtualIpCall, VirtualIpBinding> CreateOperation(EcsClient client, IOperationSink sink, string activity,
        BulkOptions options, CancellationToken cancellationToken) =>
        new(sink, activity, "NICs", options, o => CreateRunner(client, sink, o, cancellationToken), call => call.Target,
            Report, new VirtualIpPreparation(client, sink).For(cancellationToken));

    private static void Report(VirtualIpBinding binding, IOperationSink sink)
    {
        if (binding.Action == VirtualIpAction.NotBound)
            sink.Log(EcsLogLevel.Verbose, $"NIC {binding.NicId} had no virtual IP; nothing was unbound.");
        else if (binding.Action == VirtualIpAction.Unbound)
            sink.Log(EcsLogLevel.Verbose, $"NIC {binding.NicId}: unbound {string.Join(", ", binding.RemovedIpAddresses)}.");
        sink.Output(binding);
    }

    // The bind's answer names only the NIC. The virtual IP's port (one ListPorts per virtual IP and runner, made under the
    // same keys, after the bind that may have created it) and the server of a piped NIC record complete the result; a
    // failed read leaves the port ID empty and never turns a bind that was done into an error.
    private static async Task<VirtualIpBinding> BindAsync(EcsClient client, VirtualIpCall call,
        ConcurrentDictionary<string, Lazy<Task<string?>>> virtualIpPorts, IEcsLogger log, CancellationToken cancellationToken)
    {
        var bound = await client.BindVirtualIpAsync(call.NicId, call.SubnetId!, call.IpAddress!, call.ReverseBinding, cancellationToken)
            .ConfigureAwait(false);
        var lookup = virtualIpPorts.GetOrAdd(call.SubnetId + "\n" + call.IpAddress, _ => new Lazy<Task<string?>>(
            () => FindVirtualIpPortIdAsync(client, call.SubnetId!, call.IpAddress!, log, cancellationToken)));
        var portId = await lookup.Value.ConfigureAwait(false);
        return bound.WithBindContext(ServerIdOf(call.Target), portId);
    }

    private static async Task<string?> FindVirtualIpPortIdAsync(EcsClient client, string subnetId, string ipAddress, IEcsLogger log,
        CancellationToken cancellationToken)
    {
        try
        {
            var ports = await client.ListPortsAsync(new PortFilter
            {
                NetworkId = subnetId, FixedIpAddress = ipAddress, DeviceOwner = VpcPort.VirtualIpOwner,
            }, cancellationToken).ConfigureAwait(false);
            return ports.Count > 0 ? ports[0].PortId : null;
        }
        catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            log.Log(EcsLogLevel.Verbose, $"The port of virtual IP {ipAddress} (subnet {subnetId}) could not be read, so the binding names none: {ex.Message}");
            return null;
        }
    }

    // The records that name the NIC's server: NIC lists, VPC ports (device_id) and binding reads.
    private static string? ServerIdOf(object target) => target switch
    {
        ServerNic nic => nic.ServerId,
        VpcPort port when !string.IsNullOrEmpty(port.DeviceId) => port.DeviceId,
        NicVirtualIps read => read.ServerId,
        _ => null,
    };

    // The unbind's answer names no address: the NIC's port, read before posting or again under the same keys, tells what
    // it removes. A port the VPC API does not know still goes to the unbind, whose own error (Ecs.0307) says what is wrong.
    private static async Task<VirtualIpBinding> UnbindAsync(EcsClient client, VirtualIpCall call, CancellationToken cancellationToken)
    {
        var port = call.ReadPort;
        if (call.ReadAgain)
        {
            try
            {
                port = await client.GetPortAsync(call.NicId, cancellationToken).ConfigureAwait(false);
            }
            catch (EcsApiException ex) when (ex.StatusCode == 404)
            {
                port = null;
            }
        }
        var unbound = await client.UnbindVirtualIpAsync(call.NicId, cancellationToken).ConfigureAwait(false);
        return port is null ? unbound : unbound.WithUnboundPort(port);
    }
}
