using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Auth;

/// <summary>Which sources a default chain consults, and how.</summary>
public sealed class CredentialChainOptions
{
    /// <summary>Credentials given explicitly (-Credential or -AccessKey/-SecretKey); first in the chain.</summary>
    public Credentials? Explicit { get; set; }

    /// <summary>The session default store (set by Connect-EcsCloud); second in the chain.</summary>
    public SessionCredentialStore? Session { get; set; }

    /// <summary>Reads an environment variable; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; set; }

    /// <summary>
    /// A KooCLI profile name. When given, the profile is an explicit choice: the default chain is the explicit
    /// credentials (if any) and then that profile only, and a missing or unusable profile is an error, not a skip.
    /// </summary>
    public string? ProfileName { get; set; }

    /// <summary>The KooCLI config file; defaults to ~/.hcloud/config.json.</summary>
    public string? KooCliConfigPath { get; set; }

    /// <summary>Whether to try ECS instance metadata last.</summary>
    public bool UseInstanceMetadata { get; set; } = true;

    /// <summary>The metadata service base URL; defaults to http://169.254.169.254. Tests point it at the emulator.</summary>
    public Uri? MetadataEndpoint { get; set; }

    /// <summary>The budget for one metadata fetch; defaults to 2 seconds so that a machine that is not an ECS fails fast.</summary>
    public TimeSpan? MetadataTimeout { get; set; }

    /// <summary>The clock that decides when temporary credentials need refreshing; defaults to the system clock.</summary>
    public IClock? Clock { get; set; }
}

/// <summary>The session default credentials, set by Connect-EcsCloud and cleared by Disconnect-EcsCloud.</summary>
public sealed class SessionCredentialStore
{
    /// <summary>The current default, or null.</summary>
    public Credentials? Current { get; set; }

    /// <summary>The region given to Connect-EcsCloud, or null.</summary>
    public string? Region { get; set; }
}

/// <summary>
/// Tries providers in order and returns the first credentials found. Sources that are not there are skipped; when none
/// yields credentials, one <see cref="CredentialChainException"/> lists what each said.
/// <para>
/// A provider that throws <see cref="CredentialUnavailableException"/> is skipped and its reason recorded; any other
/// exception stops the chain and propagates, because it means a source the user asked for is broken. The first provider
/// that succeeds is remembered and later calls go straight to it, so temporary credentials keep refreshing through the
/// same source and a bulk run does not re-read files per request. If the remembered provider later reports itself
/// unavailable, the chain forgets it and walks every source again.
/// </para>
/// </summary>
public sealed class CredentialChain : ICredentialProvider, IRefreshableCredentialProvider, IDisposable
{
    private readonly ICredentialProvider[] _providers;
    private readonly bool _ownsProviders;
    private ICredentialProvider? _selected;

    /// <summary>Creates a chain over the given providers, in order. The chain does not dispose them.</summary>
    public CredentialChain(IEnumerable<ICredentialProvider> providers) : this(providers, ownsProviders: false)
    {
    }

    private CredentialChain(IEnumerable<ICredentialProvider> providers, bool ownsProviders)
    {
        if (providers is null) throw new ArgumentNullException(nameof(providers));
        _providers = providers.ToArray();
        if (_providers.Length == 0) throw new ArgumentException("A credential chain needs at least one provider.", nameof(providers));
        if (_providers.Any(p => p is null)) throw new ArgumentException("A credential chain cannot hold a null provider.", nameof(providers));
        _ownsProviders = ownsProviders;
    }

    /// <summary>The providers, in order.</summary>
    public IReadOnlyList<ICredentialProvider> Providers => _providers;

    /// <summary>The provider that last succeeded and that later calls go to first, or null before the first success.</summary>
    public ICredentialProvider? SelectedProvider => Volatile.Read(ref _selected);

    /// <inheritdoc />
    public string Name => "chain";

    /// <summary>
    /// Builds the standard chain: explicit credentials (if given), the session default (if a store is given), the
    /// HUAWEICLOUD_SDK_* environment variables, the KooCLI current profile, then instance metadata (if enabled).
    /// When <see cref="CredentialChainOptions.ProfileName"/> is given, the chain is the explicit credentials (if given)
    /// and then that KooCLI profile only: a named profile is an explicit choice, so neither a session default nor
    /// environment variables may silently take its place, and its failure is an error. The chain owns (and disposes)
    /// the providers it builds.
    /// </summary>
    public static CredentialChain CreateDefault(CredentialChainOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        var providers = new List<ICredentialProvider>();
        if (options.Explicit is not null) providers.Add(new StaticCredentialProvider(options.Explicit));

        if (!string.IsNullOrWhiteSpace(options.ProfileName))
        {
            providers.Add(new KooCliProfileProvider(options.KooCliConfigPath, options.ProfileName, options.GetEnvironmentVariable));
            return new CredentialChain(providers, ownsProviders: true);
        }

        if (options.Session is not null) providers.Add(new SessionCredentialProvider(options.Session));
        providers.Add(new EnvironmentCredentialProvider(options.GetEnvironmentVariable));
        providers.Add(new KooCliProfileProvider(options.KooCliConfigPath, null, options.GetEnvironmentVariable));
        if (options.UseInstanceMetadata)
        {
            providers.Add(new MetadataCredentialProvider(new MetadataCredentialOptions
            {
                Endpoint = options.MetadataEndpoint,
                Timeout = options.MetadataTimeout,
                Clock = options.Clock,
            }));
        }
        return new CredentialChain(providers, ownsProviders: true);
    }

    /// <inheritdoc />
    public async Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var selected = Volatile.Read(ref _selected);
        string? selectedReason = null;
        if (selected is not null)
        {
            try
            {
                return await AskAsync(selected, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CredentialUnavailableException or CredentialChainException)
            {
                Interlocked.CompareExchange(ref _selected, null, selected);
                selectedReason = ex.Message;
            }
        }

        var attempts = new List<KeyValuePair<string, string>>(_providers.Length);
        foreach (var provider in _providers)
        {
            // The remembered provider has just answered; asking it again would repeat a failed network fetch.
            if (selectedReason is not null && ReferenceEquals(provider, selected))
            {
                attempts.Add(new KeyValuePair<string, string>(provider.Name, selectedReason));
                continue;
            }
            try
            {
                var credentials = await AskAsync(provider, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _selected, provider);
                return credentials;
            }
            catch (Exception ex) when (ex is CredentialUnavailableException or CredentialChainException)
            {
                attempts.Add(new KeyValuePair<string, string>(provider.Name, ex.Message));
            }
        }
        throw new CredentialChainException(attempts);
    }

    /// <inheritdoc />
    public bool Invalidate(Credentials rejected) =>
        Volatile.Read(ref _selected) is IRefreshableCredentialProvider refreshable && refreshable.Invalidate(rejected);

    /// <summary>Disposes the providers that <see cref="CreateDefault"/> built; providers passed in are the caller's.</summary>
    public void Dispose()
    {
        if (!_ownsProviders) return;
        foreach (var provider in _providers) (provider as IDisposable)?.Dispose();
    }

    private static async Task<Credentials> AskAsync(ICredentialProvider provider, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var credentials = await provider.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return credentials ?? throw new InvalidOperationException($"The credential provider '{provider.Name}' returned no credentials.");
    }
}
