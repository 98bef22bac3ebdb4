using System.Management.Automation;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

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
    private ClientSettings? _settings;

    /// <summary>Store the settings without checking them (no request is sent).</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    // The previous connection is being replaced, so nothing of it may leak into the new one; bad settings end the call.
    /// <inheritdoc />
    protected override void Begin() => _settings = ResolveSettings(SessionSnapshot.Empty, store: null);

    /// <inheritdoc />
    protected override void Process() =>
        Run(ct => new ConnectSession(EcsSession.Default, Sink).ConnectAsync(_settings!, !SkipValidation.IsPresent, ct));
}
