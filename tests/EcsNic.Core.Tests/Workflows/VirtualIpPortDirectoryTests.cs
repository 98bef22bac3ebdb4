using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Workflows;

/// <summary>
/// <see cref="VirtualIpPortDirectory"/>: the lookups that arrive while a read runs share the next read, one ListPorts of
/// the subnet; a lone lookup, or a subnet too long to list, reads each address. Reads are held by a gate, not by time.
/// </summary>
public sealed class VirtualIpPortDirectoryTests
{
    private const string Subnet = "11111111-1111-4111-8111-111111111111";
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Lookups_that_arrive_during_a_read_share_one_list_of_the_subnet()
    {
        var ports = new FakePorts(Enumerable.Range(1, 11).Select(i => VipPort($"10.0.0.{i}")));
        var directory = new VirtualIpPortDirectory(ports.ListAsync, new CapturingLogger(), CancellationToken.None, maxReadsPerSubnet: 1);

        var first = directory.FindAsync(Subnet, "10.0.0.1");
        var firstRead = await ports.NextRead();
        var later = Enumerable.Range(2, 10).Select(i => directory.FindAsync(Subnet, $"10.0.0.{i}")).ToArray();
        firstRead.Release();
        (await ports.NextRead()).Release();

        Assert.Equal("port-10.0.0.1", await first.WaitAsync(Hang));
        for (var i = 0; i < later.Length; i++) Assert.Equal($"port-10.0.0.{i + 2}", await later[i].WaitAsync(Hang));
        Assert.Collection(ports.Filters,
            f => Assert.Equal(("10.0.0.1", Subnet, VpcPort.VirtualIpOwner), (f.FixedIpAddress, f.NetworkId, f.DeviceOwner)),
            f => Assert.Equal(((string?)null, Subnet, VpcPort.VirtualIpOwner), (f.FixedIpAddress, f.NetworkId, f.DeviceOwner)));
    }

    [Fact]
    public async Task A_lookup_starts_its_own_read_while_fewer_than_the_limit_run_and_waits_for_one_after()
    {
        var ports = new FakePorts(Enumerable.Range(1, 4).Select(i => VipPort($"10.0.0.{i}")));
        var directory = new VirtualIpPortDirectory(ports.ListAsync, new CapturingLogger(), CancellationToken.None, maxReadsPerSubnet: 2);

        var first = directory.FindAsync(Subnet, "10.0.0.1");
        var firstRead = await ports.NextRead();
        var second = directory.FindAsync(Subnet, "10.0.0.2");
        var secondRead = await ports.NextRead();
        var waiting = new[] { directory.FindAsync(Subnet, "10.0.0.3"), directory.FindAsync(Subnet, "10.0.0.4") };
        firstRead.Release();
        Assert.Equal("port-10.0.0.1", await first.WaitAsync(Hang));
        (await ports.NextRead()).Release();
        Assert.Equal(new[] { "port-10.0.0.3", "port-10.0.0.4" }, await Task.WhenAll(waiting).WaitAsync(Hang));
        secondRead.Release();

        Assert.Equal("port-10.0.0.2", await second.WaitAsync(Hang));
        Assert.Equal(new[] { "10.0.0.1", "10.0.0.2", null }, ports.Filters.Select(f => f.FixedIpAddress).ToArray());
    }

    [Fact]
    public async Task Each_address_is_read_once_and_shared_by_the_NICs_bound_to_it()
    {
        var ports = new FakePorts(new[] { VipPort("10.0.0.5") });
        var directory = new VirtualIpPortDirectory(ports.ListAsync, new CapturingLogger(), CancellationToken.None, maxReadsPerSubnet: 1);

        var first = directory.FindAsync(Subnet, "10.0.0.5");
        var second = directory.FindAsync(Subnet, "10.0.0.5");
        (await ports.NextRead()).Release();

        Assert.Equal("port-10.0.0.5", await first.WaitAsync(Hang));
        Assert.Equal("port-10.0.0.5", await second.WaitAsync(Hang));
        Assert.Equal("port-10.0.0.5", await directory.FindAsync(Subnet, "10.0.0.5").WaitAsync(Hang));
        Assert.Single(ports.Filters);
    }

