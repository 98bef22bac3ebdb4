using System;
using System.Management.Automation;
using System.Security;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>The connection parameters every EcsNic cmdlet takes, and the session-wide client they select.</summary>
public abstract partial class EcsCmdlet
{
    /// <summary>The region, such as cn-north-4; defaults to the one given to Connect-EcsCloud.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RegionCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>The project ID; defaults to the connected one, else it is looked up by region name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProjectId { get; set; }

    /// <summary>Explicit credentials: the access key (AK) as the user name and the secret key (SK) as the password.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>An explicit access key (AK); needs -SecretKey.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>An explicit secret key (SK); needs -AccessKey.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? SecretKey { get; set; }

    /// <summary>A KooCLI profile in ~/.hcloud/config.json; when given, only that profile supplies credentials.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>An ECS endpoint overriding the region's public one, such as a local emulator's URL.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The IAM endpoint for looking up the project ID, such as a local emulator's IAM URL; defaults to the connected one,
    /// else HUAWEICLOUD_SDK_IAM_ENDPOINT, else the region's IAM host. Never taken from -Endpoint.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? IamEndpoint { get; set; }

    /// <summary>
    /// The session-wide client for this call's endpoint, region, project and credentials, created on first use. Touch it
    /// first on the pipeline thread: a configuration problem is a terminating error.
    /// </summary>
    protected EcsClient Client => _client ??= CreateClient();

    /// <summary>Merges this call's parameters with the given session defaults.</summary>
    protected ClientSettings ResolveSettings(SessionSnapshot session, SessionCredentialStore? store)
    {
        var credential = Credential is null || ReferenceEquals(Credential, PSCredential.Empty) ? null : Credential;
        var explicitCredentials = ExplicitCredentials.From(credential?.UserName, credential?.Password, AccessKey, SecretKey, ProfileName);
        var request = new ClientRequest(Region, ProjectId, Endpoint, ProfileName, explicitCredentials, IamEndpoint);
        return ClientSettings.Resolve(request, session, store, EnvironmentOverrides.Read());
    }

    private EcsClient CreateClient()
    {
        try
        {
            var session = EcsSession.Default;
            var settings = ResolveSettings(session.Snapshot(), session.Store);
            return Run(ct => session.Clients.GetOrCreateAsync(settings, ct));
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            ThrowEcsError(ex);
            throw;
        }
    }
}
