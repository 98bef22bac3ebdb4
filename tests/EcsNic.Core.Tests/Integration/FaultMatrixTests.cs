using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Emulator.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace EcsNic.Core.Tests.Integration;

/// <summary>
/// Every client operation crossed with every emulator fault, over real HTTP. Each cell asserts the specified outcome:
/// idempotent calls and throttled POSTs succeed after a retry; any other failed POST is "outcome unknown", is never
/// repeated, and the emulator holds exactly the jobs it really created. The table is printed and written to
/// fault-matrix.md beside the test assembly.
/// </summary>
public sealed class FaultMatrixTests : IClassFixture<EmulatorFixture>
{
    // The latency cell's delay is far above its per-attempt timeout, and the emulator abandons the delayed request when
    // the client gives up, so the first attempt always times out and nothing is processed late. Every other cell uses a
    // timeout no busy machine reaches, so a slow answer is never mistaken for a fault (and retried once more).
    private static readonly TimeSpan LatencyCellTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LatencyCellDelay = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    private readonly EmulatorFixture _emulator;
    private readonly ITestOutputHelper _output;

    public FaultMatrixTests(EmulatorFixture emulator, ITestOutputHelper output)
    {
        _emulator = emulator;
        _output = output;
    }

    private enum Fault
    {
        Throttle429WithRetryAfter,
        Throttle429,
        ServerError500,
        Unavailable503,
        DropBeforeProcessing,
        DropAfterProcessing,
        LatencyAboveTimeout,
        HtmlBody,
        TruncatedJson,
        ClockOffset20Min,
    }

    private sealed record Operation(string Name, bool IsPost, Func<EcsClient, Ctx, Task> Run);

    private sealed class Ctx
    {
        public string JobId { get; set; } = string.Empty;
    }

    private sealed record Cell(string Operation, Fault Fault, string Expected, string Actual, long Requests, string Jobs, bool Passed, string Detail);

    [Fact]
    public async Task Every_operation_under_every_fault_has_its_specified_outcome()
    {
        var account = _emulator.Account;
        var vipNic = account.Servers[0].Nics[0];
        var secondNic = account.Servers[0].Nics[1];
        var operations = new[]
        {
            new Operation("AssociateServerVirtualIp", false, (c, _) =>
                c.BindVirtualIpAsync(vipNic.PortId, vipNic.SubnetId, "192.168.0.150", true, CancellationToken.None)),
            new Operation("DisassociateServerVirtualIp", false, (c, _) =>
                c.UnbindVirtualIpAsync(vipNic.PortId, CancellationToken.None)),
            new Operation("BatchAddServerNics", true, (c, _) =>
                c.AddServerNicsAsync(account.Servers[1].Id, new[] { new NicSpec { SubnetId = account.Subnet.Id } }, CancellationToken.None)),
            new Operation("BatchDeleteServerNics", true, (c, _) =>
                c.DeleteServerNicsAsync(account.Servers[0].Id, new[] { secondNic.PortId }, CancellationToken.None)),
            new Operation("ListServerInterfaces", false, (c, _) =>
                c.ListServerNicsAsync(account.Servers[0].Id, CancellationToken.None)),
            new Operation("ShowJob", false, (c, ctx) => c.GetJobAsync(ctx.JobId, CancellationToken.None)),
            new Operation("KeystoneListProjects", false, (c, _) => c.GetProjectIdAsync(CancellationToken.None)),
        };

        var cells = new List<Cell>();
        foreach (var operation in operations)
        foreach (var fault in Enum.GetValues<Fault>())
            cells.Add(await RunCell(operation, fault));

        var table = Render(cells);
        _output.WriteLine(table);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fault-matrix.md"), table);

        Assert.Equal(operations.Length * Enum.GetValues<Fault>().Length, cells.Count);
        var failed = cells.Where(c => !c.Passed).Select(c => $"{c.Operation} x {c.Fault}: expected {c.Expected}, got {c.Actual} ({c.Detail})").ToList();
        Assert.True(failed.Count == 0, string.Join(Environment.NewLine, failed));
        Reliability.ReliabilityDoc.AssertSection("fault-matrix", table);
    }

