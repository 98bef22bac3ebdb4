using System;
using System.Collections.Generic;
using System.Globalization;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// Builds the demo account's cloud from nothing: the demo and the other VPC, three subnets, the demo servers (the first
/// with a second NIC in demo-b) and one server in the other VPC. The same seed gives the same IDs every time.
/// </summary>
internal sealed class DemoSeeder(CloudTables tables, IdSource ids, JobEngine jobs, VpcStore vpcs, SubnetStore subnets,
    ServerStore servers, PortFactory ports, EmulatorClock clock)
{
    public DemoAccount Seed(EmulatorOptions options)
    {
        lock (tables.Gate)
        {
            tables.Clear();
            jobs.Clear();
            ids.Reset(options.Seed);
            var created = clock.RealUtcNow;

            var demoVpc = vpcs.Seed("vpc-demo", "192.168.0.0/16", "Demo VPC seeded by the EcsNic emulator", created);
            var otherVpc = vpcs.Seed("vpc-other", "10.0.0.0/16", "A second VPC, for subnet-outside-the-VPC cases", created);
            var subnetA = subnets.Seed(demoVpc, "subnet-demo-a", "192.168.0.0/24", "192.168.0.1", created);
            var subnetB = subnets.Seed(demoVpc, "subnet-demo-b", "192.168.1.0/24", "192.168.1.1", created);
            var subnetOther = subnets.Seed(otherVpc, "subnet-other", "10.0.0.0/24", "10.0.0.1", created);

            var demoServers = new List<DemoServer>();
            for (var i = 1; i <= options.ServerCount; i++)
            {
                var server = servers.Add("ecs-demo-" + i.ToString(CultureInfo.InvariantCulture), demoVpc.Id);
                var nics = new List<DemoNic> { AttachNic(server, subnetA, (uint)(10 + i), created) };
                if (i == 1) nics.Add(AttachNic(server, subnetB, 11, created));
                demoServers.Add(new DemoServer(server.Id, server.Name, server.VpcId, nics));
            }
            var other = servers.Add("ecs-other-1", otherVpc.Id);
            var otherServer = new DemoServer(other.Id, other.Name, other.VpcId, new[] { AttachNic(other, subnetOther, 11, created) });

            var demoVpcs = new[] { ToDemo(demoVpc), ToDemo(otherVpc) };
            var demoSubnets = new[] { ToDemo(subnetA), ToDemo(subnetB), ToDemo(subnetOther) };
            return new DemoAccount(options, demoVpcs, demoSubnets, demoServers, otherServer);
        }
    }

    private DemoNic AttachNic(ServerRecord server, SubnetRecord subnet, uint hostPart, DateTimeOffset created)
    {
        var port = ports.Create(subnet, Ipv4.Format(subnet.Cidr.Network + hostPart), created, Array.Empty<string>());
        server.Attach(port);
        return new DemoNic(port.Id, port.NetworkId, port.NeutronSubnetId, port.IpAddress, port.MacAddress);
    }

    private static DemoVpc ToDemo(VpcRecord v) => new(v.Id, v.Name, v.Cidr.ToString());

    private static DemoSubnet ToDemo(SubnetRecord s) =>
        new(s.Id, s.NeutronSubnetId, s.Name, s.Cidr.ToString(), Ipv4.Format(s.Gateway), s.VpcId);
}
