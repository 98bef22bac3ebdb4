using System;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>A consistent copy of the session defaults that Connect-EcsCloud set, taken once per cmdlet call.</summary>
public sealed class SessionSnapshot
{
    /// <summary>Creates the record.</summary>
    public SessionSnapshot(Credentials? credentials, string? region, Uri? endpoint, string? projectId, string? profileName,
        Uri? iamEndpoint = null)
    {
        IamEndpoint = iamEndpoint;
        Credentials = credentials;
        Region = region;
        Endpoint = endpoint;
        ProjectId = projectId;
        ProfileName = profileName;
    }

    /// <summary>No session defaults.</summary>
    public static SessionSnapshot Empty { get; } = new(null, null, null, null, null);

    /// <summary>The default credentials, or null.</summary>
    public Credentials? Credentials { get; }

    /// <summary>The default region, or null.</summary>
    public string? Region { get; }

    /// <summary>The default endpoint, or null.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The default project ID, or null.</summary>
    public string? ProjectId { get; }

    /// <summary>The default IAM endpoint for project lookups, or null.</summary>
    public Uri? IamEndpoint { get; }

    /// <summary>The default KooCLI profile, or null.</summary>
    public string? ProfileName { get; }
}
