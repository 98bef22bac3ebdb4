using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Bulk;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Emulator;

/// <summary>
/// The scripted tour behind <c>--demo</c>: it drives the running emulator through EcsNic.Core, making the same calls the
/// cmdlets make, and prints each step with the PowerShell command that does it. Exit code 0 means every step worked.
/// </summary>
public static class DemoTour
{
    /// <summary>The virtual IP the tour binds to an HA pair.</summary>
    public const string HaVirtualIp = "192.168.0.100";

    /// <summary>Runs the tour against <paramref name="host"/>, writing to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(EmulatorHost host, TextWriter output, CancellationToken cancellationToken)
    {
        var account = host.Account;
        host.SetJobDuration(TimeSpan.FromMilliseconds(1500));
        var options = new EcsClientOptions { Region = account.Region, Endpoint = host.BaseUri, IamEndpoint = host.IamBaseUri };
        var credentials = new StaticCredentialProvider(new Credentials(account.AccessKey, account.SecretKey, source: "demo"));
        using var client = new EcsClient(options, credentials);

        void Step(string command, string what)
        {
            output.WriteLine();
            output.WriteLine($"PS> {command}");
            output.WriteLine($"    # {what}");
        }

        Step($"Connect-EcsCloud -AccessKey {account.AccessKey} -SecretKey $sk -Region {account.Region} -Endpoint {host.BaseUri} -IamEndpoint {host.IamBaseUri}",
            "resolve the project of the region through IAM");
        output.WriteLine($"    project {await client.GetProjectIdAsync(cancellationToken).ConfigureAwait(false)}");

        var web1 = account.Servers[0];
        var web2 = account.Servers[1];
        Step($"Get-EcsServerNic -ServerId {web1.Id}", $"list the NICs of {web1.Name}");
        var nics = await client.ListServerNicsAsync(web1.Id, cancellationToken).ConfigureAwait(false);
        foreach (var nic in nics)
            output.WriteLine($"    {nic.PortId}  {nic.SubnetId}  {string.Join(",", nic.FixedIps),-15} {nic.MacAddress} {nic.State}");

        Step($"Get-EcsServerNic -ServerId {web1.Id},{web2.Id} | Where-Object PrimaryIp -like '192.168.0.*' | " +
             $"Set-EcsNicVirtualIp -IpAddress {HaVirtualIp} -ReverseBinding",
            "bind one virtual IP to both NICs of an HA pair, with reverse binding, through the bulk runner");
        var pair = new[] { web1.Nics[0], web2.Nics[0] };
        await RunBulk(pair, (nic, ct) => client.BindVirtualIpAsync(nic.PortId, nic.SubnetId, HaVirtualIp, true, ct),
            nic => BulkKeys.ForBind(nic.PortId, nic.SubnetId, HaVirtualIp), output, cancellationToken).ConfigureAwait(false);
        var vip = host.State.FindVirtualIp(account.Subnet.Id, HaVirtualIp)
                  ?? throw new InvalidOperationException("the virtual IP port was not created");
        output.WriteLine($"    VIP port {vip.Id} ({vip.DeviceOwner}) allowed_address_pairs: " +
                         string.Join(", ", vip.AllowedAddressPairs.Select(p => $"{p.IpAddress}/{p.MacAddress}")));

        var spare = account.Servers[2];
        Step($"Add-EcsServerNic -ServerId {spare.Id} -SubnetId {account.Subnet.Id} -Wait | Set-EcsNicVirtualIp -IpAddress {HaVirtualIp}",
            "attach a NIC, wait for its job, then bind the same virtual IP to it");
        var job = await client.AddServerNicsAsync(spare.Id, new[] { new NicSpec { SubnetId = account.Subnet.Id } }, cancellationToken)
            .ConfigureAwait(false);
        output.WriteLine($"    job {job.JobId} submitted");
        var waiter = new JobWaiter(client.PollJobAsync, new JobWaiterOptions { FirstDelay = TimeSpan.FromMilliseconds(500) });
        var outcome = (await waiter.WaitAsync(new[] { job.JobId }, null, null, cancellationToken).ConfigureAwait(false)).Single();
        if (outcome.Kind != JobOutcomeKind.Succeeded)
            throw new InvalidOperationException($"the attach job ended {outcome.Kind}: {outcome.Error?.Message}");
        var newNicId = outcome.Job!.NicIds.Single();
        output.WriteLine($"    job {job.JobId} {outcome.Job.Status} after {outcome.Polls} polls; new NIC {newNicId}");
        var newNic = (await client.ListServerNicsAsync(spare.Id, cancellationToken).ConfigureAwait(false)).Single(n => n.PortId == newNicId);
        await client.BindVirtualIpAsync(newNic.PortId, newNic.SubnetId, HaVirtualIp, false, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"    {HaVirtualIp} -> {newNic.PortId} ({newNic.PrimaryIp})");

        Step($"Get-EcsServerNic -ServerId {web1.Id},{web2.Id},{spare.Id} | Remove-EcsNicVirtualIp -Force",
            "unbind every virtual IP from the three servers, without prompting (runbook style)");
        var all = pair.Select(n => (n.PortId, n.SubnetId)).Append((newNic.PortId, newNic.SubnetId)).ToList();
        await RunBulk(all, (nic, ct) => client.UnbindVirtualIpAsync(nic.PortId, ct), nic => BulkKeys.ForUnbind(nic.PortId, nic.SubnetId),
            output, cancellationToken).ConfigureAwait(false);

        Step($"Remove-EcsServerNic -ServerId {spare.Id} -NicId {newNic.PortId} -Force -Wait", "detach the NIC again and wait");
        var detach = await client.DeleteServerNicsAsync(spare.Id, new[] { newNic.PortId }, cancellationToken).ConfigureAwait(false);
        var detached = (await waiter.WaitAsync(new[] { detach.JobId }, null, null, cancellationToken).ConfigureAwait(false)).Single();
        output.WriteLine($"    job {detach.JobId} {detached.Job?.Status}");

        var counters = host.GetCounters();
        output.WriteLine();
        output.WriteLine($"Demo finished: {counters.TotalRequests} signed requests, " +
                         string.Join(", ", counters.Requests.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}")) + ".");
        return detached.Kind == JobOutcomeKind.Succeeded ? 0 : 1;
    }

    private static async Task<List<VirtualIpBinding>> RunBulk<T>(IReadOnlyList<T> inputs,
        Func<T, CancellationToken, Task<VirtualIpBinding>> work, Func<T, IEnumerable<BulkKey>> keys, TextWriter output,
        CancellationToken cancellationToken)
    {
        using var runner = new BulkRunner<T, VirtualIpBinding>(work, keys, new BulkOptions { ThrottleLimit = 8 }, cancellationToken);
        foreach (var input in inputs) runner.Post(input);
        var results = await Task.Run(() => runner.Complete(TimeSpan.FromMilliseconds(200)).ToList(), cancellationToken)
            .ConfigureAwait(false);
        foreach (var result in results)
        {
            if (!result.Succeeded) throw new InvalidOperationException($"input {result.Index} failed: {result.Error!.Message}");
            output.WriteLine($"    {result.Output}");
        }
        return results.Select(r => r.Output!).ToList();
    }
}