    private async Task<Cell> RunCell(Operation operation, Fault fault)
    {
        var host = _emulator.Host;
        host.Reset();
        host.SetRaceModel(false);
        host.SetJobDuration(TimeSpan.FromMinutes(5));
        EcsClient.ClearProjectIdCache(_emulator.Host.IamBaseUri);
        var ctx = new Ctx();
        var isIam = operation.Name == "KeystoneListProjects";
        var clock = new InstantDelayClock();
        var credentials = new FixedCredentialProvider(
            isIam ? _emulator.Account.CreateCredentials().WithProjectId(null) : _emulator.Account.CreateCredentials());

        if (operation.Name == "ShowJob")
        {
            using var setup = _emulator.Client();
            ctx.JobId = (await setup.AddServerNicsAsync(_emulator.Account.Servers[2].Id,
                new[] { new NicSpec { SubnetId = _emulator.Account.Subnet.Id } }, CancellationToken.None)).JobId;
        }
        var jobsBefore = host.State.GetJobs().Count;
        host.ResetCounters();
        Arm(host, operation.Name, fault);

        using var client = _emulator.Client(clock, credentials, withProjectId: !isIam, configure: o => o.Timeout = fault is Fault.LatencyAboveTimeout ? LatencyCellTimeout : ClientTimeout);
        string actual;
        var detail = string.Empty;
        Exception? error = null;
        try
        {
            await operation.Run(client, ctx);
            actual = "success";
        }
        catch (Exception e)
        {
            error = e;
            actual = e switch
            {
                OutcomeUnknownException => "outcome-unknown",
                EcsApiException api => $"error {api.ErrorCode}",
                _ => e.GetType().Name,
            };
            detail = e.Message;
        }

        // A dropped POST may still be in the emulator's hands for a moment after the client gave up.
        await Task.Delay(50);
        var requests = host.GetCounters().RequestsFor(operation.Name);
        var jobsCreated = host.State.GetJobs().Count - jobsBefore;

        var expectSuccess = !operation.IsPost || fault is Fault.Throttle429 or Fault.Throttle429WithRetryAfter or Fault.ClockOffset20Min;
        var expected = expectSuccess ? "success" : "outcome-unknown";
        var passed = actual == expected;
        string jobs;
        if (operation.IsPost)
        {
            // Exactly the work the emulator really did: one job when the request was processed, none otherwise; never two.
            var processed = expectSuccess || fault is Fault.DropAfterProcessing or Fault.TruncatedJson;
            var mayHaveProcessed = fault is Fault.LatencyAboveTimeout;
            passed &= mayHaveProcessed ? jobsCreated <= 1 : jobsCreated == (processed ? 1 : 0);
            passed &= requests == (expectSuccess ? 2 : 1);
            jobs = jobsCreated.ToString();
        }
        else
        {
            passed &= requests == 2;
            jobs = "-";
        }

        if (fault == Fault.Throttle429WithRetryAfter)
            passed &= clock.Delays.Contains(TimeSpan.FromSeconds(2));
        if (actual == "outcome-unknown")
            passed &= error!.Message.Contains("ListServerNics", StringComparison.Ordinal);
        if (fault is Fault.ServerError500 or Fault.Unavailable503 or Fault.HtmlBody && operation.IsPost)
        {
            var api = (error?.InnerException as EcsApiException) ?? error as EcsApiException;
            passed &= api is not null && !string.IsNullOrEmpty(api.RequestId) && api.StatusCode >= 500;
        }

        return new Cell(operation.Name, fault, expected, actual, requests, jobs, passed, detail);
    }

    private static void Arm(EcsNic.Emulator.EmulatorHost host, string operation, Fault fault)
    {
        switch (fault)
        {
            case Fault.Throttle429WithRetryAfter:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.Throttle, RetryAfterSeconds = 2 });
                break;
            case Fault.Throttle429:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.Throttle });
                break;
            case Fault.ServerError500:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.ServerError });
                break;
            case Fault.Unavailable503:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.ServiceUnavailable });
                break;
            case Fault.DropBeforeProcessing:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.DropBeforeProcessing });
                break;
            case Fault.DropAfterProcessing:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.DropAfterProcessing });
                break;
            case Fault.LatencyAboveTimeout:
                host.AddLatency(new LatencyRule { Operation = operation, Fixed = LatencyCellDelay, Count = 1 });
                break;
            case Fault.HtmlBody:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.HtmlErrorPage });
                break;
            case Fault.TruncatedJson:
                host.AddFault(new FaultRule { Operation = operation, Kind = FaultKind.TruncatedJson });
                break;
            case Fault.ClockOffset20Min:
                host.SetClockOffset(TimeSpan.FromMinutes(20));
                break;
        }
    }

    private static string Render(IReadOnlyList<Cell> cells)
    {
        var faults = Enum.GetValues<Fault>();
        var sb = new StringBuilder();
        sb.AppendLine("| operation | " + string.Join(" | ", faults) + " |");
        sb.AppendLine("|---|" + string.Concat(faults.Select(_ => "---|")));
        foreach (var group in cells.GroupBy(c => c.Operation))
        {
            sb.Append("| ").Append(group.Key).Append(" |");
            foreach (var cell in group)
            {
                var outcome = cell.Actual == "success" ? "ok" : cell.Actual == "outcome-unknown" ? "unknown" : cell.Actual;
                sb.Append(' ').Append(outcome).Append(", ").Append(cell.Requests).Append(" req");
                if (cell.Jobs != "-") sb.Append(", ").Append(cell.Jobs).Append(" job");
                if (!cell.Passed) sb.Append(" **FAIL**");
                sb.Append(" |");
            }
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine($"{cells.Count(c => c.Passed)} of {cells.Count} cells passed. ok = succeeded after retry; unknown = outcome-unknown error, not retried; req = requests the emulator received for the operation; job = jobs the POST really created.");
        return sb.ToString();
    }
}
