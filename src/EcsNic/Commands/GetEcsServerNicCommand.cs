using System;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// Lists the NICs attached to servers (ListServerInterfaces). The records pipe straight into Set-EcsNicVirtualIp,
/// Remove-EcsNicVirtualIp and Remove-EcsServerNic.
/// </summary>
/// <remarks>
/// -ServerId deliberately has no "Id" alias: NIC, job and many foreign records carry an Id that is not a server ID, and
/// binding one would list the wrong thing or fail confusingly.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "EcsServerNic")]
[OutputType(typeof(ServerNic))]
public sealed class GetEcsServerNicCommand : EcsCmdlet
{
    private ListServerNics? _nics;

    /// <summary>The server (instance) IDs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("server_id")]
    [ArgumentCompleter(typeof(ServerIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] ServerId { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void Process() =>
        ForEachChecked(ServerId, v => EcsArguments.ServerId("ServerId", v), (id, _) => Run(ct => Nics.ListAsync(id, PipelineRecord ?? id, ct)));

    private ListServerNics Nics => _nics ??= new ListServerNics(Client, Sink);
}
