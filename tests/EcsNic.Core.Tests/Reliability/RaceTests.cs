using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using EcsNic.Emulator.State;
using Xunit;
using Xunit.Abstractions;

namespace EcsNic.Core.Tests.Reliability;

/// <summary>
/// Bulk virtual IP runs against the emulator's read-modify-write race model, through the runner the cmdlets use
/// (<see cref="VirtualIpBulk"/>, <see cref="BulkKeys"/>, a <see cref="BulkKeyCoordinator"/>). Each correct run checks
/// the exact final allowed_address_pairs of every port touched against a sequential model; each run of the same
/// workload without the protection it relies on must lose pairs, so the checks can fail.
/// </summary>
public sealed class RaceTests
{
    private static readonly TimeSpan RacePause = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public RaceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Two_hundred_reverse_binds_over_20_vips_and_40_nics_at_throttle_32_keep_every_pair()
    {
        await using var host = await StartAsync(servers: 40);
        var outcome = await RunTwoHundredBindsAsync(host, serialize: true);

        _output.WriteLine($"serialised: {outcome.Expected} pairs expected, {outcome.Present} present, {outcome.Lost} lost, {outcome.Extra} extra");
        Assert.Equal(400, outcome.Expected);
        Assert.Equal(0, outcome.Lost);
        Assert.Equal(0, outcome.Extra);
        Assert.Equal(400, outcome.Present);
        Assert.Equal(200, host.GetCounters().RequestsFor("AssociateServerVirtualIp"));
        // Every binding names its virtual IP's port, read once per virtual IP.
        Assert.All(outcome.Bindings, b => Assert.Equal(host.State.FindVirtualIp(host.Account.Subnet.Id, b.IpAddress!)?.Id, b.VirtualIpPortId));
        Assert.Equal(20, host.GetCounters().RequestsFor("ListPorts"));
    }

    [Fact]
    public async Task The_same_two_hundred_binds_without_serialisation_lose_pairs()
    {
        await using var host = await StartAsync(servers: 40);
        var outcome = await RunTwoHundredBindsAsync(host, serialize: false);

        _output.WriteLine($"unserialised: {outcome.Expected} pairs expected, {outcome.Present} present, {outcome.Lost} lost");
        Assert.True(outcome.Lost > 0, "without serialisation no pair was lost: the race model did not bite, so the serialised run proves nothing");
    }

