using System.Management.Automation;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

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
    private ClientSettings? _settings;

    /// <inheritdoc />
    protected override void Begin()
    {
        var session = EcsSession.Default;
        _settings = ResolveSettings(session.Snapshot(), session.Store);
    }

    /// <inheritdoc />
    protected override void Process() => Run(ct => new ShowContext(EcsSession.Default, Sink).ShowAsync(_settings!, ct));
}
