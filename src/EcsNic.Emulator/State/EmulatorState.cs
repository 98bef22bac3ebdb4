using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// The emulated cloud: VPCs, subnets, ports, servers and jobs. Structural changes happen under one lock; the
/// allowed_address_pairs of a port follow the race model instead (see <see cref="UpdatePairsAsync"/>). Public members
/// return snapshots for assertions and bring due jobs up to date first.
/// </summary>
public sealed partial class EmulatorState
{
    private const string DefaultAz = "cn-north-4a";
    private readonly object _gate = new();
    private readonly EmulatorClock _clock;
    private readonly EmulatorSettings _settings;
    private readonly Dictionary<string, VpcRecord> _vpcs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubnetRecord> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PortRecord> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerRecord> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly List<JobRecord> _pending = new();
    private readonly HashSet<string> _macs = new(StringComparer.Ordinal);
    private Random _rng = new(1);
    private string _projectId = string.Empty;

    internal EmulatorState(EmulatorClock clock, EmulatorSettings settings)
    {
        _clock = clock;
        _settings = settings;
    }

    internal string ProjectId => _projectId;

    // ---------------------------------------------------------------- public snapshots

    /// <summary>A port (NIC or virtual IP), or null.</summary>
    public PortSnapshot? GetPort(string portId)
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            return _ports.TryGetValue(portId, out var p) ? p.ToSnapshot() : null;
        }
    }

    /// <summary>Every port.</summary>
    public IReadOnlyList<PortSnapshot> GetPorts()
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            return _ports.Values.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.ToSnapshot()).ToArray();
        }
    }

    /// <summary>The virtual IP port holding an address in a subnet (network ID), or null.</summary>
    public PortSnapshot? FindVirtualIp(string subnetId, string ipAddress)
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            return _ports.Values.FirstOrDefault(p => p.IsVirtualIp && p.NetworkId == subnetId && p.IpAddress == ipAddress)?.ToSnapshot();
        }
    }

    /// <summary>A server with its NICs, or null.</summary>
    public ServerSnapshot? GetServer(string serverId)
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            return _servers.TryGetValue(serverId, out var s) ? ToSnapshot(s) : null;
        }
    }

    /// <summary>Every server.</summary>
    public IReadOnlyList<ServerSnapshot> GetServers()
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            return _servers.Values.Select(ToSnapshot).ToArray();
        }
    }

    /// <summary>The NICs of a server in attachment order (empty if the server does not exist).</summary>
    public IReadOnlyList<PortSnapshot> GetServerNics(string serverId) => GetServer(serverId)?.Nics ?? Array.Empty<PortSnapshot>();

    /// <summary>A job as it reads now, or null.</summary>
    public JobSnapshot? GetJob(string jobId)
    {
        lock (_gate)
        {
            var now = AdvanceJobsLocked();
            return _jobs.TryGetValue(jobId, out var j) ? j.ToSnapshot(now) : null;
        }
    }

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<JobSnapshot> GetJobs()
    {
        lock (_gate)
        {
            var now = AdvanceJobsLocked();
            return _jobs.Values.OrderBy(j => j.Begin).Select(j => j.ToSnapshot(now)).ToArray();
        }
    }

    /// <summary>A subnet by network ID, or null.</summary>
    public SubnetSnapshot? GetSubnet(string subnetId)
    {
        lock (_gate) return _subnets.TryGetValue(subnetId, out var s) ? s.ToSnapshot() : null;
    }

    /// <summary>Every subnet.</summary>
    public IReadOnlyList<SubnetSnapshot> GetSubnets()
    {
        lock (_gate) return _subnets.Values.Select(s => s.ToSnapshot()).ToArray();
    }

    /// <summary>A VPC, or null.</summary>
    public VpcSnapshot? GetVpc(string vpcId)
    {
        lock (_gate) return _vpcs.TryGetValue(vpcId, out var v) ? v.ToSnapshot() : null;
    }

    /// <summary>Every VPC.</summary>
    public IReadOnlyList<VpcSnapshot> GetVpcs()
    {
        lock (_gate) return _vpcs.Values.Select(v => v.ToSnapshot()).ToArray();
    }

    /// <summary>Finishes every job whose time has come; the API calls this before answering.</summary>
    public void AdvanceJobs()
    {
        lock (_gate) AdvanceJobsLocked();
    }

    // ---------------------------------------------------------------- seeding

    internal DemoAccount Seed(EmulatorOptions options)
    {
        lock (_gate)
        {
            _vpcs.Clear();
            _subnets.Clear();
            _ports.Clear();
            _servers.Clear();
            _jobs.Clear();
            _pending.Clear();
            _macs.Clear();
            _rng = new Random(options.Seed);
            _projectId = options.ProjectId;
            var created = _clock.RealUtcNow;

            var demoVpc = AddVpc("vpc-demo", "192.168.0.0/16", "Demo VPC seeded by the EcsNic emulator", created);
            var otherVpc = AddVpc("vpc-other", "10.0.0.0/16", "A second VPC, for subnet-outside-the-VPC cases", created);
            var subnetA = AddSubnet(demoVpc, "subnet-demo-a", "192.168.0.0/24", "192.168.0.1", created);
            var subnetB = AddSubnet(demoVpc, "subnet-demo-b", "192.168.1.0/24", "192.168.1.1", created);
            var subnetOther = AddSubnet(otherVpc, "subnet-other", "10.0.0.0/24", "10.0.0.1", created);

            var servers = new List<DemoServer>();
            for (var i = 1; i <= options.ServerCount; i++)
            {
                var server = AddServer("ecs-demo-" + i.ToString(CultureInfo.InvariantCulture), demoVpc.Id);
                var nics = new List<DemoNic> { AttachSeedNic(server, subnetA, (uint)(10 + i), created) };
                if (i == 1) nics.Add(AttachSeedNic(server, subnetB, 11, created));
                servers.Add(new DemoServer(server.Id, server.Name, server.VpcId, nics));
            }
            var other = AddServer("ecs-other-1", otherVpc.Id);
            var otherServer = new DemoServer(other.Id, other.Name, other.VpcId,
                new[] { AttachSeedNic(other, subnetOther, 11, created) });

            var vpcs = new[] { ToDemo(demoVpc), ToDemo(otherVpc) };
            var subnets = new[] { ToDemo(subnetA), ToDemo(subnetB), ToDemo(subnetOther) };
            return new DemoAccount(options, vpcs, subnets, servers, otherServer);
        }
    }

    private VpcRecord AddVpc(string name, string cidr, string description, DateTimeOffset created)
    {
        Ipv4Cidr.TryParse(cidr, out var block);
        var vpc = new VpcRecord { Id = NewUuid(), Name = name, Description = description, Cidr = block, CreatedAt = created, Shown = true };
        _vpcs.Add(vpc.Id, vpc);
        return vpc;
    }

    private SubnetRecord AddSubnet(VpcRecord vpc, string name, string cidr, string gateway, DateTimeOffset created)
    {
        Ipv4Cidr.TryParse(cidr, out var block);
        Ipv4.TryParse(gateway, out var gw);
        var subnet = new SubnetRecord
        {
            Id = NewUuid(),
            NeutronSubnetId = NewUuid(),
            Name = name,
            VpcId = vpc.Id,
            Cidr = block,
            Gateway = gw,
            AvailabilityZone = DefaultAz,
            CreatedAt = created,
            Shown = true,
        };
        _subnets.Add(subnet.Id, subnet);
        return subnet;
    }

    private ServerRecord AddServer(string name, string vpcId)
    {
        var server = new ServerRecord { Id = NewUuid(), Name = name, VpcId = vpcId, AvailabilityZone = DefaultAz };
        _servers.Add(server.Id, server);
        return server;
    }

    private DemoNic AttachSeedNic(ServerRecord server, SubnetRecord subnet, uint hostPart, DateTimeOffset created)
    {
        var port = NewPort(subnet, Ipv4.Format(subnet.Cidr.Network + hostPart), created, Array.Empty<string>());
        Attach(port, server);
        return new DemoNic(port.Id, port.NetworkId, port.NeutronSubnetId, port.IpAddress, port.MacAddress);
    }

    private static DemoVpc ToDemo(VpcRecord v) => new(v.Id, v.Name, v.Cidr.ToString());

    private static DemoSubnet ToDemo(SubnetRecord s) =>
        new(s.Id, s.NeutronSubnetId, s.Name, s.Cidr.ToString(), Ipv4.Format(s.Gateway), s.VpcId);

    // ---------------------------------------------------------------- ids

    internal string NewUuid()
    {
        lock (_gate)
        {
            Span<byte> bytes = stackalloc byte[16];
            _rng.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString("D");
        }
    }

    internal string NewHexId()
    {
        lock (_gate)
        {
            Span<byte> bytes = stackalloc byte[16];
            _rng.NextBytes(bytes);
            return Convert.ToHexStringLower(bytes);
        }
    }

    private string NewMac()
    {
        Span<byte> bytes = stackalloc byte[3];
        while (true)
        {
            _rng.NextBytes(bytes);
            var mac = "fa:16:3e:" + Convert.ToHexStringLower(bytes[..1]) + ":" + Convert.ToHexStringLower(bytes.Slice(1, 1)) + ":" +
                      Convert.ToHexStringLower(bytes.Slice(2, 1));
            if (_macs.Add(mac)) return mac;
        }
    }

    // ---------------------------------------------------------------- lookups used by the API

    internal bool TryGetServer(string serverId, out ServerRecord server)
    {
        lock (_gate) return _servers.TryGetValue(serverId, out server!);
    }

    internal bool TryGetSubnet(string subnetId, out SubnetRecord subnet)
    {
        lock (_gate) return _subnets.TryGetValue(subnetId, out subnet!);
    }

    internal bool TryGetPort(string portId, out PortRecord port)
    {
        lock (_gate) return _ports.TryGetValue(portId, out port!);
    }

    internal VpcRecord? ShowVpc(string vpcId)
    {
        lock (_gate)
        {
            if (!_vpcs.TryGetValue(vpcId, out var vpc)) return null;
            vpc.Shown = true;
            return vpc;
        }
    }

    internal SubnetRecord? ShowSubnet(string subnetId)
    {
        lock (_gate)
        {
            if (!_subnets.TryGetValue(subnetId, out var subnet)) return null;
            subnet.Shown = true;
            return subnet;
        }
    }

    internal int AvailableIpCount(SubnetRecord subnet)
    {
        lock (_gate)
        {
            var total = (int)(subnet.Cidr.Broadcast - subnet.Cidr.Network + 1) - 3;
            var used = _ports.Values.Count(p => p.NetworkId == subnet.Id);
            return Math.Max(0, total - used);
        }
    }

    internal IReadOnlyList<PortRecord> NicsOf(ServerRecord server)
    {
        lock (_gate)
        {
            AdvanceJobsLocked();
            return server.NicIds.Select(id => _ports[id]).ToArray();
        }
    }

    internal int FreeNicSlots(ServerRecord server)
    {
        lock (_gate) return Math.Max(0, _settings.MaxNicsPerServer - server.NicIds.Count);
    }

    internal bool IsPrimaryNic(PortRecord port)
    {
        lock (_gate) return _servers.TryGetValue(port.DeviceId, out var s) && s.NicIds.Count > 0 && s.NicIds[0] == port.Id;
    }

    // ---------------------------------------------------------------- VPC API

    internal VpcRecord CreateVpc(string name, string cidr, string description)
    {
        if (!Ipv4Cidr.TryParse(cidr, out var block) || !IsPrivate(block))
            throw ApiError.Vpc(400, "VPC.0101", "Param is invalid. The cidr must be a private IPv4 block such as 192.168.0.0/16.");
        lock (_gate)
        {
            var vpc = new VpcRecord { Id = NewUuid(), Name = name, Description = description, Cidr = block, CreatedAt = _clock.RealUtcNow };
            _vpcs.Add(vpc.Id, vpc);
            return vpc;
        }
    }

    internal SubnetRecord CreateSubnet(string name, string description, string vpcId, string cidr, string gatewayIp,
        string? primaryDns, string? secondaryDns, string? availabilityZone, bool dhcpEnable)
    {
        lock (_gate)
        {
            if (!_vpcs.TryGetValue(vpcId, out var vpc)) throw ApiError.Vpc(404, "VPC.0003", "VPC does not exist.");
            if (!Ipv4Cidr.TryParse(cidr, out var block)) throw ApiError.Vpc(400, "VPC.0212", "The subnet cidr is not valid.");
            if (!vpc.Cidr.Contains(block)) throw ApiError.Vpc(400, "VPC.0203", "Subnet is not in the range of VPC.");
            if (_subnets.Values.Any(s => s.VpcId == vpcId && s.Cidr.Overlaps(block)))
                throw ApiError.Vpc(400, "VPC.0204", "The subnet has already existed in the VPC, or has been in conflict with the VPC subnet.");
            if (!Ipv4.TryParse(gatewayIp, out var gw) || !block.Contains(gw) || gw == block.Network || gw == block.Broadcast)
                throw ApiError.Vpc(400, "VPC.0201", "Subnet gateway_ip is invalid.");
            var subnet = new SubnetRecord
            {
                Id = NewUuid(),
                NeutronSubnetId = NewUuid(),
                Name = name,
                Description = description,
                VpcId = vpcId,
                Cidr = block,
                Gateway = gw,
                PrimaryDns = primaryDns ?? "100.125.1.250",
                SecondaryDns = secondaryDns ?? "100.125.129.250",
                AvailabilityZone = availabilityZone ?? string.Empty,
                DhcpEnable = dhcpEnable,
                CreatedAt = _clock.RealUtcNow,
            };
            _subnets.Add(subnet.Id, subnet);
            return subnet;
        }
    }

    internal PortRecord CreatePort(string networkId, string? ipAddress, string name, string deviceOwner,
        IReadOnlyList<string> securityGroups, IReadOnlyList<AddressPair> pairs)
    {
        lock (_gate)
        {
            if (!_subnets.TryGetValue(networkId, out var subnet))
                throw ApiError.Vpc(400, "VPC.2500", "Param is invalid. network_id " + networkId + " does not exist.");
            string ip;
            if (ipAddress is null)
            {
                ip = AllocateIpLocked(subnet) ?? throw ApiError.Vpc(409, "VPC.0711", "No more IP addresses are available in the subnet.");
            }
            else
            {
                if (!Ipv4.TryParse(ipAddress, out var address) || !subnet.Cidr.Contains(address) || subnet.IsReserved(address))
                    throw ApiError.Vpc(400, "VPC.2500", "Param is invalid. ip_address " + ipAddress + " is not a usable address of the subnet.");
                ip = Ipv4.Format(address);
                if (_ports.Values.Any(p => p.NetworkId == networkId && p.IpAddress == ip))
                    throw ApiError.Vpc(409, "VPC.0701", "IP is in use");
            }
            var port = NewPort(subnet, ip, _clock.RealUtcNow, securityGroups);
            port.Name = name;
            port.DeviceOwner = deviceOwner;
            port.Pairs = pairs.Distinct().ToArray();
            return port;
        }
    }

    private static bool IsPrivate(Ipv4Cidr block)
    {
        Ipv4Cidr.TryParse("10.0.0.0/8", out var a);
        Ipv4Cidr.TryParse("172.16.0.0/12", out var b);
        Ipv4Cidr.TryParse("192.168.0.0/16", out var c);
        return a.Contains(block) || b.Contains(block) || c.Contains(block);
    }

    private PortRecord NewPort(SubnetRecord subnet, string ip, DateTimeOffset created, IReadOnlyList<string> securityGroups)
    {
        var port = new PortRecord
        {
            Id = NewUuid(),
            NetworkId = subnet.Id,
            NeutronSubnetId = subnet.NeutronSubnetId,
            IpAddress = ip,
            MacAddress = NewMac(),
            SecurityGroups = securityGroups,
            CreatedAt = created,
        };
        _ports.Add(port.Id, port);
        return port;
    }

    private static void Attach(PortRecord port, ServerRecord server)
    {
        port.DeviceOwner = "compute:" + server.AvailabilityZone;
        port.DeviceId = server.Id;
        server.NicIds.Add(port.Id);
    }

    private string? AllocateIpLocked(SubnetRecord subnet)
    {
        var used = new HashSet<string>(_ports.Values.Where(p => p.NetworkId == subnet.Id).Select(p => p.IpAddress), StringComparer.Ordinal);
        for (var a = subnet.Cidr.Network + 2; a < subnet.Cidr.Broadcast; a++)
        {
            if (subnet.IsReserved(a)) continue;
            var text = Ipv4.Format(a);
            if (!used.Contains(text)) return text;
        }
        return null;
    }

    // ---------------------------------------------------------------- virtual IPs

    /// <summary>Finds the virtual IP port for an address, creating it when the address is free.</summary>
    internal PortRecord FindOrCreateVirtualIp(SubnetRecord subnet, string ip)
    {
        lock (_gate)
        {
            PortRecord? vip = null;
            foreach (var p in _ports.Values)
            {
                if (p.NetworkId != subnet.Id || p.IpAddress != ip) continue;
                if (!p.IsVirtualIp) throw ApiError.Ecs(400, "Ecs.0010", "Private IP address " + ip + " is already in use.");
                vip = p;
            }
            if (vip is not null) return vip;
            vip = NewPort(subnet, ip, _clock.RealUtcNow, Array.Empty<string>());
            vip.DeviceOwner = PortRecord.VipOwner;
            vip.Name = "ecs-vip-" + ip.Replace('.', '-');
            return vip;
        }
    }

    internal IReadOnlyList<PortRecord> VirtualIpsOf(string networkId)
    {
        lock (_gate) return _ports.Values.Where(p => p.IsVirtualIp && p.NetworkId == networkId).ToArray();
    }

    /// <summary>
    /// Updates a port's allowed_address_pairs. With the race model on, it reads, pauses, then writes what it read plus
    /// the change, without any lock, so concurrent updates of one port can lose entries as on the real service. Off, the
    /// update is atomic per port.
    /// </summary>
    internal async Task UpdatePairsAsync(PortRecord port, Func<AddressPair[], AddressPair[]> change)
    {
        if (_settings.RaceModelEnabled)
        {
            var before = port.Pairs;
            var pause = _settings.RacePause;
            if (pause > TimeSpan.Zero) await Task.Delay(pause).ConfigureAwait(false);
            port.Pairs = change(before);
            return;
        }
        lock (port.PairsGate) port.Pairs = change(port.Pairs);
    }

    internal static AddressPair[] With(AddressPair[] pairs, AddressPair pair) =>
        pairs.Contains(pair) ? pairs : pairs.Append(pair).ToArray();

    internal static AddressPair[] Without(AddressPair[] pairs, Func<AddressPair, bool> remove) =>
        pairs.Any(remove) ? pairs.Where(p => !remove(p)).ToArray() : pairs;

    // ---------------------------------------------------------------- jobs

    internal JobRecord CreateAddNicsJob(ServerRecord server, IReadOnlyList<(string SubnetId, string? PortId, string? Ip, IReadOnlyList<string> SecurityGroups)> nics)
    {
        var duration = _settings.NextJobDuration("addNicsForServer", server.Id);
        lock (_gate)
        {
            var subs = nics.Select(n => new SubJobRecord
            {
                Id = NewHexId(),
                JobType = "addNic",
                SubnetId = n.SubnetId,
                PortId = n.PortId,
                IpAddress = n.Ip,
                SecurityGroups = n.SecurityGroups,
            }).ToList();
            var job = new JobRecord
            {
                Id = NewHexId(),
                Kind = JobKind.AddNics,
                JobType = "addNicsForServer",
                ServerId = server.Id,
                Begin = _clock.RealUtcNow,
                Duration = duration,
                SubJobs = subs,
            };
            _jobs.Add(job.Id, job);
            _pending.Add(job);
            return job;
        }
    }

    internal JobRecord CreateDeleteNicsJob(ServerRecord server, IReadOnlyList<string> nicIds)
    {
        var duration = _settings.NextJobDuration("deleteNicsForServer", server.Id);
        lock (_gate)
        {
            var subs = nicIds.Select(id => new SubJobRecord { Id = NewHexId(), JobType = "deleteNic", NicId = id }).ToList();
            var job = new JobRecord
            {
                Id = NewHexId(),
                Kind = JobKind.DeleteNics,
                JobType = "deleteNicsForServer",
                ServerId = server.Id,
                Begin = _clock.RealUtcNow,
                Duration = duration,
                SubJobs = subs,
            };
            _jobs.Add(job.Id, job);
            _pending.Add(job);
            return job;
        }
    }

    /// <summary>Renders a job under the state lock, so it cannot finish half-way through the rendering.</summary>
    internal T? ReadJob<T>(string jobId, Func<JobRecord, DateTimeOffset, T> render) where T : class
    {
        lock (_gate)
        {
            var now = AdvanceJobsLocked();
            return _jobs.TryGetValue(jobId, out var job) ? render(job, now) : null;
        }
    }

    private DateTimeOffset AdvanceJobsLocked()
    {
        var now = _clock.RealUtcNow;
        List<JobRecord>? due = null;
        foreach (var job in _pending)
        {
            if (job.Due <= now) (due ??= new List<JobRecord>()).Add(job);
        }
        if (due is null) return now;
        _pending.RemoveAll(j => j.Due <= now);
        foreach (var job in due.OrderBy(j => j.Due).ThenBy(j => j.Begin))
        {
            if (job.Kind == JobKind.AddNics) FinishAddNics(job);
            else FinishDeleteNics(job);
            var failed = job.SubJobs.FirstOrDefault(s => s.Status == "FAIL");
            job.Status = failed is null ? "SUCCESS" : "FAIL";
            job.ErrorCode = failed?.ErrorCode;
            job.FailReason = failed?.FailReason;
            job.End = job.Due;
            job.Finalized = true;
        }
        return now;
    }

    private void FinishAddNics(JobRecord job)
    {
        var server = _servers[job.ServerId];
        foreach (var sub in job.SubJobs)
        {
            if (!_subnets.TryGetValue(sub.SubnetId!, out var subnet))
            {
                Fail(sub, "Ecs.0005", "Subnet " + sub.SubnetId + " does not exist.");
                continue;
            }
            if (subnet.VpcId != server.VpcId)
            {
                Fail(sub, "Ecs.0014", "Invalid VPC parameters: subnet " + subnet.Id + " is not in VPC " + server.VpcId + " of server " + server.Id + ".");
                continue;
            }
            if (server.NicIds.Count >= _settings.MaxNicsPerServer)
            {
                Fail(sub, "Ecs.0050", "The number of NICs attached to the ECS exceeds the maximum value allowed (" +
                     _settings.MaxNicsPerServer.ToString(CultureInfo.InvariantCulture) + ").");
                continue;
            }
            PortRecord port;
            if (sub.PortId is not null)
            {
                if (!_ports.TryGetValue(sub.PortId, out port!) || port.NetworkId != subnet.Id)
                {
                    Fail(sub, "Ecs.0307", "Failed to view the port because port " + sub.PortId + " does not exist in network " + subnet.Id + ".");
                    continue;
                }
                if (port.DeviceOwner.Length > 0 || port.DeviceId.Length > 0)
                {
                    Fail(sub, "Ecs.0217", "Attached to server [" + server.Id + "] port [" + port.Id + "] failed. Cause: the port is in use.");
                    continue;
                }
            }
            else
            {
                string ip;
                if (sub.IpAddress is not null)
                {
                    if (!Ipv4.TryParse(sub.IpAddress, out var address) || !subnet.Cidr.Contains(address) || subnet.IsReserved(address))
                    {
                        Fail(sub, "Ecs.0005", "Invalid ip_address " + sub.IpAddress + " for subnet " + subnet.Cidr + ".");
                        continue;
                    }
                    ip = Ipv4.Format(address);
                    if (_ports.Values.Any(p => p.NetworkId == subnet.Id && p.IpAddress == ip))
                    {
                        Fail(sub, "Ecs.0010", "Private IP address " + ip + " is already in use.");
                        continue;
                    }
                }
                else if (AllocateIpLocked(subnet) is { } free)
                {
                    ip = free;
                }
                else
                {
                    Fail(sub, "Ecs.0012", "Insufficient IP addresses.");
                    continue;
                }
                port = NewPort(subnet, ip, job.Due, sub.SecurityGroups);
            }
            Attach(port, server);
            sub.Status = "SUCCESS";
            sub.NicId = port.Id;
        }
    }

    private void FinishDeleteNics(JobRecord job)
    {
        var server = _servers[job.ServerId];
        foreach (var sub in job.SubJobs)
        {
            var nicId = sub.NicId!;
            var index = server.NicIds.IndexOf(nicId);
            if (index < 0 || !_ports.TryGetValue(nicId, out var port))
            {
                Fail(sub, "Ecs.0307", "Failed to view the port because port " + nicId + " is not attached to server " + server.Id + ".");
                continue;
            }
            if (index == 0)
            {
                Fail(sub, "Ecs.0005", "The primary NIC " + nicId + " of server " + server.Id + " cannot be deleted.");
                continue;
            }
            server.NicIds.RemoveAt(index);
            _ports.Remove(nicId);
            foreach (var vip in _ports.Values.Where(p => p.IsVirtualIp && p.NetworkId == port.NetworkId))
            {
                lock (vip.PairsGate) vip.Pairs = Without(vip.Pairs, a => a.IpAddress == port.IpAddress && a.MacAddress == port.MacAddress);
            }
            sub.Status = "SUCCESS";
        }
    }

    private static void Fail(SubJobRecord sub, string code, string reason)
    {
        sub.Status = "FAIL";
        sub.ErrorCode = code;
        sub.FailReason = reason;
    }

    private ServerSnapshot ToSnapshot(ServerRecord s) =>
        new(s.Id, s.Name, s.VpcId, s.NicIds.Select(id => _ports[id].ToSnapshot()).ToArray());
}
