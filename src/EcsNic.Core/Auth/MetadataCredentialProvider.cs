using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Models;
using EcsNic.Core.Timing;

namespace EcsNic.Core.Auth;

/// <summary>Settings of <see cref="MetadataCredentialProvider"/>.</summary>
public sealed class MetadataCredentialOptions
{
    /// <summary>The metadata service base URL; defaults to <see cref="MetadataCredentialProvider.DefaultEndpoint"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The budget for one fetch (token request plus credential request, connecting included); defaults to 2 seconds,
    /// so that on a machine that is not an ECS the provider gives up quickly.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How long before expiry cached credentials are refreshed; defaults to 60 seconds.</summary>
    public TimeSpan? RefreshBeforeExpiry { get; set; }

    /// <summary>Whether to ask for a session token first (PUT meta-data/latest/api/token); defaults to true.</summary>
    public bool UseSessionToken { get; set; } = true;

    /// <summary>The clock that decides expiry; defaults to <see cref="SystemClock.Instance"/>.</summary>
    public IClock? Clock { get; set; }

    /// <summary>
    /// The transport; defaults to an <see cref="HttpClientHandler"/> that bypasses proxies (the metadata address is
    /// link-local). A handler given here is not disposed by the provider.
    /// </summary>
    public HttpMessageHandler? Handler { get; set; }
}

/// <summary>
/// Gets temporary credentials of the ECS agency from the instance metadata service, for runbooks running on an ECS:
/// optionally <c>PUT {base}/meta-data/latest/api/token</c> (a failure there is ignored), then
/// <c>GET {base}/openstack/latest/securitykey</c> with <c>X-Metadata-Token</c> when a token was obtained. The answer is
/// cached and refreshed when less than a minute remains; concurrent callers share one fetch. When a refresh fails while
/// the cached credentials are still valid, those are returned. An endpoint that cannot be reached, a machine without an
/// agency, or an unusable answer is reported as <see cref="CredentialUnavailableException"/>.
/// </summary>
public sealed class MetadataCredentialProvider : ICredentialProvider, IRefreshableCredentialProvider, IDisposable
{
    /// <summary>The ECS metadata service.</summary>
    public static readonly Uri DefaultEndpoint = new("http://169.254.169.254");

    /// <summary>The token lifetime asked for, in seconds (six hours, the service's maximum).</summary>
    public const int TokenTtlSeconds = 21600;

    private const string TokenPath = "meta-data/latest/api/token";
    private const string SecurityKeyPath = "openstack/latest/securitykey";

    /// <summary>
    /// What the metadata service answers (HTTP 401) on an ECS without an agency; the Go, Python and Java SDKs look for
    /// this text (ConfigAgencyError in huaweicloud-sdk-go-v3 core/auth/internal/metadata_accessor.go).
    /// </summary>
    public const string AgencyMissingText = "Please configure Cloud Service Agency first";

    /// <summary>After a failed refresh, how long the still-valid cached credentials are used before trying again.</summary>
    public static readonly TimeSpan RetryAfterFailedRefresh = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly IClock _clock;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _refreshBefore;
    private readonly bool _useToken;
    private readonly Uri _base;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private Credentials? _cached;
    private long _retryNotBeforeTicks;

