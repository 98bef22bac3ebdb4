using System;
using System.Text;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>What one cmdlet call was given on its command line: every value may be absent.</summary>
public sealed class ClientRequest
{
    /// <summary>Creates the record.</summary>
    public ClientRequest(string? region, string? projectId, Uri? endpoint, string? profileName, Credentials? explicitCredentials)
    {
        Region = region;
        ProjectId = projectId;
        Endpoint = endpoint;
        ProfileName = profileName;
        ExplicitCredentials = explicitCredentials;
    }

    /// <summary>-Region.</summary>
    public string? Region { get; }

    /// <summary>-ProjectId.</summary>
    public string? ProjectId { get; }

    /// <summary>-Endpoint.</summary>
    public Uri? Endpoint { get; }

    /// <summary>-ProfileName.</summary>
    public string? ProfileName { get; }

    /// <summary>-Credential or -AccessKey/-SecretKey.</summary>
    public Credentials? ExplicitCredentials { get; }
}

/// <summary>
/// The settings of the client one cmdlet call uses: its command line merged with the session defaults, the credential
/// chain options, and the key under which the client is cached.
/// </summary>
/// <remarks>
/// Merge rules. Region: the parameter, else the session's. Endpoint: the parameter, else the session's when the region is
/// the session's. Project: the parameter, else the session's when region and endpoint are the session's and the call
/// names no credentials of its own (a project belongs to an account and a region). Credentials: explicit ones first;
/// a profile (from -ProfileName, or Connect-EcsCloud -ProfileName) means that profile only — the session default, the
/// HUAWEICLOUD_SDK_* variables and instance metadata are skipped, so that naming a profile is never silently overridden.
/// </remarks>
public sealed class ClientSettings
{
    private static readonly string[] EnvironmentCredentialVariables =
    {
        "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_PROJECT_ID",
        "HUAWEICLOUD_SDK_DOMAIN_ID",
    };

    private ClientSettings(string? region, Uri? endpoint, string? projectId, CredentialChainOptions chainOptions, string cacheKey)
    {
        Region = region;
        Endpoint = endpoint;
        ProjectId = projectId;
        ChainOptions = chainOptions;
        CacheKey = cacheKey;
    }

    /// <summary>The region, or null (the client may still take one from the credentials' source).</summary>
    public string? Region { get; }

    /// <summary>The endpoint override, or null.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The project ID, or null to look it up.</summary>
    public string? ProjectId { get; }

    /// <summary>The options of the credential chain.</summary>
    public CredentialChainOptions ChainOptions { get; }

    /// <summary>
    /// Equal for calls that may share a client: same endpoint, region, project and credential identity. Explicit
    /// credentials are identified by their AK and a keyed fingerprint of their secret, never by the secret.
    /// </summary>
    public string CacheKey { get; }

    /// <summary>New client options for these settings.</summary>
    public EcsClientOptions CreateClientOptions() => new()
    {
        Region = Region,
        Endpoint = Endpoint,
        ProjectId = ProjectId,
    };

    /// <summary>Merges a call's parameters with the session defaults; see the remarks for the rules.</summary>
    public static ClientSettings Resolve(ClientRequest request, SessionSnapshot session, SessionCredentialStore? store,
        EnvironmentOverrides overrides)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (session is null) throw new ArgumentNullException(nameof(session));
        if (overrides is null) throw new ArgumentNullException(nameof(overrides));

        var requestRegion = request.Region is null ? null : EcsArguments.RequireRegion("Region", request.Region);
        var requestEndpoint = request.Endpoint is null ? null : EcsArguments.RequireEndpoint("Endpoint", request.Endpoint);
        var requestProject = request.ProjectId is null ? null : EcsArguments.RequireId("ProjectId", request.ProjectId);
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
        };
        if (profileOnly)
            chain.GetEnvironmentVariable = HideCredentialVariables;

        var identity = explicitCredentials is not null
            ? "explicit:" + explicitCredentials.AccessKey + ":" + CredentialFingerprint.Of(explicitCredentials)
            : profileOnly ? "profile:" + profile : "chain";
        var key = new StringBuilder()
            .Append(endpoint?.AbsoluteUri ?? "-").Append('|')
            .Append(region ?? "-").Append('|')
            .Append(projectId ?? "-").Append('|')
            .Append(identity).Append('|')
            .Append(overrides.Describe())
            .ToString();
        return new ClientSettings(region, endpoint, projectId, chain, key);
    }

    private static string? HideCredentialVariables(string name)
    {
        foreach (var hidden in EnvironmentCredentialVariables)
        {
            if (string.Equals(name, hidden, StringComparison.OrdinalIgnoreCase)) return null;
        }
        return Environment.GetEnvironmentVariable(name);
    }

    private static bool UriEquals(Uri a, Uri? b) => b is not null && Uri.Compare(a, b, UriComponents.AbsoluteUri,
        UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
