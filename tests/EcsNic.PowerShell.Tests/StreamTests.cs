using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// The verbose, debug, warning and progress streams, observed together with the output in the order the pipeline wrote
/// them: a request's log lines come before the record they produced, each job's bar closes before its record, and the
/// last progress record closes the batch bar after the last output.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class StreamTests
{
    private readonly PowerShellFixture _fixture;

    public StreamTests(PowerShellFixture fixture) => _fixture = fixture;

    private EmulatorProcess Emulator => _fixture.Emulator;

    [Fact]
    public void Each_binds_debug_lines_come_before_its_record_and_the_progress_bar_closes_after_the_last_one()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        // Slow enough that the pipeline waits at the end and shows progress.
        Emulator.AddLatency("AssociateServerVirtualIp", 500);
        var run = ps.Run("""
            $rows = foreach ($nic in $args[0]) { [pscustomobject]@{ NicId = $nic; SubnetId = $args[1]; IpAddress = '192.168.0.190' } }
            $rows | Set-EcsNicVirtualIp -ThrottleLimit 1 -Debug @Connection
            """, nics.Select(n => n.PortId).ToArray(), nics[0].SubnetId).AssertClean();
        var events = run.Events;
        var trace = Describe(events);

        Assert.Equal(nics.Select(n => n.PortId), run.Output.Select(o => (string)o.Properties["NicId"].Value));
        foreach (var nic in nics)
        {
            var put = IndexOf(events, e => e.Stream == "Debug" && Text(e).StartsWith("PUT ", StringComparison.Ordinal) && Text(e).Contains(nic.PortId, StringComparison.Ordinal), trace);
            var answer = IndexOf(events.Skip(put + 1).ToList(), e => e.Stream == "Debug" && Text(e).StartsWith("200 ", StringComparison.Ordinal), trace) + put + 1;
            var output = IndexOf(events, e => e.Stream == "Output" && (string)((PSObject)e.Item).Properties["NicId"].Value == nic.PortId, trace);
            Assert.True(put < answer && answer < output, $"NIC {nic.PortId}: request at {put}, answer at {answer}, record at {output}.\n{trace}");
        }
        var progress = run.Progress;
        Assert.Contains(progress, p => p.Activity == "Binding virtual IPs" && p.RecordType == ProgressRecordType.Processing);
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.True(LastIndex(events, "Output") < LastIndex(events, "Progress"), trace);
        Assert.All(progress.Where(p => p.RecordType == ProgressRecordType.Processing), p => Assert.InRange(p.PercentComplete, 0, 100));
    }

    [Fact]
    public void A_retry_is_told_in_order_request_answer_verbose_retry_request_answer_record()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        Emulator.AddFault("AssociateServerVirtualIp", "throttle");
        var run = ps.Run("Set-EcsNicVirtualIp -NicId $args[0] -SubnetId $args[1] -IpAddress 192.168.0.191 -Verbose -Debug @Connection",
            nic.PortId, nic.SubnetId).AssertClean();
        var trace = Describe(run.Events);

        // From the first PUT on (before it: the ShouldProcess line and the project lookup), progress aside.
        var fromFirstPut = run.Events.SkipWhile(e => !(e.Stream == "Debug" && Text(e).StartsWith("PUT ", StringComparison.Ordinal)))
            .Where(e => e.Stream != "Progress");
        var sequence = fromFirstPut.Select(e => e.Stream switch
        {
            "Debug" when Text(e).StartsWith("PUT ", StringComparison.Ordinal) => Text(e).Contains("(attempt 2)", StringComparison.Ordinal) ? "request 2" : "request 1",
            "Debug" when Text(e).StartsWith("GET ", StringComparison.Ordinal) && Text(e).Contains("/ports?", StringComparison.Ordinal) => "port read",
            "Debug" => "answer " + Text(e)[..3],
            "Verbose" when Text(e).Contains("retrying", StringComparison.Ordinal) => "retry",
            "Output" => "record",
            _ => e.ToString(),
        }).ToArray();
        // After the bind, the virtual IP's own port is read once (the record names it), and only then is the record written.
        Assert.True(new[] { "request 1", "answer 429", "retry", "request 2", "answer 200", "port read", "answer 200", "record" }.SequenceEqual(sequence), trace);
        Assert.Equal(2, Emulator.RequestsFor("AssociateServerVirtualIp"));
        Assert.Equal(new[] { "192.168.0.191" }, Emulator.AllowedAddresses(nic.PortId));
    }

    [Fact]
    public void The_warning_for_a_repeated_server_comes_between_the_job_of_its_first_and_the_next_one()
    {
        using var ps = _fixture.NewSession();
        var first = DemoNic.InSubnetA(Emulator)[1].ServerId;
        var second = DemoNic.InSubnetA(Emulator)[2].ServerId;
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        var run = ps.Run("""
            $args[0], $args[0], $args[1] | ForEach-Object { [pscustomobject]@{ ServerId = $_ } } | Add-EcsServerNic -SubnetId $args[2] @Connection
            """, first, second, subnetB).AssertClean();

        var streams = run.Events.Where(e => e.Stream != "Progress").Select(e => e.Stream).ToArray();
        Assert.Equal(new[] { "Output", "Warning", "Output" }, streams);
        Assert.Contains(first, run.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal(new[] { first, second }, run.Output.Select(o => (string)o.Properties["ServerId"].Value));
        Assert.Equal(2, Emulator.RequestsFor("BatchAddServerNics"));
    }

    [Fact]
    public void Waiting_for_jobs_shows_a_batch_bar_and_job_bars_that_close_before_each_job_is_written()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        // Long enough that the pump shows the pending jobs several times.
        Emulator.SetJobDuration(1500);
        var run = ps.Run("""
            $args[0] | ForEach-Object { [pscustomobject]@{ ServerId = $_ } } | Add-EcsServerNic -SubnetId $args[1] @Connection |
                Wait-EcsJob -PollIntervalSec 0.1 -MaxPollIntervalSec 0.2 -Debug @Connection
            """, nics.Take(2).Select(n => n.ServerId).ToArray(), subnetB).AssertClean();
        var events = run.Events;
        var trace = Describe(events);

        var jobs = run.Output.Select(o => (string)o.Properties["JobId"].Value).ToArray();
        Assert.Equal(2, jobs.Length);
        var batch = run.Progress.First(p => p.Activity == "Waiting for ECS jobs");
        Assert.Equal(-1, batch.ParentActivityId);
        foreach (var jobId in jobs)
        {
            var shown = IndexOf(events, e => e.Item is ProgressRecord p && p.Activity == $"Job {jobId}" && p.RecordType == ProgressRecordType.Processing, trace);
            Assert.Equal(batch.ActivityId, ((ProgressRecord)events[shown].Item).ParentActivityId);
            var closed = IndexOf(events, e => e.Item is ProgressRecord p && p.Activity == $"Job {jobId}" && p.RecordType == ProgressRecordType.Completed, trace);
            var written = IndexOf(events, e => e.Stream == "Output" && (string)((PSObject)e.Item).Properties["JobId"].Value == jobId, trace);
            Assert.True(shown < closed && closed < written, $"Job {jobId}: shown at {shown}, closed at {closed}, written at {written}.\n{trace}");
            // Every poll of the job, the one that found it finished included, is told before the job is written.
            var polls = events.Select((e, i) => (e, i)).Where(x => x.e.Stream == "Debug" && Text(x.e).StartsWith("GET ", StringComparison.Ordinal)
                                                                   && Text(x.e).Contains("/jobs/" + jobId, StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(polls);
            var lastAnswer = IndexOf(events.Skip(polls[^1].i + 1).ToList(), e => e.Stream == "Debug" && Text(e).StartsWith("200 ", StringComparison.Ordinal), trace) + polls[^1].i + 1;
            Assert.True(lastAnswer < written, $"Job {jobId}: last poll answered at {lastAnswer}, written at {written}.\n{trace}");
        }
        var last = run.Progress[^1];
        Assert.Equal((batch.ActivityId, ProgressRecordType.Completed), (last.ActivityId, last.RecordType));
        Assert.True(LastIndex(events, "Output") < LastIndex(events, "Progress"), trace);
    }

    private static string Text(StreamEvent e) => e.Item switch
    {
        InformationalRecord r => r.Message,
        ProgressRecord p => $"{p.Activity} [{p.RecordType}] {p.StatusDescription}",
        _ => e.Item.ToString() ?? string.Empty,
    };

    private static string Describe(IReadOnlyList<StreamEvent> events) =>
        string.Join("\n", events.Select((e, i) => $"{i,3} {e.Stream}: {Text(e)}"));

    private static int IndexOf(IReadOnlyList<StreamEvent> events, Func<StreamEvent, bool> match, string trace)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (match(events[i])) return i;
        }
        throw new Xunit.Sdk.XunitException("Not found in:\n" + trace);
    }

    private static int LastIndex(IReadOnlyList<StreamEvent> events, string stream) =>
        events.Select((e, i) => (e, i)).Last(x => x.e.Stream == stream).i;
}
