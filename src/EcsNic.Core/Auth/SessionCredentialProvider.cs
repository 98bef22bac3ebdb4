using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Text;

namespace EcsNic.Core.Auth;

/// <summary>
/// Returns the session default that Connect-EcsCloud put in a <see cref="SessionCredentialStore"/>. The store is read on
/// every call, so Connect-EcsCloud and Disconnect-EcsCloud take effect without rebuilding the chain.
/// </summary>
public sealed class SessionCredentialProvider : ICredentialProvider
{
    private readonly SessionCredentialStore _store;

    /// <summary>Creates the provider over the given store.</summary>
    public SessionCredentialProvider(SessionCredentialStore store) =>
        _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public string Name => "session";

    /// <summary>
    /// Returns the stored credentials. When they suggest no region, the region given to Connect-EcsCloud is carried on
    /// <see cref="Credentials.Region"/>.
    /// </summary>
    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var current = _store.Current
            ?? throw new CredentialUnavailableException($"no session default is set (run {UserWords.Task(UserTask.Connect)} to set one)");
        if (current.Region is null && !string.IsNullOrWhiteSpace(_store.Region))
            current = current.WithRegion(_store.Region);
        return Task.FromResult(current);
    }
}
