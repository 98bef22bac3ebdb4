using System;
using System.Linq;
using EcsNic.Core.Errors;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Session;

/// <summary>The words an admin reads: confirmation prompts, job failure messages and completions (issue 13).</summary>
public sealed class AdminExperienceTests
{
    private const string Server = "31d232fd-e292-43a1-8fc5-f0e71d98afd1";
    private const string Primary = "f23aa325-ec46-4774-bf32-a89b9879ce7d";
    private const string Secondary = "5f7faed1-3c6c-4428-ba96-e0ad704663df";

    private static ServerNic Nic(string portId, params string[] ips) =>
        new(Server, portId, "17c1e39c-e46c-428e-8e02-21be0f3b5358", ips, ips.Select(_ => "s").ToArray(), "fa:16:3e:00:00:01",
            "ACTIVE", null, null, null);

    [Fact]
    public void A_prompt_names_the_nic_with_its_address()
    {
        Assert.Equal($"{Primary} (192.168.0.11)", ConfirmationText.Nic(Primary, Nic(Primary, "192.168.0.11"), null));
        Assert.Equal(Primary, ConfirmationText.Nic(Primary, null, new RecentResources()));

        var recent = new RecentResources();
        recent.Remember(Nic(Secondary, "192.168.1.11", "192.168.1.12"));
        Assert.Equal($"{Secondary} (192.168.1.11, 192.168.1.12)", ConfirmationText.Nic(Secondary, null, recent));
    }

    [Fact]
    public void A_list_of_more_than_ten_ends_with_and_n_more()
    {
        var ten = Enumerable.Range(1, 10).Select(i => "n" + i).ToArray();
        Assert.Equal(string.Join(", ", ten), ConfirmationText.List(ten));
        var twelve = Enumerable.Range(1, 12).Select(i => "n" + i).ToArray();
        Assert.Equal(string.Join(", ", ten) + " and 2 more", ConfirmationText.List(twelve));
    }

    [Fact]
    public void A_failed_detach_says_which_nics_were_detached_and_ends_in_one_full_stop()
    {
        const string reason = "The primary NIC " + Primary + " of server " + Server + " cannot be deleted.";
        var job = new EcsJob("job-1", "deleteNicsForServer", JobStatus.Fail, Server, null, null, null, null, new[]
        {
            new EcsSubJob("sub-1", "deleteNic", JobStatus.Fail, Primary, "Ecs.0005", reason),
            new EcsSubJob("sub-2", "deleteNic", JobStatus.Success, Secondary, null, null),
        });

        var message = JobFailedException.For(job).Message;

        Assert.Equal($"Job job-1 (deleteNicsForServer) on server {Server} failed: Ecs.0005: " + reason.TrimEnd('.') +
                     $". Done for NIC {Secondary}; not done for NIC {Primary}.", message);
        Assert.False(message.Contains(".."), message);
        Assert.Equal(1, CountOf(message, "cannot be deleted"));
        Assert.Equal(1, CountOf(EcsErrorClassifier.Classify(JobFailedException.For(job)).Message, "cannot be deleted"));
    }

    [Fact]
    public void A_sub_job_cause_that_differs_from_the_jobs_is_named()
    {
        var job = new EcsJob("job-2", null, JobStatus.Fail, null, null, null, "Ecs.0001", "Quota exceeded.", new[]
        {
            new EcsSubJob("sub-1", null, JobStatus.Fail, Primary, "Ecs.0012", "Not enough IP addresses."),
        });

        Assert.Equal($"Job job-2 failed: Ecs.0001: Quota exceeded. Not done for NIC {Primary} (Ecs.0012: Not enough IP addresses).",
            JobFailedException.For(job).Message);
    }

    [Fact]
    public void Job_status_is_spelled_as_the_records_show_it()
    {
        var job = new EcsJob("job-3", null, JobStatus.Success, null, null, null, null, null, new[]
        {
            new EcsSubJob("sub-1", null, JobStatus.Fail, null, "Ecs.0012", null),
        });
        var message = JobFailedException.For(job).Message;
        Assert.Contains("reported Success", message);
        Assert.DoesNotContain("SUCCESS", message);
        Assert.Contains("WaitForJobs(JobId a, b)", JobWaitSettings.DescribeLeftRunning(new[] { "a", "b" }));
    }

    [Fact]
    public void A_nic_id_completes_from_an_address()
    {
        var recent = new RecentResources();
        recent.Remember(Nic(Primary, "192.168.0.11"));
        recent.Remember(Nic(Secondary, "192.168.1.21"));

        var byAddress = recent.CompleteNicIds("192.168.0.1");
        Assert.Equal(new[] { Primary }, byAddress.Select(c => c.CompletionText));
        Assert.Contains("192.168.0.11", byAddress[0].ListItemText);
        Assert.Equal(new[] { Secondary }, recent.CompleteNicIds("'192.168.1").Select(c => c.CompletionText.Trim('\'')));
        Assert.Equal(new[] { Secondary }, recent.CompleteNicIds("5f7").Select(c => c.CompletionText));
        Assert.Empty(recent.CompleteNicIds("10.0."));
    }

    [Fact]
    public void Job_ids_complete_from_the_jobs_of_the_session_most_recent_first()
    {
        var recent = new RecentResources();
        recent.RememberJob(EcsJob.Submitted("aaaa1111", "addNicsForServer", Server));
        recent.RememberJob(EcsJob.Submitted("aaaa2222", "deleteNicsForServer", Server));

        var result = recent.CompleteJobIds("AAAA");
        Assert.Equal(new[] { "aaaa2222", "aaaa1111" }, result.Select(c => c.CompletionText));
        Assert.Contains("deleteNicsForServer", result[0].ToolTip);
        Assert.Contains("Init", result[0].ToolTip);
        recent.Clear();
        Assert.Empty(recent.CompleteJobIds(string.Empty));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
