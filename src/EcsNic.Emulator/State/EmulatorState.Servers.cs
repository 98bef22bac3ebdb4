using EcsNic.Emulator.Http;

namespace EcsNic.Emulator.State;

// Servers launched while the emulator runs, standing in for ECS CreateServers: a runbook that builds a new VPC can then
// attach NICs of that VPC to a server living in it, as BatchAddServerNics requires.
public sealed partial class EmulatorState
{
    /// <summary>Launches a server in a subnet's VPC, with its primary NIC in that subnet; returns the server.</summary>
    internal ServerSnapshot LaunchServer(string name, string subnetId)
    {
        lock (_gate)
        {
            if (!_subnets.TryGetValue(subnetId, out var subnet))
                throw ApiError.Vpc(404, "VPC.0202", "Query resource by id " + subnetId + " fail.the subnet could not be found.");
            var ip = AllocateIpLocked(subnet) ?? throw ApiError.Vpc(409, "VPC.0711", "No more IP addresses are available in the subnet.");
            var server = AddServer(name, subnet.VpcId);
            Attach(NewPort(subnet, ip, _clock.RealUtcNow, System.Array.Empty<string>()), server);
            return ToSnapshot(server);
        }
    }
}
