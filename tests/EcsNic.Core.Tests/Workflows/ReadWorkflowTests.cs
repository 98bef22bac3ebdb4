using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.Integration;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Workflows;

/// <summary>The read workflows (<see cref="ListServerNics"/>, <see cref="ShowJobs"/>) against the emulator, through a recording sink.</summary>
public sealed class ReadWorkflowTests : IClassFixture<EmulatorFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Well-formed, so the client sends it, and unknown to the emulator.
    private const string UnknownServerId = "00000000-0000-4000-8000-000000000001";
    private const string UnknownJobId = "ff80808288d41e1b0189902609556000";

    private readonly EmulatorFixture _emulator;

    public ReadWorkflowTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Host.Reset();
        _emulator.Host.ClearFaults();
        _emulator.Host.ResetCounters();
    }

    [Fact]
    public async Task Server_nics_come_with_IsPrimary_from_the_server_and_a_server_named_twice_is_listed_once()
    {
        var server = _emulator.Account.Servers[0];
        using var client = _emulator.Client();
        var sink = new EventRecordingSink();
        var list = new ListServerNics(client, sink);

        await list.ListAsync(server.Id, "first", None);
        await list.ListAsync(server.Id.ToUpperInvariant(), "second", None);

        var nics = sink.Outputs.Cast<ServerNic>().ToArray();
        Assert.Equal(server.Nics.Select(n => n.PortId).OrderBy(i => i), nics.Select(n => n.PortId).OrderBy(i => i));
        Assert.True(nics.Single(n => n.PortId == server.Nics[0].PortId).IsPrimary);
        Assert.All(nics.Where(n => n.PortId != server.Nics[0].PortId), n => Assert.False(n.IsPrimary));
        Assert.Equal(1, _emulator.Host.GetCounters().RequestsFor(Operations.ListServerInterfaces));
        Assert.Equal($"Server {server.Id.ToUpperInvariant()} was already listed by this command; skipped.",
            Assert.Single(sink.Lines(EcsLogLevel.Verbose)));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task A_server_whose_details_cannot_be_read_is_listed_with_IsPrimary_empty_and_a_warning()
    {
        var server = _emulator.Account.Servers[1];
        _emulator.Host.AddFault(new FaultRule { Operation = Operations.ShowServer, Kind = FaultKind.HtmlErrorPage, Count = null });
        using var client = _emulator.Client();
        var sink = new EventRecordingSink();

        await new ListServerNics(client, sink).ListAsync(server.Id, server.Id, None);

        var nics = sink.Outputs.Cast<ServerNic>().ToArray();
        Assert.Equal(server.Nics.Count, nics.Length);
        Assert.All(nics, n => Assert.Null(n.IsPrimary));
        var warning = Assert.Single(sink.Lines(EcsLogLevel.Warning));
        Assert.StartsWith($"Could not read which NIC of server {server.Id} is the primary one (", warning, StringComparison.Ordinal);
        Assert.EndsWith("); IsPrimary is left empty.", warning, StringComparison.Ordinal);
        // The warning comes before the records it explains.
        Assert.Equal("Log", sink.Events[0].Kind);
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task An_unknown_server_is_one_error_about_its_target_and_the_next_server_is_still_listed()
    {
        var server = _emulator.Account.Servers[0];
        var row = new object();
        using var client = _emulator.Client();
        var sink = new EventRecordingSink();
        var list = new ListServerNics(client, sink);

        await list.ListAsync(UnknownServerId, row, None);
        await list.ListAsync(server.Id, server.Id, None);

        var error = Assert.Single(sink.Errors);
        Assert.Same(row, error.Target);
        Assert.IsAssignableFrom<EcsException>(error.Item);
        Assert.Equal("Error", sink.Events[0].Kind);
        Assert.Equal(server.Nics.Count, sink.Outputs.Count);
    }

    [Fact]
    public async Task A_job_is_read_once_and_an_unknown_job_is_an_error_about_its_target()
    {
        var server = _emulator.Account.Servers[2];
        using var client = _emulator.Client();
        var submitted = await client.AddServerNicsAsync(server.Id, new[] { new NicSpec { SubnetId = _emulator.Account.Subnet.Id } }, None);
        _emulator.Host.ResetCounters();
        var sink = new EventRecordingSink();
        var jobs = new ShowJobs(client, sink);

        await jobs.ShowAsync(UnknownJobId, "row", None);
        await jobs.ShowAsync(submitted.JobId, submitted.JobId, None);

        Assert.Equal("row", Assert.Single(sink.Errors).Target);
        Assert.Equal(submitted.JobId, Assert.IsType<EcsJob>(Assert.Single(sink.Outputs)).JobId);
        Assert.Equal(new[] { "Error", "Output" }, sink.Events.Select(e => e.Kind));
        Assert.Equal(2, _emulator.Host.GetCounters().RequestsFor(Operations.ShowJob));
    }
}
