using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Bulk;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Bulk;

/// <summary>
/// The prepare stage of <see cref="BulkOperation{TIn,TOut}"/> (reads before posting, gated by the test, so no timing is
/// involved) and the keys <see cref="VirtualIpPreparation"/> gives an unbind from what it read.
/// </summary>
public sealed class BulkPreparationTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Calls_reach_the_runner_in_input_order_whichever_read_ends_first()
    {
        var reads = new GatedReads();
        var admitted = new ConcurrentQueue<int>();
        var sink = new RecordingSink();
        using var operation = Operation(sink, 3, reads, id => id % 2 == 1, admitted);

        for (var id = 0; id < 8; id++) operation.Post(id);
        await reads.WhenStarted(1, 3, 5);
        Assert.Equal(new[] { 0 }, admitted);

        // Read 7 starts in the slot read 5 frees, after the operation has handed on what is ready: nothing, as 1 is not.
        reads.Release(5);
        await reads.WhenStarted(7);
        Assert.Equal(new[] { 0 }, admitted);
        reads.Release(3);
        reads.Release(7);
        reads.Release(1);
        await operation.CompleteAsync().WaitAsync(HangGuard);

        Assert.Equal(Enumerable.Range(0, 8), admitted);
        Assert.Equal(new object[] { "0", "read 1", "2", "read 3", "4", "read 5", "6", "read 7" }, sink.Outputs);
    }

    [Fact]
    public async Task At_most_the_throttle_limit_of_reads_run_at_once_and_they_start_in_input_order()
    {
        var reads = new GatedReads();
        var sink = new RecordingSink();
        using var operation = Operation(sink, 2, reads, _ => true, new ConcurrentQueue<int>());

        for (var id = 0; id < 5; id++) operation.Post(id);
        await reads.WhenStarted(0, 1);
        Assert.Equal(new[] { 0, 1 }, reads.StartOrder.OrderBy(id => id));
        // Each freed slot goes to the first call still waiting for one.
        for (var id = 2; id < 5; id++)
        {
            reads.Release(id - 2);
            await reads.WhenStarted(id);
            Assert.Equal(id, reads.StartOrder[^1]);
        }
        reads.Release(3);
        reads.Release(4);
        await operation.CompleteAsync().WaitAsync(HangGuard);

        Assert.Equal(2, reads.MaxConcurrent);
        Assert.Equal(5, sink.Outputs.Count);
    }

    [Fact]
    public async Task A_read_that_fails_posts_the_call_as_it_came()
    {
        var reads = new GatedReads();
        var sink = new RecordingSink();
        using var operation = Operation(sink, 4, reads, _ => true, new ConcurrentQueue<int>());

        operation.Post(0);
        operation.Post(1);
        reads.Fail(0, new EcsApiException(500, "SYS.5000", "boom", null, "ShowPort", "0"));
        reads.Release(1);
        await operation.CompleteAsync().WaitAsync(HangGuard);

        Assert.Equal(new object[] { "0", "read 1" }, sink.Outputs);
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Cancelling_while_reads_wait_reports_every_call_as_cancelled_and_completes()
    {
        var reads = new GatedReads();
        var sink = new RecordingSink();
        using var operation = Operation(sink, 1, reads, _ => true, new ConcurrentQueue<int>());

        for (var id = 0; id < 3; id++) operation.Post(id);
        await reads.WhenStarted(0);
        operation.Cancel();
        await operation.CompleteAsync().WaitAsync(HangGuard);

        Assert.Empty(sink.Outputs);
        Assert.Equal(3, sink.Errors.Count);
        Assert.All(sink.Errors, e => Assert.IsAssignableFrom<OperationCanceledException>(e.Error));
    }

    [Fact]
    public void An_unbind_read_before_posting_holds_its_nic_and_the_virtual_ips_its_port_names_with_the_subnet_scopes_shared()
    {
        var preparation = new VirtualIpPreparation(OfflineClient(), NullEcsLogger.Instance);
        var call = Read(VirtualIpCall.Unbind(TestClients.NicId, null, "t"), "192.168.0.10", "192.168.0.11");

        var admitted = preparation.Admit(call);

        Assert.Equal(new[]
        {
            "nic:" + TestClients.NicId,
            "subnet-vips:* (shared)",
            "subnet-vips:" + TestClients.SubnetId + " (shared)",
            "vip:" + TestClients.SubnetId + "/192.168.0.10",
            "vip:" + TestClients.SubnetId + "/192.168.0.11",
        }, admitted.Keys.Select(k => k.ToString()));
        Assert.False(admitted.ReadAgain);
        Assert.Same(call.ReadPort, admitted.ReadPort);
    }

    [Fact]
    public void An_unbind_after_a_bind_of_its_nic_in_the_same_operation_holds_that_virtual_ip_too_and_reads_again()
    {
        var preparation = new VirtualIpPreparation(OfflineClient(), NullEcsLogger.Instance);
        preparation.Admit(VirtualIpCall.Bind(TestClients.NicId, TestClients.SubnetId, "192.168.0.20", true, "b"));
        preparation.Admit(VirtualIpCall.Bind(TestClients.NicId2, TestClients.SubnetId, "192.168.0.21", true, "other NIC"));

        var admitted = preparation.Admit(Read(VirtualIpCall.Unbind(TestClients.NicId, null, "u"), "192.168.0.10"));

        var keys = admitted.Keys.Select(k => k.ToString()).ToList();
        Assert.Contains("vip:" + TestClients.SubnetId + "/192.168.0.10", keys);
        Assert.Contains("vip:" + TestClients.SubnetId + "/192.168.0.20", keys);
        Assert.DoesNotContain("vip:" + TestClients.SubnetId + "/192.168.0.21", keys);
        Assert.True(admitted.ReadAgain);
    }

    [Fact]
    public void A_second_unbind_of_one_nic_reads_again_since_the_first_may_have_run_after_its_read()
    {
        var preparation = new VirtualIpPreparation(OfflineClient(), NullEcsLogger.Instance);

        Assert.False(preparation.Admit(Read(VirtualIpCall.Unbind(TestClients.NicId, null, "u1"), "192.168.0.10")).ReadAgain);
        Assert.True(preparation.Admit(Read(VirtualIpCall.Unbind(TestClients.NicId, null, "u2"), "192.168.0.10")).ReadAgain);
    }

    [Theory]
    [InlineData("1.1.1.1/0")]
    [InlineData("192.168.0.0/24")]
    [InlineData("10.1")]
    public void A_pair_that_is_not_one_address_keeps_the_subnet_wide_keys_of_the_subnet_read(string pair)
    {
        var preparation = new VirtualIpPreparation(OfflineClient(), NullEcsLogger.Instance);

        var admitted = preparation.Admit(Read(VirtualIpCall.Unbind(TestClients.NicId, null, "u"), "192.168.0.10", pair));

        Assert.Equal(BulkKeys.ForUnbind(TestClients.NicId, TestClients.SubnetId), admitted.Keys);
    }

    [Fact]
    public void An_unbind_that_could_not_be_read_keeps_the_keys_of_its_input()
    {
        var preparation = new VirtualIpPreparation(OfflineClient(), NullEcsLogger.Instance);
        var call = VirtualIpCall.Unbind(TestClients.NicId, null, "u");

        var admitted = preparation.Admit(call);

        Assert.Equal(BulkKeys.ForUnbind(TestClients.NicId), admitted.Keys);
        Assert.True(admitted.ReadAgain);
        Assert.False(VirtualIpPreparation.NeedsRead(VirtualIpCall.Bind(TestClients.NicId, TestClients.SubnetId, "192.168.0.10", true, "b")));
        Assert.False(VirtualIpPreparation.NeedsRead(call.Through(VirtualIpApi.Vpc)));
        Assert.True(VirtualIpPreparation.NeedsRead(call));
    }

    private static VirtualIpCall Read(VirtualIpCall call, params string[] pairs) =>
        call.Prepared(call.Keys, new VpcPort("cn-north-4", call.NicId, null, TestClients.SubnetId, new[] { "192.168.0.5" },
            Array.Empty<string>(), "fa:16:3e:00:00:01", "ACTIVE", TestClients.ServerId, "compute:az1", Array.Empty<string>(),
            pairs.Select(p => new PortAddressPair(p, "fa:16:3e:00:00:01")).ToArray()), readAgain: true);

    private static EcsClient OfflineClient() =>
        new(new EcsClientOptions { Endpoint = TestClients.FakeEndpoint, ProjectId = TestClients.ProjectId },
            new FixedCredentialProvider(TestClients.Permanent()));

    // Calls are ints; a read turns call n into -n - 1, so the output says whether the posted call was the one read.
    private static BulkOperation<int, string> Operation(RecordingSink sink, int throttleLimit, GatedReads reads, Func<int, bool> needsRead,
        ConcurrentQueue<int> admitted) =>
        new(sink, "Testing", "calls", new BulkOptions { ThrottleLimit = throttleLimit },
            o => new BulkRunner<int, string>((n, _) => Task.FromResult(n < 0 ? "read " + (-n - 1) : n.ToString()),
                n => new[] { BulkKey.Exclusive("k" + (n < 0 ? -n - 1 : n)) }, o, CancellationToken.None),
            n => n, (output, s) => s.Output(output),
            new BulkPreparation<int>(needsRead, reads.ReadAsync, n =>
            {
                admitted.Enqueue(n < 0 ? -n - 1 : n);
                return n;
            }, CancellationToken.None));

    private sealed class GatedReads
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource<bool>> _gates = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource<bool>> _started = new();
        private readonly ConcurrentQueue<int> _startOrder = new();
        private int _current;
        private int _max;

        public int MaxConcurrent => Volatile.Read(ref _max);

        public IReadOnlyList<int> StartOrder => _startOrder.ToArray();

        public void Release(int id) => Tcs(_gates, id).TrySetResult(true);

        public void Fail(int id, Exception error) => Tcs(_gates, id).TrySetException(error);

        public Task WhenStarted(params int[] ids) => Task.WhenAll(ids.Select(id => Tcs(_started, id).Task)).WaitAsync(HangGuard);

        public async Task<int> ReadAsync(int id, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _current);
            int max;
            while (now > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, max) != max)
            {
            }
            _startOrder.Enqueue(id);
            Tcs(_started, id).TrySetResult(true);
            try
            {
                await Tcs(_gates, id).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                return -id - 1;
            }
            finally
            {
                Interlocked.Decrement(ref _current);
            }
        }

        private static TaskCompletionSource<bool> Tcs(ConcurrentDictionary<int, TaskCompletionSource<bool>> map, int id) =>
            map.GetOrAdd(id, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
