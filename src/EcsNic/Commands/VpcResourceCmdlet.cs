using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// The base of the cmdlets that read and delete VPCs, subnets and NICs: the read and delete operations, and IDs checked
/// one by one, so that a bad one is an error naming it as typed while the others go on.
/// </summary>
public abstract class VpcResourceCmdlet : EcsCmdlet
{
    private ReadVpcResources? _reads;
    private RemoveVpcResources? _removals;

    /// <summary>The reads, made on first use (after the inputs were checked, so that bad input never needs a client).</summary>
    protected ReadVpcResources Reads => _reads ??= new ReadVpcResources(Client, Sink);

    /// <summary>The deletes, made on first use.</summary>
    protected RemoveVpcResources Removals => _removals ??= new RemoveVpcResources(Client, Sink);
}
