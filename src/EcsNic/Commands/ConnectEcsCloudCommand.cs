using System;
using System.Management.Automation;
using EcsNic.Core.Auth;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Sets the session defaults that every EcsNic cmdlet uses when it is not told otherwise: credentials, region, endpoint
/// and project. Unless -SkipValidation is given, it first checks them with one signed ECS request (ShowServerLimits, after
/// the IAM project lookup when the project ID is not known), and changes nothing when that fails (a non-terminating error,
/// so -ErrorAction applies). A new connection replaces the previous one entirely. Emits a record without secrets.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "EcsCloud")]
[OutputType(typeof(EcsConnectionInfo))]
public sealed class ConnectEcsCloudCommand : EcsCmdlet
{
    /// <summary>Store the settings without checking them (no request is sent).</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    /// <inheritdoc />
    protected override void Process()
    {
        ClientSettings settings;
        try
        {
            // The previous connection is being replaced, so nothing of it may leak into the new one.
            settings = ResolveSettings(SessionSnapshot.Empty, store: null);
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            ThrowEcsError(ex, null);
            return;
        }

        var explicitCredentials = settings.ChainOptions.Explicit;
        var region = settings.Region;
        var endpoint = settings.Endpoint;
        var projectId = settings.ProjectId;
        var accessKey = explicitCredentials?.AccessKey;
        var source = explicitCredentials?.Source;
        var validated = false;
        if (!SkipValidation.IsPresent)
        {
            try
            {
                // A client of its own, not the cache's: nothing may change until the settings are known to work.
                using var client = Run(ct => EcsSession.Default.Clients.CreateUncachedAsync(settings, ct));
                try
                {
                    var credentials = Run(ct => client.Credentials.GetCredentialsAsync(ct));
                    accessKey = credentials.AccessKey;
                    source = credentials.Source;
                    region = client.Options.Region;
                    // Always one signed request: a project ID known in advance (or cached) says nothing about this secret key.
                    projectId = Verify(client);
                    validated = true;
                }
                finally
                {
                    // The client does not own its chain; this one is used only here.
                    (client.Credentials as IDisposable)?.Dispose();
                }
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                // A failed check is an ordinary error, so -ErrorAction decides (Stop in a script, Continue at a prompt).
                WriteEcsError(ex, (object?)settings.Region ?? settings.Endpoint);
                return;
            }
        }

        var profileName = settings.ChainOptions.ProfileName;
        var info = new EcsConnectionInfo(region, endpoint, projectId,
            accessKey is null ? null : Redact.AccessKey(accessKey), source, profileName, validated);
        EcsSession.Default.Connect(new SessionSnapshot(explicitCredentials, region, endpoint, projectId, profileName,
            settings.IamEndpoint), info);
        WriteVerbose($"Connected: region {region ?? "(none)"}, project {projectId ?? "(looked up per call)"}, " +
                     $"credentials {(accessKey is null ? "resolved per call" : Redact.AccessKey(accessKey) + " from " + source)}.");
        Drain();
        WriteObject(info);
    }

    // A 403 comes after the signature was accepted: the credentials and project work, only the quota read is not allowed.
    private string Verify(Core.Api.EcsClient client)
    {
        try
        {
            return Run(ct => client.VerifyAccessAsync(ct));
        }
        catch (Core.Api.EcsApiException ex) when (ex.StatusCode == 403)
        {
            WriteWarning($"The credentials were accepted, but ShowServerLimits was refused ({ex.ErrorCode}): the account may lack " +
                         "ecs:cloudServerQuotas:get. The connection is stored; calls the account is allowed will work.");
            return Run(ct => client.GetProjectIdAsync(ct));
        }
    }
}
