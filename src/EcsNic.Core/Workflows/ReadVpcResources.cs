using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Reads VPCs, subnets and NICs (ports): a list, filtered, is one call whose failure ends it; a read by ID is one item,
/// whose failure is an error with the ID as typed as its target, and the rest go on.
/// </summary>
public sealed class ReadVpcResources
{
    private readonly EcsClient _client;
    private readonly IOperationSink _sink;

    /// <summary>Creates the operation.</summary>
    public ReadVpcResources(EcsClient client, IOperationSink sink)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>Reports every VPC of the project, or only those named <paramref name="name"/>.</summary>
    public async Task ListVpcsAsync(string? name, CancellationToken cancellationToken)
    {
        foreach (var vpc in (await _client.ListVpcsAsync(cancellationToken).ConfigureAwait(false)).Where(v => name is null || v.Name == name))
            _sink.Output(vpc);
    }

    /// <summary>
    /// Reports the VPC <paramref name="vpcId"/> unless it is not named <paramref name="name"/>; a failure is an error about
    /// <paramref name="target"/>, the ID as typed.
    /// </summary>
    public Task ShowVpcAsync(string vpcId, object? target, string? name, CancellationToken cancellationToken) =>
        ReadOneAsync(target, cancellationToken, async ct =>
        {
            var vpc = await _client.GetVpcAsync(vpcId, ct).ConfigureAwait(false);
            return name is null || vpc.Name == name ? vpc : null;
        });

    /// <summary>Reports the subnets of the project or of the VPC <paramref name="vpcId"/>, or only those named <paramref name="name"/>.</summary>
    public async Task ListSubnetsAsync(string? vpcId, string? name, CancellationToken cancellationToken)
    {
        foreach (var subnet in (await _client.ListSubnetsAsync(vpcId, cancellationToken).ConfigureAwait(false)).Where(s => name is null || s.Name == name))
            _sink.Output(subnet);
    }

    /// <summary>
    /// Reports the subnet <paramref name="subnetId"/> unless it is not named <paramref name="name"/> or not of the VPC
    /// <paramref name="vpcId"/>; a failure is an error about <paramref name="target"/>, the ID as typed.
    /// </summary>
    public Task ShowSubnetAsync(string subnetId, object? target, string? vpcId, string? name, CancellationToken cancellationToken) =>
        ReadOneAsync(target, cancellationToken, async ct =>
        {
            var subnet = await _client.GetSubnetAsync(subnetId, ct).ConfigureAwait(false);
            return (name is null || subnet.Name == name) && (vpcId is null || subnet.VpcId == vpcId) ? subnet : null;
        });

    /// <summary>Reports the ports matching <paramref name="filter"/>.</summary>
    public async Task ListPortsAsync(PortFilter filter, CancellationToken cancellationToken)
    {
        foreach (var port in await _client.ListPortsAsync(filter, cancellationToken).ConfigureAwait(false))
            _sink.Output(port);
    }

    /// <summary>Reports the port <paramref name="portId"/>; a failure is an error about <paramref name="target"/>, the ID as typed.</summary>
    public Task ShowPortAsync(string portId, object? target, CancellationToken cancellationToken) =>
        ReadOneAsync(target, cancellationToken, async ct => await _client.GetPortAsync(portId, ct).ConfigureAwait(false));

    private async Task ReadOneAsync(object? target, CancellationToken cancellationToken, Func<CancellationToken, Task<object?>> read)
    {
        try
        {
            if (await read(cancellationToken).ConfigureAwait(false) is { } record) _sink.Output(record);
        }
        catch (EcsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _sink.Error(ex, target);
        }
    }
}
