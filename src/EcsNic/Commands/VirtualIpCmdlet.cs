using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// The bulk behaviour of Set-EcsNicVirtualIp and Remove-EcsNicVirtualIp (<see cref="BulkCmdlet{TIn,TOut}"/>); calls on the
/// same NIC or virtual IP port run in turn, also against other EcsNic cmdlets running at the same time in the session.
/// </summary>
public abstract class VirtualIpCmdlet : BulkCmdlet<VirtualIpCall, VirtualIpBinding>
{
    // The session's key coordinator orders these calls against those of any other cmdlet running at the same time.
    internal override BulkRunner<VirtualIpCall, VirtualIpBinding> CreateRunner() =>
        VirtualIpBulk.CreateRunner(Client, Logger,
            new BulkOptions { ThrottleLimit = ThrottleLimit, Coordinator = EcsSession.Default.KeyCoordinator }, StopToken);

    internal override object TargetOf(VirtualIpCall input) => input.Target;
}
