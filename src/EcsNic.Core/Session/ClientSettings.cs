using System;
using System.Text;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>
/// The settings of the client one cmdlet call uses: its command line merged with the session defaults, the credential
/// chain options, and the key under which the client is cached.
/// </summary>
/// <remarks>
/// Merge rules. Region: the parameter, else the session's. Endpoint: the parameter, else the session's when the region is
/// the session's. Project: the parameter, else the session's when region and endpoint are the session's and the call
/// names no credentials of its own (a project belongs to an account and a region). IAM endpoint (for the project
/// lookup): the parameter, else the session's; never the ECS endpoint. Credentials: explicit ones first;
/// a profile (from -ProfileName, or Connect-EcsCloud -ProfileName) means that profile only — the session default, the
/// HUAWEICLOUD_SDK_* variables and instance metadata are skipped (CredentialChain.CreateDefault builds a profile-only
/// chain), so that naming a profile is never silently overridden. No region anywhere: the credentials' source may
/// suggest one (see <see cref="EcsClientCache.GetOrCreateAsync"/>).
/// </remarks>
public sealed class ClientSettings
{
    private readonly string _identity;
    private readonly string _overrides;

    private ClientSettings(string? region, Uri? endpoint, string? projectId, CredentialChainOptions chainOptions, string identity,
        string overrides, Uri? iamEndpoint)
    {
        Region = region;
        Endpoint = endpoint;
        ProjectId = projectId;
        ChainOptions = chainOptions;
        IamEndpoint = iamEndpoint;
        _identity = identity;
        _overrides = overrides;
        CacheKey = new StringBuilder()
            .Append(endpoint?.AbsoluteUri ?? "-").Append('|')
            .Append(iamEndpoint?.AbsoluteUri ?? "-").Append('|')
            .Append(region ?? "-").Append('|')
            .Append(projectId ?? "-").Append('|')
            .Append(identity).Append('|')
            .Append(overrides)
            .ToString();
    }

    /// <summary>The region, or null (the client may still take one from the credentials' source).</summary>
    public string? Region { get; }

    /// <summary>The endpoint override, or null.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The project ID, or null to look it up.</summary>
    public string? ProjectId { get; }

    /// <summary>The IAM endpoint for the project lookup, or null for HUAWEICLOUD_SDK_IAM_ENDPOINT or the region's.</summary>
    public Uri? IamEndpoint { get; }

    /// <summary>The options of the credential chain.</summary>
    public CredentialChainOptions ChainOptions { get; }

    /// <summary>
    /// Equal for calls that may share a client: same endpoint, region, project and credential identity. Explicit
    /// credentials are identified by their AK and a keyed fingerprint of their secret, never by the secret.
    /// </summary>
    public string CacheKey { get; }

    /// <summary>
    /// The same settings with a region, for when none was given and the credentials' source suggests one (a KooCLI
    /// profile's region). The chain options are shared, so the chain built for them stays valid.
    /// </summary>
    public ClientSettings WithRegion(string region) =>
        new(EcsArguments.RequireRegion("Region", region), Endpoint, ProjectId, ChainOptions, _identity, _overrides, IamEndpoint);

    /// <summary>New client options for these settings.</summary>
    public EcsClientOptions CreateClientOptions() => new()
    {
        Region = Region,
        Endpoint = Endpoint,
        IamEndpoint = IamEndpoint,
        ProjectId = ProjectId,
    };

    /// <summary>
    /// Merges a call's parameters with the session defaults; see the remarks for the rules.
    /// <paramref name="getEnvironmentVariable"/> is what the credential providers read variables with (tests pass a
    /// dictionary); null reads the process environment.
    /// </summary>
    public static ClientSettings Resolve(ClientRequest request, SessionSnapshot session, SessionCredentialStore? store,
        EnvironmentOverrides overrides, Func<string, string?>? getEnvironmentVariable = null)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (session is null) throw new ArgumentNullException(nameof(session));
        if (overrides is null) throw new ArgumentNullException(nameof(overrides));

        var requestRegion = request.Region is null ? null : EcsArguments.RequireRegion("Region", request.Region);
        var requestEndpoint = request.Endpoint is null ? null : EcsArguments.RequireEndpoint("Endpoint", request.Endpoint);
        var requestProject = request.ProjectId is null ? null : EcsArguments.ProjectId("ProjectId", request.ProjectId);
        var requestIam = request.IamEndpoint is null ? null : EcsArguments.RequireEndpoint("IamEndpoint", request.IamEndpoint);
        var requestProfile = string.IsNullOrWhiteSpace(request.ProfileName) ? null : request.ProfileName!.Trim();
        var explicitCredentials = request.ExplicitCredentials;

        var sameRegion = requestRegion is null || string.Equals(requestRegion, session.Region, StringComparison.OrdinalIgnoreCase);
        var region = requestRegion ?? session.Region;
        var endpoint = requestEndpoint ?? (sameRegion ? session.Endpoint : null);
        var sameTarget = sameRegion && (requestEndpoint is null || UriEquals(requestEndpoint, session.Endpoint));
        var ownCredentials = explicitCredentials is not null || requestProfile is not null;
        var projectId = requestProject ?? (sameTarget && !ownCredentials ? session.ProjectId : null);

        var profile = requestProfile ?? (explicitCredentials is null ? session.ProfileName : null);
        var profileOnly = explicitCredentials is null && profile is not null;

        var chain = new CredentialChainOptions
        {
            Explicit = explicitCredentials,
            Session = explicitCredentials is null && !profileOnly ? store : null,
            ProfileName = profile,
            KooCliConfigPath = overrides.KooCliConfigPath,
            MetadataEndpoint = overrides.MetadataEndpoint,
            UseInstanceMetadata = overrides.UseInstanceMetadata && !profileOnly,
            GetEnvironmentVariable = getEnvironmentVariable,
        };

        var identity = explicitCredentials is not null
            ? "explicit:" + explicitCredentials.AccessKey + ":" + CredentialFingerprint.Of(explicitCredentials)
            : profileOnly ? "profile:" + profile : "chain";
        return new ClientSettings(region, endpoint, projectId, chain, identity, overrides.Describe(), requestIam ?? session.IamEndpoint);
    }

    private static bool UriEquals(Uri a, Uri? b) => b is not null && Uri.Compare(a, b, UriComponents.AbsoluteUri,
        UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
