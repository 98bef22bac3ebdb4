using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Models;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>One NIC to bind: the NIC, its subnet, and the virtual IP of its group (an address of that subnet).</summary>
public sealed record BindTarget(int Group, int Member, string ServerId, string NicId, string SubnetId, string NicIp, string NicMac,
    string VirtualIp);

/// <summary>
/// An emulator holding <c>groups x nicsPerGroup</c> NICs for the bulk-bind scenario, built through the public API only:
/// new subnets in the demo VPC (signed VPC CreateSubnet), then BatchAddServerNics on up to 200 seeded servers (jobs of
/// zero duration), each server taking NICs of different groups. By default each group (virtual IP) has its own /24,
/// 192.168.(10+g).0, and its virtual IP is 192.168.(10+g).200; with <c>sharedSubnet</c> every NIC and virtual IP is in one
/// 192.168.64.0/21 and group g's virtual IP is 192.168.71.(100+g); with <c>groupsPerSubnet</c> above 1 (many small
/// groups, such as HA pairs) groups share /22 subnets, 192.168.(16+4s).0/22 for subnet s, whose virtual IPs are
/// 192.168.(18+4s).(10+j) for the subnet's j-th group. Either way the virtual IP is in the NIC's own subnet, as a bind
/// requires.
/// </summary>
public sealed class BindFleet : IAsyncDisposable
{
    public const int FirstSubnetOctet = 10;
    private const int MaxServers = 200;

    private BindFleet(EmulatorHost host, IReadOnlyList<BindTarget> targets)
    {
        Host = host;
        Targets = targets;
    }

    public EmulatorHost Host { get; }

    /// <summary>Every NIC, group by group (all NICs of virtual IP 0, then of virtual IP 1, ...), as a CSV would list them.</summary>
    public IReadOnlyList<BindTarget> Targets { get; }

