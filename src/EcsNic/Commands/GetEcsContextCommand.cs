using System;
using System.Collections.Generic;
using System.Management.Automation;
using EcsNic.Core.Auth;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Shows what the next EcsNic call would use, as Get-AzContext and Get-AWSCredential do: region, endpoint, the project of
/// each known region, the credential source, the access key redacted and the expiry of temporary keys. The common
/// parameters show what a call given them would use. It resolves credentials as a call would, but sends nothing to
/// ECS or IAM, and never shows a secret.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EcsContext")]
[OutputType(typeof(EcsContext))]
public sealed class GetEcsContextCommand : EcsCmdlet
{
    /// <inheritdoc />
    protected override void Process()
    {
        var session = EcsSession.Default;
        var connection = session.Connection;
        ClientSettings settings;
        try
        {
            settings = ResolveSettings(session.Snapshot(), session.Store);
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            ThrowEcsError(ex, null);
            return;
        }

        Uri? endpoint = null;
        string? source = null, accessKey = null;
        bool? temporary = null;
        DateTimeOffset? expiresAt = null;
        string? projectId = settings.ProjectId;
        var projectIds = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var client = Run(ct => session.Clients.GetOrCreateAsync(settings, ct));
            endpoint = client.Endpoint;
            var credentials = Run(ct => client.Credentials.GetCredentialsAsync(ct));
            source = credentials.Source;
            accessKey = Redact.AccessKey(credentials.AccessKey);
            temporary = credentials.IsTemporary;
            expiresAt = credentials.ExpiresAt;
            foreach (var known in client.KnownProjectIds(credentials))
                projectIds[known.Key] = known.Value;
            projectId ??= credentials.ProjectId;
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            // Showing what is missing is the point of this command, so a gap is a warning, not a failure.
            Drain();
            WriteWarning(EcsErrorClassifier.Classify(ex).Message);
        }

        if (settings.Region is { } region)
        {
            if (projectId is not null) projectIds[region] = projectId;
            else if (projectIds.TryGetValue(region, out var looked)) projectId = looked;
        }
        Drain();
        WriteObject(new EcsContext(settings.Region, endpoint, projectId, projectIds, source, accessKey, temporary, expiresAt,
            settings.ChainOptions.ProfileName, connection is not null, connection?.Validated ?? false));
    }
}
