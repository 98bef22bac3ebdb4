using System;
using System.Collections.Generic;
using EcsNic.Core.Api;
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

    /// <summary>
    /// Runs <paramref name="body"/> with each value that <paramref name="check"/> accepts (the checked ID and the value as
    /// typed); a rejected value is an error whose target is the value, and the next one is checked.
    /// </summary>
    protected void ForEachChecked(IEnumerable<string?> values, Func<string?, string> check, Action<string, string?> body)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        foreach (var value in values)
        {
            string id;
            try
            {
                id = check(value);
            }
            catch (EcsValidationException ex)
            {
                WriteEcsError(ex, value);
                continue;
            }
            body(id, value);
        }
    }
}
