using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Errors;
using EcsNic.Core.Logging;
using EcsNic.Core.Session;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Shows what the next call would use: region, endpoint, the project of each known region, the credential source, the
/// access key redacted and the expiry of temporary keys. It resolves credentials as a call would, but sends nothing to
/// ECS or IAM, and never shows a secret; what cannot be resolved is a warning, and the record is still reported.
/// </summary>
public sealed class ShowContext
{
    private readonly EcsSession _session;
    private readonly IOperationSink _sink;

    /// <summary>Creates the operation for <paramref name="session"/>, reporting to <paramref name="sink"/>.</summary>
    public ShowContext(EcsSession session, IOperationSink sink)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>Reads the context a call with <paramref name="settings"/> would use, and reports it.</summary>
    public async Task<EcsContext> ShowAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        if (settings is null) throw new ArgumentNullException(nameof(settings));
        var connection = _session.Connection;
        Uri? endpoint = null;
        string? source = null, accessKey = null;
        bool? temporary = null;
        DateTimeOffset? expiresAt = null;
        var projectId = settings.ProjectId;
        var projectIds = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var client = await _session.Clients.GetOrCreateAsync(settings, cancellationToken).ConfigureAwait(false);
            endpoint = client.Endpoint;
            var credentials = await client.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            source = credentials.Source;
            accessKey = Redact.AccessKey(credentials.AccessKey);
            temporary = credentials.IsTemporary;
            expiresAt = credentials.ExpiresAt;
            foreach (var known in client.KnownProjectIds(credentials))
                projectIds[known.Key] = known.Value;
            projectId ??= credentials.ProjectId;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Showing what is missing is the point of this task, so a gap is a warning, not a failure.
            _sink.Log(EcsLogLevel.Warning, EcsErrorClassifier.Classify(ex).Message);
        }

        if (settings.Region is { } region)
        {
            if (projectId is not null) projectIds[region] = projectId;
            else if (projectIds.TryGetValue(region, out var looked)) projectId = looked;
        }
        var context = new EcsContext(settings.Region, endpoint, projectId, projectIds, source, accessKey, temporary, expiresAt,
            settings.ChainOptions.ProfileName, connection is not null, connection?.Validated ?? false);
        _sink.Output(context);
        return context;
    }
}
