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
/// one new /24 subnet per group in the demo VPC (signed VPC CreateSubnet), then BatchAddServerNics on up to 200 seeded
/// servers (jobs of zero duration), each server taking NICs of different groups. Group g's virtual IP is 192.168.(10+g).200,
/// in the group's own subnet, as a bind requires.
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
        CancellationToken cancellationToken = default)
    {
        if (groups is < 1 or > 240) throw new ArgumentOutOfRangeException(nameof(groups), groups, "1 to 240 groups.");
        if (nicsPerGroup is < 1 or > 250) throw new ArgumentOutOfRangeException(nameof(nicsPerGroup), nicsPerGroup, "1 to 250 NICs per group.");
        var total = groups * nicsPerGroup;
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
        try
        {
            var targets = await BuildAsync(host, groups, nicsPerGroup, perServer, cancellationToken).ConfigureAwait(false);
            return new BindFleet(host, targets);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<IReadOnlyList<BindTarget>> BuildAsync(EmulatorHost host, int groups, int nicsPerGroup, int perServer,
        CancellationToken cancellationToken)
    {
        var account = host.Account;
        var subnetOfGroup = new string[groups];
        using (var http = new HttpClient())
        {
            for (var g = 0; g < groups; g++)
            {
                var octet = (FirstSubnetOctet + g).ToString(CultureInfo.InvariantCulture);
                var json = "{\"subnet\":{\"name\":\"bench-" + g.ToString(CultureInfo.InvariantCulture) + "\",\"cidr\":\"192.168." + octet +
                           ".0/24\",\"gateway_ip\":\"192.168." + octet + ".1\",\"vpc_id\":\"" + account.VpcId + "\"}}";
                using var answer = await EmulatorClients.PostSignedAsync(http, host, "/subnets", json, cancellationToken).ConfigureAwait(false);
                subnetOfGroup[g] = answer.RootElement.GetProperty("subnet").GetProperty("id").GetString()!;
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
                var vip = "192.168." + (FirstSubnetOctet + g).ToString(CultureInfo.InvariantCulture) + ".200";
                targets.Add((n, new BindTarget(g, n / groups, serverId, port.Id, port.NetworkId, port.IpAddress, port.MacAddress, vip)));
            }
        }

        return targets.OrderBy(t => t.Target.Group).ThenBy(t => t.N).Select(t => t.Target).ToArray();
    }

    private static async Task<(string, EcsJob, int[])> SubmitAsync(Core.Api.EcsClient client, string serverId, List<NicSpec> specs,
        int[] nics, CancellationToken cancellationToken)
    {
        var job = await client.AddServerNicsAsync(serverId, specs, cancellationToken).ConfigureAwait(false);
        return (serverId, job, nics);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
