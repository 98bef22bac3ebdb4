using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// The bulk behaviour of Set-EcsNicVirtualIp and Remove-EcsNicVirtualIp (<see cref="BulkCmdlet{TIn,TOut}"/>); calls on the
/// same NIC or virtual IP port run in turn, also against other EcsNic cmdlets running at the same time in the session.
/// </summary>
public abstract class VirtualIpCmdlet : BulkCmdlet<VirtualIpCall, VirtualIpBinding>
{
    /// <summary>The words of the progress bar, such as "Binding virtual IPs".</summary>
    internal abstract string ProgressActivity { get; }

    // The session's key coordinator orders these calls against those of any other cmdlet running at the same time.
    internal override BulkOperation<VirtualIpCall, VirtualIpBinding> CreateOperation()
    {
        var client = Client;
        return VirtualIpBulk.CreateOperation(client, Sink, ProgressActivity,
            new BulkOptions { ThrottleLimit = ThrottleLimit, Coordinator = EcsSession.Default.KeyCoordinator }, StopToken);
    }
}
