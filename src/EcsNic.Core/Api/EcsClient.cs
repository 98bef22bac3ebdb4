using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Models;

namespace EcsNic.Core.Api;

// CONTRACT STUB: the signatures below are fixed; the client issue replaces the bodies.

/// <summary>The ECS NIC operations, one async method per call, over a signing, retrying HTTP pipeline.</summary>
public sealed class EcsClient : IDisposable
{
    /// <summary>Creates a client; it owns one HttpClient for its whole life, so connections are reused.</summary>
    public EcsClient(EcsClientOptions options, ICredentialProvider credentials)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    }

    /// <summary>The settings.</summary>
    public EcsClientOptions Options { get; }

    /// <summary>Where credentials come from.</summary>
    public ICredentialProvider Credentials { get; }

    /// <summary>AssociateServerVirtualIp: binds (creating if needed) a virtual IP to a NIC.</summary>
    public Task<VirtualIpBinding> BindVirtualIpAsync(string nicId, string subnetId, string ipAddress, bool reverseBinding,
        CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>DisassociateServerVirtualIp: unbinds the virtual IP of a NIC.</summary>
    public Task<VirtualIpBinding> UnbindVirtualIpAsync(string nicId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>BatchAddServerNics: starts attaching NICs; returns the submitted job. Never retried blindly.</summary>
    public Task<EcsJob> AddServerNicsAsync(string serverId, IReadOnlyList<NicSpec> nics, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>BatchDeleteServerNics: starts detaching NICs; returns the submitted job. Never retried blindly.</summary>
    public Task<EcsJob> DeleteServerNicsAsync(string serverId, IReadOnlyList<string> nicIds, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>ListServerInterfaces: the server's NICs.</summary>
    public Task<IReadOnlyList<ServerNic>> ListServerNicsAsync(string serverId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>ShowJob: one job's current state.</summary>
    public Task<EcsJob> GetJobAsync(string jobId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The project ID: the configured one, or one looked up through IAM by region name and cached.</summary>
    public Task<string> GetProjectIdAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