    /// <summary>Creates the provider; null options use every default.</summary>
    public MetadataCredentialProvider(MetadataCredentialOptions? options = null)
    {
        options ??= new MetadataCredentialOptions();
        var endpoint = options.Endpoint ?? DefaultEndpoint;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("The metadata endpoint must be an absolute http or https URL.", nameof(options));
        // A trailing slash makes the relative paths append to any path prefix instead of replacing its last segment.
        _base = endpoint.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _clock = options.Clock ?? SystemClock.Instance;
        _timeout = options.Timeout is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromSeconds(2);
        _refreshBefore = options.RefreshBeforeExpiry is { } r && r >= TimeSpan.Zero ? r : TimeSpan.FromSeconds(60);
        _useToken = options.UseSessionToken;
        _http = options.Handler is null
            ? new HttpClient(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false }, disposeHandler: true)
            : new HttpClient(options.Handler, disposeHandler: false);
        // Each fetch has its own deadline (see _timeout); the client-wide one would only get in the way of cancellation.
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        _http.MaxResponseContentBufferSize = 1024 * 1024;
    }

    /// <inheritdoc />
    public string Name => "metadata";

    /// <summary>The base URL in use.</summary>
    public Uri Endpoint => _base;

    /// <inheritdoc />
    public async Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref _cached);
        if (IsFresh(cached) || IsBackingOff(cached)) return cached!;

        await _fetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the gate before us may have refreshed (or just failed to): then this caller needs no request of its own.
            cached = Volatile.Read(ref _cached);
            if (IsFresh(cached) || IsBackingOff(cached)) return cached!;
            try
            {
                var fetched = await FetchAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _cached, fetched);
                return fetched;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && IsValid(cached))
            {
                // A failed refresh is not worth failing a call while the credentials in hand still work. Waiting a while
                // before the next attempt keeps a bulk run from queueing behind one timed-out fetch after another.
                Interlocked.Exchange(ref _retryNotBeforeTicks, (_clock.UtcNow + RetryAfterFailedRefresh).UtcTicks);
                return cached!;
            }
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    /// <inheritdoc />
    public bool Invalidate(Credentials rejected)
    {
        if (rejected is null) return false;
        var cached = Volatile.Read(ref _cached);
        if (cached is null || !string.Equals(cached.AccessKey, rejected.AccessKey, StringComparison.Ordinal)) return false;
        Interlocked.CompareExchange(ref _cached, null, cached);
        Interlocked.Exchange(ref _retryNotBeforeTicks, 0);
        return true;
    }

    /// <summary>Releases the HTTP client (and the default transport; an injected handler is left alone).</summary>
    public void Dispose()
    {
        _http.Dispose();
        _fetchGate.Dispose();
    }

    private bool IsFresh(Credentials? credentials) =>
        credentials?.ExpiresAt is { } expires && _clock.UtcNow < expires - _refreshBefore;

    private bool IsValid(Credentials? credentials) =>
        credentials?.ExpiresAt is { } expires && _clock.UtcNow < expires;

    private bool IsBackingOff(Credentials? credentials) =>
        IsValid(credentials) && _clock.UtcNow.UtcTicks < Interlocked.Read(ref _retryNotBeforeTicks);

    private async Task<Credentials> FetchAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var token = deadline.Token;
        var securityKeyUri = new Uri(_base, SecurityKeyPath);
        try
        {
            var sessionToken = _useToken ? await TryGetSessionTokenAsync(token).ConfigureAwait(false) : null;

            using var request = new HttpRequestMessage(HttpMethod.Get, securityKeyUri);
            if (sessionToken is not null) request.Headers.TryAddWithoutValidation("X-Metadata-Token", sessionToken);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new CredentialUnavailableException($"instance metadata at {_base} has no security key (HTTP 404): this ECS has no agency attached");
            if (response.StatusCode == HttpStatusCode.Unauthorized &&
                (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).IndexOf(AgencyMissingText, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new CredentialUnavailableException(
                    $"instance metadata at {_base} answered HTTP 401 \"{AgencyMissingText}\": this ECS has no agency attached " +
                    "(attach one in the ECS console under Management Information > Agency, or use another credential source)");
            }
            if (!response.IsSuccessStatusCode)
                throw new CredentialUnavailableException($"instance metadata at {_base} answered HTTP {(int)response.StatusCode} for the security key");
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            try
            {
                return Parse(body);
            }
            finally
            {
                Array.Clear(body, 0, body.Length);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CredentialUnavailableException(
                $"instance metadata not reachable at {_base} within {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (not an ECS?)");
        }
        catch (HttpRequestException ex)
        {
            throw new CredentialUnavailableException($"instance metadata not reachable at {_base} ({Describe(ex)}; not an ECS?)");
        }
        catch (IOException ex)
        {
            throw new CredentialUnavailableException($"instance metadata at {_base} broke off its answer ({Describe(ex)})");
        }
    }

    // The token is an optimisation the service may not offer; any failure here just means asking without one.
    private async Task<string?> TryGetSessionTokenAsync(CancellationToken token)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_base, TokenPath));
            request.Headers.TryAddWithoutValidation("X-Metadata-Token-Ttl-Seconds", TokenTtlSeconds.ToString(CultureInfo.InvariantCulture));
            request.Content = new ByteArrayContent(Array.Empty<byte>());
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            var text = (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Trim();
            return text.Length == 0 || text.IndexOfAny(new[] { '\r', '\n' }) >= 0 ? null : text;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private Credentials Parse(byte[] body)
    {
        MetadataSecurityKeyResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, EcsJsonContext.Default.MetadataSecurityKeyResponse);
        }
        catch (JsonException ex)
        {
            // Only the position: the exception text can quote part of the body, which holds the secret.
            throw new CredentialUnavailableException(
                $"instance metadata at {_base} answered with unreadable JSON (at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");
        }

        var wire = parsed?.Credential;
        var missing = wire is null ? "credential"
            : string.IsNullOrWhiteSpace(wire.Access) ? "credential.access"
            : string.IsNullOrWhiteSpace(wire.Secret) ? "credential.secret"
            : string.IsNullOrWhiteSpace(wire.SecurityToken) ? "credential.securitytoken"
            : string.IsNullOrWhiteSpace(wire.ExpiresAt) ? "credential.expires_at"
            : null;
        if (missing is not null)
            throw new CredentialUnavailableException($"instance metadata at {_base} answered without {missing}");

        if (!DateTimeOffset.TryParse(wire!.ExpiresAt!.Trim(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiresAt))
            throw new CredentialUnavailableException($"instance metadata at {_base} answered with an unreadable credential.expires_at");
        if (expiresAt <= _clock.UtcNow)
            throw new CredentialUnavailableException(
                $"instance metadata at {_base} answered with credentials that expired at {expiresAt.ToString("u", CultureInfo.InvariantCulture)}");

        try
        {
            return new Credentials(wire.Access!.Trim(), wire.Secret!.Trim(), wire.SecurityToken, expiresAt: expiresAt, source: Name);
        }
        catch (ArgumentException ex)
        {
            throw new CredentialUnavailableException(
                $"instance metadata at {_base} answered with unusable credentials: {EnvironmentCredentialProvider.FirstSentence(ex.Message)}");
        }
    }

    private static string Describe(Exception ex)
    {
        Exception inner = ex;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message.TrimEnd('.');
    }
}
