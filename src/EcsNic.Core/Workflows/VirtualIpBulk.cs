using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Core.Workflows;

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
