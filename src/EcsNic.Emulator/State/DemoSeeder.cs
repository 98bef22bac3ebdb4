using System;
using System.Collections.Generic;
using System.Globalization;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// Builds the demo account's cloud from nothing: the demo and the other VPC, three subnets, the demo servers (the first
/// with a second NIC in demo-b) and one server in the other VPC. The same seed gives the same IDs every time.
/// </summary>
internal sealed class DemoSeeder
{
    private readonly CloudTables _tables;
    private readonly IdSource _ids;
    private readonly JobEngine _jobs;
    private readonly VpcStore _vpcs;
    private readonly SubnetStore _subnets;
    private readonly ServerStore _servers;
    private readonly PortFactory _ports;
    private readonly EmulatorClock _clock;

    public DemoSeeder(CloudTables tables, IdSource ids, JobEngine jobs, VpcStore vpcs, SubnetStore subnets, ServerStore servers,
        PortFactory ports, EmulatorClock clock)
    {
        _tables = tables;
        _ids = ids;
        _jobs = jobs;
        _vpcs = vpcs;
        _subnets = subnets;
        _servers = servers;
        _ports = ports;
        _clock = clock;
    }

    public DemoAccount Seed(EmulatorOptions options)
    {
        lock (_tables.Gate)
        {
            _tables.Clear();
            _jobs.Clear();
            _ids.Reset(options.Seed);
            var created = _clock.RealUtcNow;

            var demoVpc = _vpcs.Seed("vpc-demo", "192.168.0.0/16", "Demo VPC seeded by the EcsNic emulator", created);
            var otherVpc = _vpcs.Seed("vpc-other", "10.0.0.0/16", "A second VPC, for subnet-outside-the-VPC cases", created);
            var subnetA = _subnets.Seed(demoVpc, "subnet-demo-a", "192.168.0.0/24", "192.168.0.1", created);
            var subnetB = _subnets.Seed(demoVpc, "subnet-demo-b", "192.168.1.0/24", "192.168.1.1", created);
            var subnetOther = _subnets.Seed(otherVpc, "subnet-other", "10.0.0.0/24", "10.0.0.1", created);

            var servers = new List<DemoServer>();
            for (var i = 1; i <= options.ServerCount; i++)
            {
                var server = _servers.Add("ecs-demo-" + i.ToString(CultureInfo.InvariantCulture), demoVpc.Id);
                var nics = new List<DemoNic> { AttachNic(server, subnetA, (uint)(10 + i), created) };
                if (i == 1) nics.Add(AttachNic(server, subnetB, 11, created));
                servers.Add(new DemoServer(server.Id, server.Name, server.VpcId, nics));
            }
            var other = _servers.Add("ecs-other-1", otherVpc.Id);
            var otherServer = new DemoServer(other.Id, other.Name, other.VpcId, new[] { AttachNic(other, subnetOther, 11, created) });

            var vpcs = new[] { ToDemo(demoVpc), ToDemo(otherVpc) };
            var subnets = new[] { ToDemo(subnetA), ToDemo(subnetB), ToDemo(subnetOther) };
            return new DemoAccount(options, vpcs, subnets, servers, otherServer);
        }
    }

    private DemoNic AttachNic(ServerRecord server, SubnetRecord subnet, uint hostPart, DateTimeOffset created)
    {
        var port = _ports.Create(subnet, Ipv4.Format(subnet.Cidr.Network + hostPart), created, Array.Empty<string>());
        server.Attach(port);
        return new DemoNic(port.Id, port.NetworkId, port.NeutronSubnetId, port.IpAddress, port.MacAddress);
    }

    private static DemoVpc ToDemo(VpcRecord v) => new(v.Id, v.Name, v.Cidr.ToString());

    private static DemoSubnet ToDemo(SubnetRecord s) =>
        new(s.Id, s.NeutronSubnetId, s.Name, s.Cidr.ToString(), Ipv4.Format(s.Gateway), s.VpcId);
}
