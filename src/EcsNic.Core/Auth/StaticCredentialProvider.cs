using System;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Auth;

/// <summary>Returns credentials the caller already holds (-Credential, -AccessKey/-SecretKey); never unavailable.</summary>
public sealed class StaticCredentialProvider : ICredentialProvider
{
    private readonly Credentials _credentials;

    /// <summary>Wraps the given credentials; <paramref name="name"/> is how chain messages refer to this source.</summary>
    public StaticCredentialProvider(Credentials credentials, string name = "explicit")
    {
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        Name = string.IsNullOrWhiteSpace(name) ? "explicit" : name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_credentials);
    }
}
