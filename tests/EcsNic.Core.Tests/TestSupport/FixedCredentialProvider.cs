using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>Always returns the same credentials; counts calls.</summary>
public sealed class FixedCredentialProvider : ICredentialProvider
{
    private int _calls;

    public FixedCredentialProvider(Credentials credentials) => Credentials = credentials;

    public Credentials Credentials { get; }

    public int Calls => _calls;

    public string Name => "fixed";

    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(Credentials);
    }
}
