using System;
using System.Collections.Generic;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// The emulated cloud: VPCs, subnets, ports, servers and jobs, each resource kept by its own store, all under one lock;
/// the allowed_address_pairs of a port follow the race model instead (<see cref="AddressPairUpdater"/>). The public members
/// return snapshots for assertions; those that show ports, servers or jobs finish the due jobs first.
/// </summary>
public sealed class EmulatorState
{
    private readonly DemoSeeder _seeder;

    internal EmulatorState(EmulatorClock clock, EmulatorSettings settings)
    {
        var tables = new CloudTables();
        Ids = new IdSource(tables.Gate);
        Addresses = new IpAllocator(tables);
        var ports = new PortFactory(tables, Ids);
        Jobs = new JobEngine(tables, Ids, clock, settings, new NicJobWork(tables, ports, Addresses, settings));
        Vpcs = new VpcStore(tables, Ids, clock, settings);
        Subnets = new SubnetStore(tables, Ids, clock, settings, Vpcs, Jobs);
        Ports = new PortStore(tables, Ids, ports, Addresses, clock, settings, Jobs);
        Servers = new ServerStore(tables, Ids, ports, Addresses, clock, settings, Jobs);
        Pairs = new AddressPairUpdater(settings);
        _seeder = new DemoSeeder(tables, Ids, Jobs, Vpcs, Subnets, Servers, ports, clock);
    }

    internal IdSource Ids { get; }
    internal IpAllocator Addresses { get; }
    internal JobEngine Jobs { get; }
    internal VpcStore Vpcs { get; }
    internal SubnetStore Subnets { get; }
    internal PortStore Ports { get; }
    internal ServerStore Servers { get; }
    internal AddressPairUpdater Pairs { get; }

    /// <summary>A port (NIC or virtual IP), or null.</summary>
    public PortSnapshot? GetPort(string portId) => Ports.Snapshot(portId);

    /// <summary>Every port.</summary>
    public IReadOnlyList<PortSnapshot> GetPorts() => Ports.Snapshots();

    /// <summary>The virtual IP port holding an address in a subnet (network ID), or null.</summary>
    public PortSnapshot? FindVirtualIp(string subnetId, string ipAddress) => Ports.VirtualIpSnapshot(subnetId, ipAddress);

    /// <summary>A server with its NICs, or null.</summary>
    public ServerSnapshot? GetServer(string serverId) => Servers.Snapshot(serverId);

    /// <summary>Every server.</summary>
    public IReadOnlyList<ServerSnapshot> GetServers() => Servers.Snapshots();

    /// <summary>The NICs of a server in attachment order (empty if the server does not exist).</summary>
    public IReadOnlyList<PortSnapshot> GetServerNics(string serverId) => GetServer(serverId)?.Nics ?? Array.Empty<PortSnapshot>();

    /// <summary>A job as it reads now, or null.</summary>
    public JobSnapshot? GetJob(string jobId) => Jobs.Snapshot(jobId);

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<JobSnapshot> GetJobs() => Jobs.Snapshots();

    /// <summary>Every subnet.</summary>
    public IReadOnlyList<SubnetSnapshot> GetSubnets() => Subnets.Snapshots();

    /// <summary>A VPC, or null.</summary>
    public VpcSnapshot? GetVpc(string vpcId) => Vpcs.Snapshot(vpcId);

    /// <summary>Every VPC.</summary>
    public IReadOnlyList<VpcSnapshot> GetVpcs() => Vpcs.Snapshots();

    /// <summary>Finishes every job whose time has come; the API calls this before answering.</summary>
    public void AdvanceJobs() => Jobs.Advance();

    /// <summary>Replaces everything with the demo account's seeded cloud.</summary>
    internal DemoAccount Seed(EmulatorOptions options) => _seeder.Seed(options);
}
