
namespace EcsNic.Core.Auth;

/// <summary>
/// A provider of temporary credentials that can be told the service rejected them: the service may expire a security
/// token before its <c>expires_at</c>, and only a fresh fetch helps then.
/// </summary>
public interface IRefreshableCredentialProvider
{
    /// <summary>
    /// Forgets <paramref name="rejected"/> if they are still the ones it would hand out, so that the next call fetches
    /// new ones; returns false when it cannot refresh (for example, the credentials did not come from it).
    /// </summary>
    bool Invalidate(Credentials rejected);
}
