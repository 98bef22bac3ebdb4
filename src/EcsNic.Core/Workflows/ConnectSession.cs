using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Logging;
using EcsNic.Core.Session;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Sets a session's default connection: unless told not to, it first checks the settings with one signed ECS request
/// (ShowServerLimits, after the IAM project lookup when the project is not known) on a client of its own, and changes
/// nothing when that fails. A new connection replaces the previous one entirely; it is reported without secrets.
/// </summary>
public sealed class ConnectSession
{
    private readonly EcsSession _session;
    private readonly IOperationSink _sink;

    /// <summary>Creates the operation for <paramref name="session"/>, reporting to <paramref name="sink"/>.</summary>
    public ConnectSession(EcsSession session, IOperationSink sink)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>
    /// Checks <paramref name="settings"/> (unless <paramref name="validate"/> is false) and stores them; returns the
    /// connection, or null when the check failed (reported as an error about the region, else the endpoint).
    /// </summary>
    public async Task<EcsConnectionInfo?> ConnectAsync(ClientSettings settings, bool validate, CancellationToken cancellationToken)
    {
        if (settings is null) throw new ArgumentNullException(nameof(settings));
        var explicitCredentials = settings.ChainOptions.Explicit;
        var region = settings.Region;
        var projectId = settings.ProjectId;
        var accessKey = explicitCredentials?.AccessKey;
        var source = explicitCredentials?.Source;
        if (validate)
        {
            try
            {
                // A client of its own, not the cache's: nothing may change until the settings are known to work.
                using var client = await _session.Clients.CreateUncachedAsync(settings, cancellationToken).ConfigureAwait(false);
                try
                {
                    var credentials = await client.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
                    accessKey = credentials.AccessKey;
                    source = credentials.Source;
                    region = client.Options.Region;
                    // Always one signed request: a project ID known in advance (or cached) says nothing about this secret key.
                    projectId = await VerifyAsync(client, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // The client does not own its chain; this one is used only here.
                    (client.Credentials as IDisposable)?.Dispose();
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed check is an ordinary error, so the caller's error preference decides.
                _sink.Error(ex, (object?)settings.Region ?? settings.Endpoint);
                return null;
            }
        }

        var profileName = settings.ChainOptions.ProfileName;
        var redacted = accessKey is null ? null : Redact.AccessKey(accessKey);
        var info = new EcsConnectionInfo(region, settings.Endpoint, projectId, redacted, source, profileName, validate);
        _session.Connect(new SessionSnapshot(explicitCredentials, region, settings.Endpoint, projectId, profileName,
            settings.IamEndpoint), info);
        _sink.Log(EcsLogLevel.Verbose, $"Connected: region {region ?? "(none)"}, project {projectId ?? "(looked up per call)"}, " +
                                       $"credentials {(redacted is null ? "resolved per call" : redacted + " from " + source)}.");
        _sink.Output(info);
        return info;
    }

    // A 403 comes after the signature was accepted: the credentials and project work, only the quota read is not allowed.
    private async Task<string> VerifyAsync(EcsClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.VerifyAccessAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EcsApiException ex) when (ex.StatusCode == 403)
        {
            _sink.Log(EcsLogLevel.Warning, $"The credentials were accepted, but ShowServerLimits was refused ({ex.ErrorCode}): the account " +
                                           "may lack ecs:cloudServerQuotas:get. The connection is stored; calls the account is allowed will work.");
            return await client.GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
