using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Auth;

/// <summary>
/// One source of credentials. A provider whose source is simply not there (no variable set, no file) throws
/// <see cref="CredentialUnavailableException"/> so that a chain moves on; any other exception is a real failure.
/// Providers of temporary credentials cache them and refresh before expiry, so calling this per request is cheap.
/// </summary>
public interface ICredentialProvider
{
    /// <summary>A short name for messages, such as "environment" or "koocli".</summary>
    string Name { get; }

    /// <summary>Returns usable credentials, or throws <see cref="CredentialUnavailableException"/>.</summary>
    Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
