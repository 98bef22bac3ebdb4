using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Session;

/// <summary>Get-EcsNicVirtualIp's runner: one ShowPort per NIC, read concurrently up to the throttle limit, in input order.</summary>
public sealed class VirtualIpReadTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private static string NicId(int i) => $"00000000-0000-4000-8000-{i:D12}";

    private static string PortJson(string id, params string[] pairs) =>
        "{\"port\":{\"id\":\"" + id + "\",\"network_id\":\"" + TestClients.SubnetId + "\",\"status\":\"ACTIVE\"," +
        "\"mac_address\":\"fa:16:3e:00:00:01\",\"device_id\":\"31d232fd-e292-43a1-8fc5-f0e71d98afd1\",\"device_owner\":\"compute:az1\"," +
        "\"fixed_ips\":[{\"subnet_id\":\"" + TestClients.SubnetId + "\",\"ip_address\":\"192.168.0.10\"}]," +
        "\"allowed_address_pairs\":[" + string.Join(",", pairs.Select(p => "{\"ip_address\":\"" + p + "\",\"mac_address\":\"fa:16:3e:00:00:01\"}")) + "]}}";

    [Fact]
    public async Task Reads_run_up_to_the_throttle_limit_at_once_one_ShowPort_per_nic_and_come_out_in_input_order()
    {
        const int limit = 3;
        var inFlight = 0;
        var peak = 0;
        var arrived = 0;
        var sync = new object();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new ScriptedTransport(async (request, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (sync) peak = Math.Max(peak, now);
            // The first three reads are held until all three are in flight: only concurrent reads get past this.
            if (Interlocked.Increment(ref arrived) >= limit) gate.TrySetResult();
            await gate.Task.WaitAsync(HangGuard, ct);
            Interlocked.Decrement(ref inFlight);
            var id = request.Uri.AbsolutePath.Split('/').Last();
            return ScriptedTransport.Json(200, PortJson(id, "192.168.0.100", "192.168.0." + (200 + int.Parse(id[^2..]))));
        });
        using var client = TestClients.Client(transport, new FakeClock());
        using var runner = VirtualIpRead.CreateRunner(client, new CapturingLogger(), new BulkOptions { ThrottleLimit = limit }, CancellationToken.None);

        for (var i = 0; i < 8; i++) runner.Post(VirtualIpQuery.ForNic(NicId(i), NicId(i)));
        var results = await runner.DrainAsync();

        Assert.Equal(limit, peak);
        Assert.Equal(8, transport.Count);
        Assert.All(transport.List, r => Assert.Equal("GET", r.Method));
        Assert.All(transport.List, r => Assert.Contains("/ports/", r.Uri.AbsolutePath));
        var records = results.Select(r => Assert.IsType<NicVirtualIps>(Assert.Single(r.Output!))).ToArray();
        Assert.Equal(Enumerable.Range(0, 8).Select(NicId), records.Select(r => r.NicId));
        Assert.Equal(new[] { "192.168.0.100", "192.168.0.205" }, records[5].VirtualIps);
        Assert.Equal("31d232fd-e292-43a1-8fc5-f0e71d98afd1", records[5].ServerId);
        Assert.Equal("192.168.0.10", records[5].PrimaryIp);
    }

    [Fact]
    public void An_unbind_result_names_the_addresses_the_port_held_or_says_NotBound()
    {
        var port = new VpcPort("r", NicId(1), null, TestClients.SubnetId, new[] { "192.168.0.10" }, Array.Empty<string>(), "fa:16:3e:00:00:01",
            "ACTIVE", "31d232fd-e292-43a1-8fc5-f0e71d98afd1", "compute:az1", Array.Empty<string>(),
            new[] { new PortAddressPair("192.168.0.100", "fa:16:3e:00:00:01"), new PortAddressPair("192.168.0.101", "fa:16:3e:00:00:01") });
        var unbound = new VirtualIpBinding(NicId(1), null, null, false, VirtualIpAction.Unbound).WithUnboundPort(port);
        Assert.Equal(VirtualIpAction.Unbound, unbound.Action);
        Assert.Equal(new[] { "192.168.0.100", "192.168.0.101" }, unbound.RemovedIpAddresses);
        Assert.Equal("31d232fd-e292-43a1-8fc5-f0e71d98afd1", unbound.ServerId);
        Assert.Equal(TestClients.SubnetId, unbound.SubnetId);

        var bare = new VpcPort("r", NicId(2), null, TestClients.SubnetId, new[] { "192.168.0.11" }, Array.Empty<string>(), null,
            "ACTIVE", "", "", Array.Empty<string>(), Array.Empty<PortAddressPair>());
        var none = new VirtualIpBinding(NicId(2), null, null, false, VirtualIpAction.Unbound).WithUnboundPort(bare);
        Assert.Equal(VirtualIpAction.NotBound, none.Action);
        Assert.Empty(none.RemovedIpAddresses);
        Assert.Null(none.ServerId);
    }
}
