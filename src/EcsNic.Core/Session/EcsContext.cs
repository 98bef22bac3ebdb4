using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Session;

/// <summary>
/// What the next EcsNic call would use, as Get-EcsContext shows it: region, endpoint, project per region, where the
/// credentials come from, the access key redacted and when temporary keys expire. Holds no secret.
/// </summary>
public sealed class EcsContext
{
    /// <summary>Creates the record; <paramref name="accessKey"/> must already be redacted.</summary>
    public EcsContext(string? region, Uri? endpoint, string? projectId, IReadOnlyDictionary<string, string> projectIds,
        string? credentialSource, string? accessKey, bool? isTemporary, DateTimeOffset? expiresAt, string? profileName,
        bool connected, bool validated)
    {
        Region = region;
        Endpoint = endpoint;
        ProjectId = projectId;
        ProjectIds = new SortedDictionary<string, string>(projectIds.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        CredentialSource = credentialSource;
        AccessKey = accessKey;
        IsTemporary = isTemporary;
        ExpiresAt = expiresAt;
        ProfileName = profileName;
        Connected = connected;
        Validated = validated;
    }

    /// <summary>The region calls go to, or null when none is set.</summary>
    public string? Region { get; }

    /// <summary>The ECS endpoint calls go to, after region mapping and overrides; null when it cannot be worked out.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The project ID of <see cref="Region"/>, given or already looked up; null when the next call will look it up.</summary>
    public string? ProjectId { get; }

    /// <summary>The project ID of each region this session knows one for (given, or looked up through IAM).</summary>
    public IReadOnlyDictionary<string, string> ProjectIds { get; }

    /// <summary>Where the credentials come from (explicit, session, environment, koocli, metadata...), or null when none resolve.</summary>
    public string? CredentialSource { get; }

    /// <summary>The access key, redacted to its first four characters; null when no credentials resolve.</summary>
    public string? AccessKey { get; }

    /// <summary>True for temporary (STS or agency) keys, which carry a security token; null when no credentials resolve.</summary>
    public bool? IsTemporary { get; }

    /// <summary>When temporary keys expire, if the source says; they are refreshed before then.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The KooCLI profile in use, or null.</summary>
    public string? ProfileName { get; }

    /// <summary>True when Connect-EcsCloud set the session defaults.</summary>
    public bool Connected { get; }

    /// <summary>True when Connect-EcsCloud checked the connection by resolving the project ID.</summary>
    public bool Validated { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Region ?? "(no region)"} {Endpoint?.GetLeftPart(UriPartial.Authority) ?? "(no endpoint)"} {AccessKey ?? "(no credentials)"}";
}
