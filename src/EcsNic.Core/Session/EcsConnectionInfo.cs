using System;

namespace EcsNic.Core.Session;

/// <summary>What Connect-EcsCloud set as the session default. Holds no secret: the access key is shown redacted.</summary>
public sealed class EcsConnectionInfo
{
    /// <summary>Creates the record.</summary>
    public EcsConnectionInfo(string? region, Uri? endpoint, string? projectId, string? accessKey, string? credentialSource,
        string? profileName, bool validated)
    {
        Region = region;
        Endpoint = endpoint;
        ProjectId = projectId;
        AccessKey = accessKey;
        CredentialSource = credentialSource;
        ProfileName = profileName;
        Validated = validated;
    }

    /// <summary>The default region, or null.</summary>
    public string? Region { get; }

    /// <summary>The default ECS endpoint override, or null for the region's public endpoint.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The default project ID, given or resolved while validating; null when not known.</summary>
    public string? ProjectId { get; }

    /// <summary>The access key, redacted to its first four characters; null when not resolved.</summary>
    public string? AccessKey { get; }

    /// <summary>Which source the credentials came from (explicit, environment, koocli, metadata...), or null when not resolved.</summary>
    public string? CredentialSource { get; }

    /// <summary>The KooCLI profile set as the default, or null.</summary>
    public string? ProfileName { get; }

    /// <summary>True when the settings were checked by resolving the project ID.</summary>
    public bool Validated { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Region ?? "(no region)"} {ProjectId ?? "(project unknown)"} {AccessKey ?? "(credentials resolved per call)"}";
}