    public static async Task<BindFleet> CreateAsync(int groups, int nicsPerGroup, TimeSpan bindLatency, bool raceModel,
        bool sharedSubnet = false, CancellationToken cancellationToken = default, int groupsPerSubnet = 1)
    {
        if (groupsPerSubnet is < 1 or > 240 || (groupsPerSubnet > 1 && (sharedSubnet || nicsPerGroup * groupsPerSubnet > 500)))
            throw new ArgumentOutOfRangeException(nameof(groupsPerSubnet), groupsPerSubnet, "1 to 240 groups of at most 500 NICs in all per /22.");
        var maxGroups = sharedSubnet ? 150 : groupsPerSubnet > 1 ? 59 * groupsPerSubnet : 240;
        if (groups < 1 || groups > maxGroups) throw new ArgumentOutOfRangeException(nameof(groups), groups, "Too many groups.");
        if (nicsPerGroup is < 1 or > 250) throw new ArgumentOutOfRangeException(nameof(nicsPerGroup), nicsPerGroup, "1 to 250 NICs per group.");
        var total = groups * nicsPerGroup;
        if (sharedSubnet && total > 1500) throw new ArgumentOutOfRangeException(nameof(nicsPerGroup), total, "At most 1,500 NICs share a subnet.");
        var perServer = (total + MaxServers - 1) / MaxServers;
        var servers = (total + perServer - 1) / perServer;

        var options = new EmulatorOptions
        {
            ServerCount = servers,
            MaxNicsPerServer = perServer + 2, // ecs-demo-1 is seeded with two NICs
            JobDuration = TimeSpan.Zero,
            RaceModelEnabled = raceModel,
        };
        if (bindLatency > TimeSpan.Zero)
            options.Latency.Add(new LatencyRule { Operation = Operations.AssociateServerVirtualIp, Fixed = bindLatency });
        var host = await EmulatorHost.StartAsync(options).ConfigureAwait(false);
        // The emulator's default VPC quotas (100 subnets, 500 ports) are for the quota tests; a fleet needs a subnet per
        // group and a port per virtual IP.
        host.Settings.Vpc.SubnetQuota = Math.Max(host.Settings.Vpc.SubnetQuota, groups + 100);
        host.Settings.Vpc.PortQuota = Math.Max(host.Settings.Vpc.PortQuota, groups * nicsPerGroup + groups + 1_000);
        try
        {
            var targets = await BuildAsync(host, groups, nicsPerGroup, perServer, sharedSubnet, groupsPerSubnet, cancellationToken)
                .ConfigureAwait(false);
            return new BindFleet(host, targets);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<IReadOnlyList<BindTarget>> BuildAsync(EmulatorHost host, int groups, int nicsPerGroup, int perServer,
        bool sharedSubnet, int groupsPerSubnet, CancellationToken cancellationToken)
    {
        var account = host.Account;
        var subnetOfGroup = new string[groups];
        var vipOfGroup = new string[groups];
        using (var http = new HttpClient())
        {
            if (sharedSubnet)
            {
                var id = await CreateSubnetAsync(http, host, "bench-shared", "192.168.64.0/21", "192.168.64.1", cancellationToken).ConfigureAwait(false);
                for (var g = 0; g < groups; g++)
                {
                    subnetOfGroup[g] = id;
                    vipOfGroup[g] = "192.168.71." + (100 + g).ToString(CultureInfo.InvariantCulture);
                }
            }
            else if (groupsPerSubnet > 1)
            {
                for (var first = 0; first < groups; first += groupsPerSubnet)
                {
                    var block = 16 + 4 * (first / groupsPerSubnet);
                    var id = await CreateSubnetAsync(http, host, "bench-pairs-" + (first / groupsPerSubnet).ToString(CultureInfo.InvariantCulture),
                        "192.168." + block.ToString(CultureInfo.InvariantCulture) + ".0/22",
                        "192.168." + block.ToString(CultureInfo.InvariantCulture) + ".1", cancellationToken).ConfigureAwait(false);
                    for (var g = first; g < Math.Min(groups, first + groupsPerSubnet); g++)
                    {
                        subnetOfGroup[g] = id;
                        vipOfGroup[g] = "192.168." + (block + 2).ToString(CultureInfo.InvariantCulture) + "." + (10 + g - first).ToString(CultureInfo.InvariantCulture);
                    }
                }
            }
            else
            {
                for (var g = 0; g < groups; g++)
                {
                    var prefix = "192.168." + (FirstSubnetOctet + g).ToString(CultureInfo.InvariantCulture) + ".";
                    subnetOfGroup[g] = await CreateSubnetAsync(http, host, "bench-" + g.ToString(CultureInfo.InvariantCulture), prefix + "0/24",
                        prefix + "1", cancellationToken).ConfigureAwait(false);
                    vipOfGroup[g] = prefix + "200";
                }
            }
        }

        // NIC n goes to group n % groups and server n / perServer: a server's NICs are in different subnets.
        var total = groups * nicsPerGroup;
        using var client = EmulatorClients.Create(host);
        var submissions = new List<Task<(string ServerId, EcsJob Job, int[] Nics)>>();
        for (var s = 0; s * perServer < total; s++)
        {
            var serverId = account.Servers[s].Id;
            var nics = Enumerable.Range(s * perServer, Math.Min(perServer, total - s * perServer)).ToArray();
            var specs = nics.Select(n => new NicSpec { SubnetId = subnetOfGroup[n % groups] }).ToList();
            submissions.Add(SubmitAsync(client, serverId, specs, nics, cancellationToken));
        }
        var submitted = await Task.WhenAll(submissions).ConfigureAwait(false);

        var targets = new List<(int N, BindTarget Target)>(total);
        foreach (var (serverId, job, nics) in submitted)
        {
            var snapshot = host.State.GetJob(job.JobId) ?? throw new InvalidOperationException("Set-up job " + job.JobId + " vanished.");
            if (snapshot.Status != "SUCCESS" || snapshot.SubJobs.Count != nics.Length)
                throw new InvalidOperationException($"Set-up job {job.JobId} on {serverId} ended {snapshot.Status}: {snapshot.FailReason}");
            for (var k = 0; k < nics.Length; k++)
            {
                var n = nics[k];
                var g = n % groups;
                var port = host.State.GetPort(snapshot.SubJobs[k].NicId!) ?? throw new InvalidOperationException("NIC missing after set-up.");
                if (port.NetworkId != subnetOfGroup[g]) throw new InvalidOperationException("Set-up NIC landed in the wrong subnet.");
                targets.Add((n, new BindTarget(g, n / groups, serverId, port.Id, port.NetworkId, port.IpAddress, port.MacAddress, vipOfGroup[g])));
            }
        }

        return targets.OrderBy(t => t.Target.Group).ThenBy(t => t.N).Select(t => t.Target).ToArray();
    }

    private static async Task<string> CreateSubnetAsync(HttpClient http, EmulatorHost host, string name, string cidr, string gateway,
        CancellationToken cancellationToken)
    {
        var json = "{\"subnet\":{\"name\":\"" + name + "\",\"cidr\":\"" + cidr + "\",\"gateway_ip\":\"" + gateway + "\",\"vpc_id\":\"" +
                   host.Account.VpcId + "\"}}";
        using var answer = await EmulatorClients.PostSignedAsync(http, host, "/subnets", json, cancellationToken).ConfigureAwait(false);
        return answer.RootElement.GetProperty("subnet").GetProperty("id").GetString()!;
    }

    private static async Task<(string, EcsJob, int[])> SubmitAsync(Core.Api.EcsClient client, string serverId, List<NicSpec> specs,
        int[] nics, CancellationToken cancellationToken)
    {
        var job = await client.AddServerNicsAsync(serverId, specs, cancellationToken).ConfigureAwait(false);
        return (serverId, job, nics);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