    [Fact]
    public async Task Reverse_binds_and_unbinds_of_the_same_vips_interleaved_in_one_pipeline_end_in_the_exact_state()
    {
        await using var host = await StartAsync(servers: 6);
        var (calls, model) = await PrepareChainAsync(host);
        using var client = Client(host);

        var wrong = await RunPipelineAsync(model, calls, client);

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task With_the_keys_of_before_the_fix_the_interleaved_pipeline_loses_updates()
    {
        await using var host = await StartAsync(servers: 6);
        var (calls, model) = await PrepareChainAsync(host);
        using var client = Client(host);

        // Binds held only their NIC and virtual IP, so a reverse bind never waited for an unbind of its subnet.
        var wrong = await RunPipelineAsync(model, calls, client, c => c.IsBind
            ? new[] { BulkKeys.Nic(c.NicId), BulkKeys.VirtualIp(c.SubnetId!, c.IpAddress!) }.Select(BulkKey.Exclusive)
            : new[] { BulkKey.Exclusive(BulkKeys.Nic(c.NicId)), BulkKey.Exclusive("unbind:" + c.SubnetId) });

        _output.WriteLine(string.Join(Environment.NewLine, wrong));
        Assert.NotEmpty(wrong);
    }

    [Fact]
    public async Task Set_piped_to_Remove_with_one_session_coordinator_ends_in_the_exact_state()
    {
        await using var host = await StartAsync(servers: 8);
        var coordinator = new BulkKeyCoordinator();

        var wrong = await SetPipedToRemoveAsync(host, coordinator, coordinator);

        Assert.Empty(wrong);
        Assert.Equal(0, coordinator.ActiveKeys);
    }

    [Fact]
    public async Task Set_piped_to_Remove_with_a_coordinator_per_cmdlet_loses_updates()
    {
        await using var host = await StartAsync(servers: 8);

        var wrong = await SetPipedToRemoveAsync(host, new BulkKeyCoordinator(), new BulkKeyCoordinator());

        _output.WriteLine(string.Join(Environment.NewLine, wrong));
        Assert.NotEmpty(wrong);
    }

    [Fact]
    public async Task Two_concurrent_jobs_binding_and_unbinding_one_vip_end_in_the_exact_state_with_the_session_coordinator()
    {
        await using var host = await StartAsync(servers: 12);
        var session = new EcsSession();
        var wrong = await TwoJobsAsync(host, _ => session.KeyCoordinator);

        Assert.Empty(wrong);
        Assert.Equal(0, session.KeyCoordinator.ActiveKeys);
    }

    [Fact]
    public async Task Two_concurrent_jobs_with_a_coordinator_each_lose_updates()
    {
        await using var host = await StartAsync(servers: 12);

        var wrong = await TwoJobsAsync(host, _ => new BulkKeyCoordinator());

        _output.WriteLine(string.Join(Environment.NewLine, wrong));
        Assert.NotEmpty(wrong);
    }

    [Fact]
    public void The_module_session_has_one_coordinator_for_every_cmdlet()
    {
        Assert.Same(EcsSession.Default.KeyCoordinator, EcsSession.Default.KeyCoordinator);
        Assert.NotNull(EcsSession.Default.KeyCoordinator);
        var session = new EcsSession();
        Assert.NotSame(EcsSession.Default.KeyCoordinator, session.KeyCoordinator);
    }

    internal sealed record BindOutcome(int Expected, int Present, int Lost, int Extra, IReadOnlyList<VirtualIpBinding> Bindings);

    private async Task<BindOutcome> RunTwoHundredBindsAsync(EmulatorHost host, bool serialize)
    {
        var account = host.Account;
        var subnet = account.Subnet.Id;
        var nics = account.Servers.Select(s => s.Nics[0]).ToArray();
        var vips = Enumerable.Range(0, 20).Select(i => "192.168.0." + (200 + i)).ToArray();
        var model = new PairModel(host);
        var calls = new List<VirtualIpCall>();
        // Round t binds every NIC n to VIP (n + 4t) mod 20: each NIC gets 5 VIPs, each VIP 10 NICs, and every round
        // hits each VIP twice, so unserialised calls collide on VIP ports and on NIC ports alike.
        for (var round = 0; round < 5; round++)
        for (var n = 0; n < nics.Length; n++)
            calls.Add(VirtualIpCall.Bind(nics[n].PortId, subnet, vips[(n + 4 * round) % 20], true, nics[n].PortId));
        foreach (var call in calls) model.Apply(call);

        using var client = Client(host);
        var options = new BulkOptions { ThrottleLimit = 32, Coordinator = new BulkKeyCoordinator() };
        // The control without serialisation is a runner that names no keys for its calls.
        using var runner = serialize
            ? VirtualIpBulk.CreateRunner(client, new CapturingLogger(), options, CancellationToken.None)
            : new BulkRunner<VirtualIpCall, VirtualIpBinding>((call, ct) =>
                client.BindVirtualIpAsync(call.NicId, call.SubnetId!, call.IpAddress!, call.ReverseBinding, ct), _ => Array.Empty<BulkKey>(),
                options, CancellationToken.None);
        foreach (var call in calls) runner.Post(call);
        var results = await runner.DrainAsync();
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));

