using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace EcsNic.Core.Tests.Reliability;

/// <summary>
/// Parallel drains: bulk unbinds through the operation the cmdlets run (<see cref="VirtualIpBulk.CreateOperation"/>),
/// against the emulator's read-modify-write race model. Overlap is shown by a transport that holds unbinds until several
/// are in flight at once (never by timing); every run checks the exact final pairs of every port against a sequential
/// model, and the same drain with keys that name no virtual IP loses pairs, so the check can fail.
/// </summary>
public sealed class DrainTests
{
    private const int Servers = 12;
    private const int VipsPerPair = 3;
    private const int Overlap = 4;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private readonly ITestOutputHelper _output;

    public DrainTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Draining_NICs_bound_in_HA_pairs_runs_unbinds_at_once_and_leaves_no_pair(bool subnetKnown)
    {
        await using var host = await StartAsync();
        var (nics, model) = await BindPairsAsync(host);
        using var gate = new UnbindGate(Overlap);
        using var client = Client(host, gate);
        var removes = nics.ToDictionary(n => n, model.NicAddresses);
        host.ResetCounters();

        var calls = nics.Select(n => VirtualIpCall.Unbind(n, subnetKnown ? host.Account.Subnet.Id : null, n)).ToList();
        var sink = await RunOperationAsync(client, calls);
        foreach (var call in calls) model.Apply(call);

        Assert.Empty(sink.Errors);
        Assert.Equal(nics, Bindings(sink).Select(b => b.NicId));
        Assert.All(Bindings(sink), b =>
        {
            Assert.Equal(VirtualIpAction.Unbound, b.Action);
            Assert.Equal(removes[b.NicId].OrderBy(a => a), b.RemovedIpAddresses.OrderBy(a => a));
        });
        Assert.Empty(model.Differences());
        _output.WriteLine($"at most {gate.MaxInFlight} unbinds in flight at once");
        Assert.True(gate.MaxInFlight >= Overlap, $"at most {gate.MaxInFlight} unbinds ran at once: the drain was serialised");
        // One read and one update per NIC, as before the reads moved ahead of the calls.
        var counters = host.GetCounters();
        Assert.Equal(Servers, counters.RequestsFor(Operations.ShowPort));
        Assert.Equal(Servers, counters.RequestsFor(Operations.DisassociateServerVirtualIp));
    }

    [Fact]
    public async Task The_same_drain_with_keys_that_name_no_virtual_ip_leaves_pairs_behind()
    {
        await using var host = await StartAsync();
        var (nics, model) = await BindPairsAsync(host);
        using var client = Client(host, null);

        var calls = nics.Select(n => VirtualIpCall.Unbind(n, host.Account.Subnet.Id, n)).ToList();
        using (var runner = new BulkRunner<VirtualIpCall, VirtualIpBinding>((call, ct) => client.UnbindVirtualIpAsync(call.NicId, ct),
                   call => new[] { BulkKey.Exclusive(BulkKeys.Nic(call.NicId)) },
                   new BulkOptions { ThrottleLimit = 16 }, CancellationToken.None))
        {
            foreach (var call in calls) runner.Post(call);
            var results = await runner.DrainAsync();
            Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        }
        foreach (var call in calls) model.Apply(call);

        var wrong = model.Differences();
        _output.WriteLine(string.Join(Environment.NewLine, wrong));
        Assert.NotEmpty(wrong);
    }

