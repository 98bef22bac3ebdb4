using System;
using System.Management.Automation;
using EcsNic.Core.Auth;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Sets the session defaults that every EcsNic cmdlet uses when it is not told otherwise: credentials, region, endpoint
/// and project. Unless -SkipValidation is given, it first checks them by resolving the project ID, and changes nothing
/// when that fails (a non-terminating error, so -ErrorAction applies). A new connection replaces the previous one entirely.
/// Emits a record without secrets.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "EcsCloud")]
[OutputType(typeof(EcsConnectionInfo))]
public sealed class ConnectEcsCloudCommand : EcsCmdlet
{
    /// <summary>Store the settings without checking them (no request is sent).</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
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
                using var client = Await(ct => EcsSession.Default.Clients.CreateUncachedAsync(settings, ct));
                try
                {
                    var credentials = Await(ct => client.Credentials.GetCredentialsAsync(ct));
                    accessKey = credentials.AccessKey;
                    source = credentials.Source;
                    region = client.Options.Region;
                    projectId = Await(ct => client.GetProjectIdAsync(ct));
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
        EcsSession.Default.Connect(new SessionSnapshot(explicitCredentials, region, endpoint, projectId, profileName), info);
        WriteVerbose($"Connected: region {region ?? "(none)"}, project {projectId ?? "(looked up per call)"}, " +
                     $"credentials {(accessKey is null ? "resolved per call" : Redact.AccessKey(accessKey) + " from " + source)}.");
        DrainLogs();
        WriteObject(info);
    }
}
