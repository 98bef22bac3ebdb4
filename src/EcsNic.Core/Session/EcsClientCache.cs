using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>
/// One <see cref="EcsClient"/> per endpoint, region, project and credential identity for the whole session, so that
/// cmdlet calls reuse HTTP connections (and a looked-up project ID) instead of opening new ones each time.
/// </summary>
/// <remarks>
/// The cache holds at most <c>capacity</c> clients and forgets the least recently used. Forgotten and cleared clients
/// are not disposed: another runspace may still be in the middle of a call on one, and an idle client costs only its
/// idle connections, which the runtime closes.
/// </remarks>
public sealed class EcsClientCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, EcsClient>>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, EcsClient>> _recency = new();
    private readonly Func<CredentialChainOptions, ICredentialProvider> _chainFactory;
    private readonly Func<EcsClientOptions, ICredentialProvider, EcsClient> _clientFactory;
    private readonly int _capacity;

    /// <summary>
    /// Creates a cache. The factories default to <see cref="CredentialChain.CreateDefault"/> and the
    /// <see cref="EcsClient"/> constructor; tests replace them.
    /// </summary>
    public EcsClientCache(Func<CredentialChainOptions, ICredentialProvider>? chainFactory = null,
        Func<EcsClientOptions, ICredentialProvider, EcsClient>? clientFactory = null, int capacity = 16)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        _chainFactory = chainFactory ?? CredentialChain.CreateDefault;
        _clientFactory = clientFactory ?? ((options, credentials) => new EcsClient(options, credentials));
        _capacity = capacity;
    }

    /// <summary>How many clients are cached.</summary>
    public int Count
    {
        get { lock (_gate) return _byKey.Count; }
    }

    /// <summary>Builds the credential chain the settings describe.</summary>
    public ICredentialProvider CreateChain(ClientSettings settings)
    {
        if (settings is null) throw new ArgumentNullException(nameof(settings));
        return _chainFactory(settings.ChainOptions);
    }

    /// <summary>
    /// Returns the cached client for these settings, creating it on first use with <paramref name="chain"/> (or a new
    /// chain). A given chain that is not used is disposed.
    /// </summary>
    public EcsClient GetOrCreate(ClientSettings settings, ICredentialProvider? chain = null)
    {
        if (settings is null) throw new ArgumentNullException(nameof(settings));
        lock (_gate)
        {
            if (_byKey.TryGetValue(settings.CacheKey, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                (chain as IDisposable)?.Dispose();
                return node.Value.Value;
            }
            var client = CreateUncached(settings, chain);
            _byKey[settings.CacheKey] = _recency.AddFirst(new KeyValuePair<string, EcsClient>(settings.CacheKey, client));
            while (_byKey.Count > _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _byKey.Remove(oldest.Value.Key);
            }
            return client;
        }
    }

    /// <summary>
    /// Like <see cref="GetOrCreate"/>, but when the settings name no region, first asks the credentials' source for one
    /// (a KooCLI profile's region, or Connect-EcsCloud's), as the KooCLI and the SDKs do. Credential failures surface here.
    /// </summary>
    public async Task<EcsClient> GetOrCreateAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        var (withRegion, chain) = await WithSuggestedRegionAsync(settings, cancellationToken).ConfigureAwait(false);
        return GetOrCreate(withRegion, chain);
    }

    /// <summary>Creates a client that is not cached (Connect-EcsCloud validates with one before committing the settings).</summary>
    public EcsClient CreateUncached(ClientSettings settings, ICredentialProvider? chain = null)
    {
        if (settings is null) throw new ArgumentNullException(nameof(settings));
        return _clientFactory(settings.CreateClientOptions(), chain ?? CreateChain(settings));
    }

    /// <summary>Like <see cref="CreateUncached"/>, taking a missing region from the credentials' source.</summary>
    public async Task<EcsClient> CreateUncachedAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        var (withRegion, chain) = await WithSuggestedRegionAsync(settings, cancellationToken).ConfigureAwait(false);
        return CreateUncached(withRegion, chain);
    }

    /// <summary>Forgets every client; the next call creates new ones.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _byKey.Clear();
            _recency.Clear();
        }
    }

    private async Task<(ClientSettings Settings, ICredentialProvider? Chain)> WithSuggestedRegionAsync(ClientSettings settings,
        CancellationToken cancellationToken)
    {
        if (settings is null) throw new ArgumentNullException(nameof(settings));
        if (settings.Region is not null) return (settings, null);
        var chain = CreateChain(settings);
        try
        {
            var credentials = await chain.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            return (credentials.Region is null ? settings : settings.WithRegion(credentials.Region), chain);
        }
        catch
        {
            (chain as IDisposable)?.Dispose();
            throw;
        }
    }
}
