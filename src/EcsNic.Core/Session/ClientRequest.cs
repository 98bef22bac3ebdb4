using System;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>What one cmdlet call was given on its command line: every value may be absent.</summary>
public sealed class ClientRequest
{
    /// <summary>Creates the record.</summary>
    public ClientRequest(string? region, string? projectId, Uri? endpoint, string? profileName, Credentials? explicitCredentials,
        Uri? iamEndpoint = null)
    {
        Region = region;
        ProjectId = projectId;
        Endpoint = endpoint;
        ProfileName = profileName;
        ExplicitCredentials = explicitCredentials;
        IamEndpoint = iamEndpoint;
    }

    /// <summary>-IamEndpoint.</summary>
    public Uri? IamEndpoint { get; }

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