        var expected = model.Expected();
        var present = 0;
        var lost = 0;
        var extra = 0;
        foreach (var (port, pairs) in expected)
        {
            var actual = model.Actual(port);
            present += pairs.Count(actual.Contains);
            lost += pairs.Count(p => !actual.Contains(p));
            extra += actual.Count(p => !pairs.Contains(p));
        }
        return new BindOutcome(expected.Values.Sum(p => p.Count), present, lost, extra, results.Select(r => r.Output!).ToArray());
    }

    /// <summary>
    /// NIC i starts reverse-bound to VIP i. The pipeline unbinds NIC 0, then for each i binds NIC i-1 (just unbound) to
    /// VIP i and unbinds NIC i, then binds NIC 5 to VIP 0: every step touches a VIP port another step touches.
    /// </summary>
    private static async Task<(List<VirtualIpCall> Calls, PairModel Model)> PrepareChainAsync(EmulatorHost host)
    {
        var account = host.Account;
        var subnet = account.Subnet.Id;
        var nics = account.Servers.Select(s => s.Nics[0]).ToArray();
        string Vip(int i) => "192.168.0." + (200 + i);
        var model = new PairModel(host);
        using (var setup = Client(host))
        {
            for (var i = 0; i < nics.Length; i++)
            {
                await setup.BindVirtualIpAsync(nics[i].PortId, subnet, Vip(i), true, CancellationToken.None);
                model.Apply(VirtualIpCall.Bind(nics[i].PortId, subnet, Vip(i), true, "setup"));
            }
        }

        var calls = new List<VirtualIpCall> { VirtualIpCall.Unbind(nics[0].PortId, subnet, "u0") };
        for (var i = 1; i < nics.Length; i++)
        {
            calls.Add(VirtualIpCall.Bind(nics[i - 1].PortId, subnet, Vip(i), true, $"b{i}"));
            calls.Add(VirtualIpCall.Unbind(nics[i].PortId, subnet, $"u{i}"));
        }
        calls.Add(VirtualIpCall.Bind(nics[^1].PortId, subnet, Vip(0), true, "b0"));
        return (calls, model);
    }

    /// <summary>
    /// <c>Set-EcsNicVirtualIp -IpAddress X -ReverseBinding | Where-Object { every other one } | Remove-EcsNicVirtualIp</c>:
    /// two runners at once, the second fed with the first's results as they come out, unbinds knowing no subnet.
    /// </summary>
    private static async Task<List<string>> SetPipedToRemoveAsync(EmulatorHost host, BulkKeyCoordinator setCoordinator,
        BulkKeyCoordinator removeCoordinator)
    {
        var account = host.Account;
        var subnet = account.Subnet.Id;
        const string vip = "192.168.0.200";
        var model = new PairModel(host);
        using var client = Client(host);
        using var set = VirtualIpBulk.CreateRunner(client, new CapturingLogger(),
            new BulkOptions { ThrottleLimit = 8, Coordinator = setCoordinator }, CancellationToken.None);
        using var remove = VirtualIpBulk.CreateRunner(client, new CapturingLogger(),
            new BulkOptions { ThrottleLimit = 8, Coordinator = removeCoordinator }, CancellationToken.None);

        foreach (var server in account.Servers)
        {
            var call = VirtualIpCall.Bind(server.Nics[0].PortId, subnet, vip, true, server.Nics[0].PortId);
            set.Post(call);
            model.Apply(call);
        }
        var removed = await Task.Run(async () =>
        {
            var n = 0;
            await foreach (var result in set.StreamAsync())
            {
                Assert.True(result.Succeeded, result.Error?.Message);
                if (n++ % 2 != 0) continue;
                var call = VirtualIpCall.Unbind(result.Output!.NicId, null, result.Output);
                remove.Post(call);
                model.Apply(call);
            }
            return await remove.DrainAsync();
        }).WaitAsync(HangGuard);
        Assert.All(removed, r => Assert.True(r.Succeeded, r.Error?.Message));
        return model.Differences();
    }

    /// <summary>
    /// Two runbook jobs in one process, each its own cmdlet call on its own thread: one reverse-binds NICs 0-5 to VIP X,
    /// the other unbinds NICs 6-11, which start reverse-bound to X.
    /// </summary>
    private static async Task<List<string>> TwoJobsAsync(EmulatorHost host, Func<int, BulkKeyCoordinator> coordinatorOf)
    {
        var account = host.Account;
        var subnet = account.Subnet.Id;
        const string vip = "192.168.0.200";
        var nics = account.Servers.Select(s => s.Nics[0]).ToArray();
        var model = new PairModel(host);
        using var client = Client(host);
        for (var i = 6; i < 12; i++)
        {
            await client.BindVirtualIpAsync(nics[i].PortId, subnet, vip, true, CancellationToken.None);
            model.Apply(VirtualIpCall.Bind(nics[i].PortId, subnet, vip, true, "setup"));
        }
        var binds = nics.Take(6).Select(n => VirtualIpCall.Bind(n.PortId, subnet, vip, true, n.PortId)).ToList();
        var unbinds = nics.Skip(6).Select(n => VirtualIpCall.Unbind(n.PortId, subnet, n.PortId)).ToList();
        foreach (var call in binds.Concat(unbinds)) model.Apply(call);

        Task<List<BulkResult<VirtualIpCall, VirtualIpBinding>>> Job(int job, IReadOnlyList<VirtualIpCall> calls) => Task.Run(async () =>
        {
            using var runner = VirtualIpBulk.CreateRunner(client, new CapturingLogger(),
                new BulkOptions { ThrottleLimit = 8, Coordinator = coordinatorOf(job) }, CancellationToken.None);
            foreach (var call in calls) runner.Post(call);
            return await runner.DrainAsync();
        });
        var results = await Task.WhenAll(Job(0, binds), Job(1, unbinds)).WaitAsync(HangGuard);
        Assert.All(results.SelectMany(r => r), r => Assert.True(r.Succeeded, r.Error?.Message));
        return model.Differences();
    }

    /// <summary>Runs one pipeline through the cmdlets' runner, or through a plain runner with other keys when given.</summary>
    private static async Task<List<string>> RunPipelineAsync(PairModel model, List<VirtualIpCall> calls, EcsClient client,
        Func<VirtualIpCall, IEnumerable<BulkKey>>? keysOf = null)
    {
        var options = new BulkOptions { ThrottleLimit = 16, Coordinator = new BulkKeyCoordinator() };
        using var runner = keysOf is null
            ? VirtualIpBulk.CreateRunner(client, new CapturingLogger(), options, CancellationToken.None)
            : new BulkRunner<VirtualIpCall, VirtualIpBinding>((call, ct) => call.IsBind
                ? client.BindVirtualIpAsync(call.NicId, call.SubnetId!, call.IpAddress!, call.ReverseBinding, ct)
                : client.UnbindVirtualIpAsync(call.NicId, ct), keysOf, options, CancellationToken.None);
        foreach (var call in calls) runner.Post(call);
        var results = await runner.DrainAsync();
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        foreach (var call in calls) model.Apply(call);
        return model.Differences();
    }

    private static async Task<EmulatorHost> StartAsync(int servers) => await EmulatorHost.StartAsync(new EmulatorOptions
    {
        ServerCount = servers,
        RaceModelEnabled = true,
        RacePause = RacePause,
    });

    private static EcsClient Client(EmulatorHost host) => new(new EcsClientOptions
    {
        Region = host.Account.Region,
        Endpoint = host.BaseUri,
        IamEndpoint = host.IamBaseUri,
        ProjectId = host.Account.ProjectId,
        Timeout = TimeSpan.FromSeconds(20),
    }, new FixedCredentialProvider(host.Account.CreateCredentials()));

    /// <summary>
    /// The allowed_address_pairs the calls give when run one at a time in posting order (which is what correct
    /// serialisation must be equivalent to), and the comparison with the emulator's ports.
    /// </summary>
    internal sealed class PairModel
    {
        private readonly EmulatorHost _host;
        private readonly Dictionary<string, HashSet<AddressPair>> _nicPairs = new();
        private readonly Dictionary<string, HashSet<AddressPair>> _vipPairs = new();
        private readonly Dictionary<string, (string Ip, string Mac, string Subnet)> _nics;

        public PairModel(EmulatorHost host)
        {
            _host = host;
            _nics = host.Account.Servers.SelectMany(s => s.Nics).ToDictionary(n => n.PortId, n => (n.IpAddress, n.MacAddress, n.SubnetId));
            foreach (var id in _nics.Keys) _nicPairs[id] = new HashSet<AddressPair>();
        }

        public void Apply(VirtualIpCall call)
        {
            var nic = _nics[call.NicId];
            if (call.IsBind)
            {
                var key = VipKey(call.SubnetId!, call.IpAddress!);
                if (!_vipPairs.TryGetValue(key, out var vip)) _vipPairs[key] = vip = new HashSet<AddressPair>();
                _nicPairs[call.NicId].Add(new AddressPair(call.IpAddress!, nic.Mac));
                if (call.ReverseBinding) vip.Add(new AddressPair(nic.Ip, nic.Mac));
                return;
            }
            var subnetVips = _vipPairs.Keys.Where(k => k.StartsWith(nic.Subnet + "/", StringComparison.Ordinal))
                .Select(k => k.Substring(nic.Subnet.Length + 1)).ToHashSet();
            _nicPairs[call.NicId].RemoveWhere(p => subnetVips.Contains(p.IpAddress));
            foreach (var (key, pairs) in _vipPairs)
                if (key.StartsWith(nic.Subnet + "/", StringComparison.Ordinal)) pairs.Remove(new AddressPair(nic.Ip, nic.Mac));
        }

        /// <summary>The addresses the NIC's allowed_address_pairs hold now in the model: what its next unbind removes.</summary>
        public IReadOnlyCollection<string> NicAddresses(string nicId) => _nicPairs[nicId].Select(p => p.IpAddress).ToHashSet();

        public Dictionary<string, HashSet<AddressPair>> Expected()
        {
            var expected = new Dictionary<string, HashSet<AddressPair>>();
            foreach (var (nic, pairs) in _nicPairs) expected["nic " + nic] = pairs;
            foreach (var (vip, pairs) in _vipPairs) expected["vip " + vip] = pairs;
            return expected;
        }

        public HashSet<AddressPair> Actual(string port)
        {
            if (port.StartsWith("nic ", StringComparison.Ordinal))
                return _host.AllowedAddressPairs(port.Substring(4)).ToHashSet();
            var key = port.Substring(4);
            var slash = key.IndexOf('/');
            var vip = _host.State.FindVirtualIp(key.Substring(0, slash), key.Substring(slash + 1));
            return vip is null ? new HashSet<AddressPair>() : vip.AllowedAddressPairs.ToHashSet();
        }

        public List<string> Differences()
        {
            var wrong = new List<string>();
            foreach (var (port, pairs) in Expected())
            {
                var actual = Actual(port);
                if (!actual.SetEquals(pairs))
                    wrong.Add($"{port}: expected [{Format(pairs)}], found [{Format(actual)}]");
            }
            return wrong;
        }

        private static string VipKey(string subnet, string ip) => subnet + "/" + ip;

        private static string Format(IEnumerable<AddressPair> pairs) => string.Join(", ", pairs.Select(p => p.IpAddress).OrderBy(p => p, StringComparer.Ordinal));
    }
}