    [Fact]
    public async Task Mixed_binds_and_unbinds_of_the_same_nics_end_in_the_exact_state_and_name_what_each_unbind_removed()
    {
        await using var host = await StartAsync();
        var (nics, model) = await BindPairsAsync(host);
        using var client = Client(host, null);
        var subnet = host.Account.Subnet.Id;
        var random = new Random(16);
        var calls = new List<VirtualIpCall>();
        var expectedRemoved = new Dictionary<VirtualIpCall, string[]>();
        for (var i = 0; i < 60; i++)
        {
            var nic = nics[random.Next(nics.Count)];
            var call = random.Next(3) == 0
                ? VirtualIpCall.Unbind(nic, random.Next(2) == 0 ? subnet : null, nic)
                : VirtualIpCall.Bind(nic, subnet, "192.168.0." + (230 + random.Next(6)), random.Next(4) != 0, nic);
            if (!call.IsBind) expectedRemoved[call] = model.NicAddresses(nic).OrderBy(a => a, StringComparer.Ordinal).ToArray();
            model.Apply(call);
            calls.Add(call);
        }

        var sink = await RunOperationAsync(client, calls);

        Assert.Empty(sink.Errors);
        Assert.Equal(calls.Select(c => c.NicId), Bindings(sink).Select(b => b.NicId));
        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i].IsBind) continue;
            Assert.Equal(expectedRemoved[calls[i]], Bindings(sink)[i].RemovedIpAddresses.OrderBy(a => a, StringComparer.Ordinal));
        }
        var wrong = model.Differences();
        _output.WriteLine(string.Join(Environment.NewLine, wrong));
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task An_unbind_read_before_an_earlier_bind_of_its_nic_ran_reads_again_and_removes_that_bind_too()
    {
        await using var host = await StartAsync();
        var (nics, model) = await BindPairsAsync(host);
        var nic = nics[0];
        const string vip = "192.168.0.240";
        // The bind is held until the unbind's read before posting has been answered, so that read cannot show it.
        using var gate = new BindAfterReadGate(nic);
        using var client = Client(host, gate);
        var calls = new[]
        {
            VirtualIpCall.Bind(nic, host.Account.Subnet.Id, vip, true, nic),
            VirtualIpCall.Unbind(nic, null, nic),
        };
        var removed = model.NicAddresses(nic).Append(vip).OrderBy(a => a, StringComparer.Ordinal).ToArray();
        foreach (var call in calls) model.Apply(call);

        var sink = await RunOperationAsync(client, calls);

        Assert.Empty(sink.Errors);
        Assert.Equal(2, gate.Reads);
        Assert.Equal(removed, Bindings(sink)[1].RemovedIpAddresses.OrderBy(a => a, StringComparer.Ordinal));
        Assert.Empty(model.Differences());
    }

    [Fact]
    public async Task An_unbind_of_a_nic_the_vpc_api_does_not_know_reports_the_unbinds_own_error_and_the_rest_go_on()
    {
        await using var host = await StartAsync();
        var (nics, model) = await BindPairsAsync(host);
        using var client = Client(host, null);
        const string unknown = "0f0f0f0f-0000-4000-8000-000000000000";
        var calls = new[] { VirtualIpCall.Unbind(nics[0], null, nics[0]), VirtualIpCall.Unbind(unknown, null, unknown), VirtualIpCall.Unbind(nics[1], null, nics[1]) };
        model.Apply(calls[0]);
        model.Apply(calls[2]);

        var sink = await RunOperationAsync(client, calls);

        var (error, target) = Assert.Single(sink.Errors);
        Assert.Equal(unknown, target);
        Assert.IsAssignableFrom<EcsApiException>(error);
        Assert.Equal(new[] { nics[0], nics[1] }, Bindings(sink).Select(b => b.NicId));
        Assert.Empty(model.Differences());
    }

    [Fact]
    public async Task A_failed_read_before_posting_falls_back_to_the_subnet_wide_keys_and_the_unbind_still_runs()
    {
        await using var host = await StartAsync();
        var (nics, model) = await BindPairsAsync(host);
        host.AddFault(new FaultRule { Operation = Operations.ShowPort, Kind = FaultKind.ServerError, StatusCode = 400, Count = 1 });
        using var client = Client(host, null);
        var calls = nics.Take(4).Select(n => VirtualIpCall.Unbind(n, null, n)).ToList();
        foreach (var call in calls) model.Apply(call);

        var sink = await RunOperationAsync(client, calls);

        Assert.Empty(sink.Errors);
        Assert.Equal(calls.Select(c => c.NicId), Bindings(sink).Select(b => b.NicId));
        Assert.All(Bindings(sink), b => Assert.Equal(VirtualIpAction.Unbound, b.Action));
        Assert.Contains(sink.Lines, l => l.Contains("could not be read before its turn", StringComparison.Ordinal));
        Assert.Empty(model.Differences());
    }

    private static IReadOnlyList<VirtualIpBinding> Bindings(RecordingSink sink) => sink.Outputs.Cast<VirtualIpBinding>().ToList();

    private static async Task<RecordingSink> RunOperationAsync(EcsClient client, IReadOnlyList<VirtualIpCall> calls)
    {
        var sink = new RecordingSink();
        using var operation = VirtualIpBulk.CreateOperation(client, sink, "Unbinding virtual IPs",
            new BulkOptions { ThrottleLimit = 16, Coordinator = new BulkKeyCoordinator() }, CancellationToken.None);
        foreach (var call in calls) operation.Post(call);
        await operation.CompleteAsync().WaitAsync(HangGuard);
        return sink;
    }

    /// <summary>NICs 2i and 2i+1 form HA pair i, both reverse-bound to the pair's three virtual IPs 192.168.0.(150 + 3i + j).</summary>
    private static async Task<(List<string> Nics, RaceTests.PairModel Model)> BindPairsAsync(EmulatorHost host)
    {
        var subnet = host.Account.Subnet.Id;
        var nics = host.Account.Servers.Select(s => s.Nics[0].PortId).ToList();
        var model = new RaceTests.PairModel(host);
        using var setup = Client(host, null);
        for (var n = 0; n < nics.Count; n++)
        for (var j = 0; j < VipsPerPair; j++)
        {
            var call = VirtualIpCall.Bind(nics[n], subnet, "192.168.0." + (150 + VipsPerPair * (n / 2) + j), true, "setup");
            await setup.BindVirtualIpAsync(call.NicId, subnet, call.IpAddress!, true, CancellationToken.None);
            model.Apply(call);
        }
        Assert.Empty(model.Differences());
        return (nics, model);
    }

    private static async Task<EmulatorHost> StartAsync() => await EmulatorHost.StartAsync(new EmulatorOptions
    {
        ServerCount = Servers,
        RaceModelEnabled = true,
        RacePause = TimeSpan.FromMilliseconds(25),
    });

    private static EcsClient Client(EmulatorHost host, HttpMessageHandler? transport) => new(new EcsClientOptions
    {
        Region = host.Account.Region,
        Endpoint = host.BaseUri,
        IamEndpoint = host.IamBaseUri,
        ProjectId = host.Account.ProjectId,
        Timeout = HangGuard,
        Transport = transport,
    }, new FixedCredentialProvider(host.Account.CreateCredentials()));

    /// <summary>The socket transport, classifying the client's requests by what the emulator would make of them.</summary>
    private abstract class ClassifyingTransport : DelegatingHandler
    {
        protected ClassifyingTransport()
            : base(new SocketsHttpHandler())
        {
        }

        protected static bool IsUnbind(HttpRequestMessage request, string? body) =>
            request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/cloudservers/nics/", StringComparison.Ordinal) &&
            body is not null && body.Contains("\"ip_address\":\"\"", StringComparison.Ordinal);

        protected static bool IsBind(HttpRequestMessage request, string? body) =>
            request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/cloudservers/nics/", StringComparison.Ordinal) &&
            !IsUnbind(request, body);

        protected static bool IsShowPort(HttpRequestMessage request, string portId) =>
            request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/ports/" + portId, StringComparison.Ordinal);

        protected static async Task<string?> BodyOf(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Holds every unbind until <c>overlap</c> of them are in flight at once, then lets all through; a serialised drain
    /// never gets there, so after a long guard it lets them through and <see cref="MaxInFlight"/> tells.
    /// </summary>
    private sealed class UnbindGate : ClassifyingTransport
    {
        private readonly int _overlap;
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _max;

        public UnbindGate(int overlap)
        {
            _overlap = overlap;
        }

        public int MaxInFlight => Volatile.Read(ref _max);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!IsUnbind(request, await BodyOf(request, cancellationToken).ConfigureAwait(false)))
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var now = Interlocked.Increment(ref _inFlight);
            int max;
            while (now > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, max) != max)
            {
            }
            if (now >= _overlap) _open.TrySetResult();
            try
            {
                await Task.WhenAny(_open.Task, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken)).ConfigureAwait(false);
                _open.TrySetResult();
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>Holds binds of one NIC until a read of its port has been answered; counts the reads of that port.</summary>
    private sealed class BindAfterReadGate : ClassifyingTransport
    {
        private readonly string _nicId;
        private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public BindAfterReadGate(string nicId)
        {
            _nicId = nicId;
        }

        public int Reads => Volatile.Read(ref _reads);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (IsShowPort(request, _nicId))
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _reads);
                _read.TrySetResult();
                return response;
            }
            if (IsBind(request, await BodyOf(request, cancellationToken).ConfigureAwait(false)) &&
                request.RequestUri!.AbsolutePath.EndsWith("/" + _nicId, StringComparison.Ordinal))
                await _read.Task.WaitAsync(HangGuard, cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
