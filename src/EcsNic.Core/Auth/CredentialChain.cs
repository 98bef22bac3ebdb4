using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Core.Auth;

// CONTRACT STUB: the public shape below is fixed; the credentials work replaces the bodies.

/// <summary>Which sources a default chain consults, and how.</summary>
public sealed class CredentialChainOptions
{
    /// <summary>Credentials given explicitly (-Credential or -AccessKey/-SecretKey); first in the chain.</summary>
    public Credentials? Explicit { get; set; }

    /// <summary>The session default store (set by Connect-EcsCloud); second in the chain.</summary>
    public SessionCredentialStore? Session { get; set; }

    /// <summary>Reads an environment variable; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; set; }

    /// <summary>A KooCLI profile name; when given, a missing or unusable profile is an error, not a skip.</summary>
    public string? ProfileName { get; set; }

    /// <summary>The KooCLI config file; defaults to ~/.hcloud/config.json.</summary>
    public string? KooCliConfigPath { get; set; }

    /// <summary>Whether to try ECS instance metadata last.</summary>
    public bool UseInstanceMetadata { get; set; } = true;

    /// <summary>The metadata service base URL; defaults to http://169.254.169.254. Tests point it at the emulator.</summary>
    public Uri? MetadataEndpoint { get; set; }
}

/// <summary>The session default credentials, set by Connect-EcsCloud and cleared by Disconnect-EcsCloud.</summary>
public sealed class SessionCredentialStore
{
    /// <summary>The current default, or null.</summary>
    public Credentials? Current { get; set; }

    /// <summary>The region given to Connect-EcsCloud, or null.</summary>
    public string? Region { get; set; }

    /// <summary>The endpoint given to Connect-EcsCloud, or null.</summary>
    public Uri? Endpoint { get; set; }
}

/// <summary>
/// Tries providers in order and returns the first credentials found. Sources that are not there are skipped; when none
/// yields credentials, one <see cref="CredentialChainException"/> lists what each said.
/// </summary>
public sealed class CredentialChain : ICredentialProvider
{
    /// <summary>Creates a chain over the given providers, in order.</summary>
    public CredentialChain(IEnumerable<ICredentialProvider> providers) => throw new NotImplementedException();

    /// <summary>The providers, in order.</summary>
    public IReadOnlyList<ICredentialProvider> Providers => throw new NotImplementedException();

    /// <inheritdoc />
    public string Name => "chain";

    /// <summary>Builds the standard chain: explicit, session, environment, KooCLI profile, instance metadata.</summary>
    public static CredentialChain CreateDefault(CredentialChainOptions options) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