    [Fact]
    public async Task A_subnet_whose_list_is_too_long_is_read_address_by_address_afterwards()
    {
        var many = Enumerable.Range(0, VirtualIpPortDirectory.MaxListedPorts + 1).Select(i => VipPort($"10.1.{i / 250}.{i % 250 + 1}"));
        var ports = new FakePorts(many);
        var directory = new VirtualIpPortDirectory(ports.ListAsync, new CapturingLogger(), CancellationToken.None, maxReadsPerSubnet: 1);

        var lone = directory.FindAsync(Subnet, "10.1.0.1");
        var held = await ports.NextRead();
        var pair = new[] { directory.FindAsync(Subnet, "10.1.0.2"), directory.FindAsync(Subnet, "10.1.0.3") };
        held.Release();
        (await ports.NextRead()).Release(); // the whole list: two lookups waited
        await Task.WhenAll(pair).WaitAsync(Hang);
        var next = directory.FindAsync(Subnet, "10.1.0.4");
        held = await ports.NextRead();
        var nextPair = new[] { directory.FindAsync(Subnet, "10.1.0.5"), directory.FindAsync(Subnet, "10.1.0.6") };
        held.Release();
        (await ports.NextRead()).Release();
        (await ports.NextRead()).Release();

        Assert.Equal("port-10.1.0.1", await lone.WaitAsync(Hang));
        Assert.Equal(new[] { "port-10.1.0.5", "port-10.1.0.6" }, await Task.WhenAll(nextPair).WaitAsync(Hang));
        Assert.Equal("port-10.1.0.4", await next.WaitAsync(Hang));
        Assert.Equal(new[] { "10.1.0.1", null, "10.1.0.4", "10.1.0.5", "10.1.0.6" },
            ports.Filters.Select(f => f.FixedIpAddress).OrderBy(ip => ip is null ? "10.1.0.2" : ip, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_failed_read_names_no_port_and_says_why_for_each_address()
    {
        var ports = new FakePorts(Array.Empty<VpcPort>());
        var log = new CapturingLogger();
        var directory = new VirtualIpPortDirectory(ports.ListAsync, log, CancellationToken.None, maxReadsPerSubnet: 1);

        var first = directory.FindAsync(Subnet, "10.0.0.1");
        var held = await ports.NextRead();
        var later = new[] { directory.FindAsync(Subnet, "10.0.0.2"), directory.FindAsync(Subnet, "10.0.0.3") };
        held.Fail(new EcsApiException(500, "SYS.5000", "boom", null, "ListPorts"));
        (await ports.NextRead()).Fail(new EcsApiException(500, "SYS.5000", "boom again", null, "ListPorts"));

        Assert.Null(await first.WaitAsync(Hang));
        Assert.Equal(new string?[] { null, null }, await Task.WhenAll(later).WaitAsync(Hang));
        var lines = log.At(EcsLogLevel.Verbose);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("The port of virtual IP 10.0.0.1 (subnet " + Subnet + ") could not be read", StringComparison.Ordinal) && l.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("virtual IP 10.0.0.3 ", StringComparison.Ordinal) && l.Contains("boom again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_no_port_holds_is_answered_with_none()
    {
        var ports = new FakePorts(new[] { VipPort("10.0.0.1") });
        var directory = new VirtualIpPortDirectory(ports.ListAsync, new CapturingLogger(), CancellationToken.None, maxReadsPerSubnet: 1);

        var first = directory.FindAsync(Subnet, "10.0.0.1");
        var held = await ports.NextRead();
        var missing = new[] { directory.FindAsync(Subnet, "10.0.0.8"), directory.FindAsync(Subnet, "10.0.0.9") };
        held.Release();
        (await ports.NextRead()).Release();

        Assert.Equal("port-10.0.0.1", await first.WaitAsync(Hang));
        Assert.Equal(new string?[] { null, null }, await Task.WhenAll(missing).WaitAsync(Hang));
    }

    [Fact]
    public async Task A_cancelled_operation_cancels_the_waiting_lookups()
    {
        using var cancel = new CancellationTokenSource();
        var ports = new FakePorts(new[] { VipPort("10.0.0.1") });
        var directory = new VirtualIpPortDirectory(ports.ListAsync, new CapturingLogger(), cancel.Token, maxReadsPerSubnet: 1);

        var first = directory.FindAsync(Subnet, "10.0.0.1");
        var held = await ports.NextRead();
        cancel.Cancel();
        held.Fail(new OperationCanceledException(cancel.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Hang));
    }

    private static VpcPort VipPort(string ip) => new(null, "port-" + ip, null, Subnet, new[] { ip }, Array.Empty<string>(), null,
        "ACTIVE", null, VpcPort.VirtualIpOwner, Array.Empty<string>(), Array.Empty<PortAddressPair>());

    // ListPorts over a fixed set of ports; each read waits until the test releases or fails it.
    private sealed class FakePorts
    {
        private readonly VpcPort[] _ports;
        private readonly ReadQueue _reads = new();

        public FakePorts(IEnumerable<VpcPort> ports) => _ports = ports.ToArray();

        public ConcurrentQueue<PortFilter> Filters { get; } = new();

        public async Task<IReadOnlyList<VpcPort>> ListAsync(PortFilter filter, CancellationToken cancellationToken)
        {
            Filters.Enqueue(filter);
            var read = new HeldRead();
            _reads.Add(read);
            await read.Gate.Task.ConfigureAwait(false);
            return _ports.Where(p => filter.FixedIpAddress is null || p.FixedIps.Contains(filter.FixedIpAddress)).ToArray();
        }

        public Task<HeldRead> NextRead() => _reads.TakeAsync().WaitAsync(Hang);
    }

    private sealed class HeldRead
    {
        public TaskCompletionSource<bool> Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Gate.SetResult(true);

        public void Fail(Exception ex) => Gate.SetException(ex);
    }

    private sealed class ReadQueue
    {
        private readonly System.Threading.Channels.Channel<HeldRead> _inner = System.Threading.Channels.Channel.CreateUnbounded<HeldRead>();

        public void Add(HeldRead read) => _inner.Writer.TryWrite(read);

        public Task<HeldRead> TakeAsync() => _inner.Reader.ReadAsync().AsTask();
    }
}
