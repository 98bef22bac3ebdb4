using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// Waits for ECS jobs to finish, all at once on one polling loop, and emits each job's final record as soon as it
/// finishes. A job that fails is a non-terminating error with the job's error code as ErrorId; jobs still pending at the
/// timeout are reported in one error that names them.
/// </summary>
/// <remarks>
/// There is no switch to emit the new NICs of attach jobs: Add-EcsServerNic -Wait does that, with the request's context.
/// </remarks>
[Cmdlet(VerbsLifecycle.Wait, "EcsJob", DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(EcsJob))]
public sealed class WaitEcsJobCommand : EcsCmdlet
{
    private const string ByIdSet = "ById";
    private const string InputObjectSet = "InputObject";

    private readonly List<string> _jobIds = new();
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The job IDs.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("job_id", "Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = Array.Empty<string>();

    /// <summary>Job records, from Add-EcsServerNic, Remove-EcsServerNic or Get-EcsJob.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public EcsJob[] Job { get; set; } = Array.Empty<EcsJob>();

    /// <summary>How long to wait for all the jobs, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = JobWaitSettings.DefaultTimeoutSec;

    /// <summary>The wait before each job's first poll, in seconds; later polls back off up to -MaxPollIntervalSec.</summary>
    [Parameter]
    [ValidateRange(0.1, 600.0)]
    public double PollIntervalSec { get; set; }

    /// <summary>The longest wait between two polls of one job, in seconds.</summary>
    [Parameter]
    [ValidateRange(0.1, 600.0)]
    public double MaxPollIntervalSec { get; set; }

    /// <summary>The most job polls per second across all jobs, to stay below the API's throttling.</summary>
    [Parameter]
    [ValidateRange(0.1, 100.0)]
    public double MaxRequestsPerSecond { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var job in Job)
                Collect(job?.JobId, job);
        }
        else
        {
            foreach (var jobId in JobId)
                Collect(jobId, jobId);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_jobIds.Count == 0) return;
        JobWaiterOptions options;
        try
        {
            options = JobWaitSettings.Create(TimeoutSec, Bound(nameof(PollIntervalSec), PollIntervalSec),
                Bound(nameof(MaxPollIntervalSec), MaxPollIntervalSec), Bound(nameof(MaxRequestsPerSecond), MaxRequestsPerSecond));
        }
        catch (EcsValidationException ex)
        {
            ThrowEcsError(ex, null);
            return;
        }

        var timedOut = new List<JobOutcome>();
        try
        {
            WaitForJobs(_jobIds, options, "Waiting for ECS jobs", outcome =>
            {
                switch (outcome.Kind)
                {
                    case JobOutcomeKind.Succeeded:
                        DrainLogs();
                        if (outcome.Job is not null) WriteObject(outcome.Job);
                        break;
                    case JobOutcomeKind.TimedOut:
                        timedOut.Add(outcome);
                        break;
                    default:
                        object target = outcome.Job is null ? outcome.JobId : outcome.Job;
                        WriteEcsError(outcome.Error ?? new EcsException($"Job {outcome.JobId} ended as {outcome.Kind}."), target);
                        break;
                }
            });
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            WriteEcsError(ex, _jobIds.ToArray());
        }

        if (timedOut.Count > 0)
        {
            DrainLogs();
            var pending = timedOut.Select(o => o.Job is null ? (object)o.JobId : o.Job).ToArray();
            WriteError(ErrorRecords.Create(EcsErrorIds.JobTimeout, EcsErrorKind.OperationTimeout,
                JobWaitSettings.DescribeTimeout(timedOut, options.OverallTimeout), pending,
                "The jobs may still finish: check them with Get-EcsJob, or wait longer with Wait-EcsJob -TimeoutSec."));
        }
        DrainLogs();
    }

    private void Collect(string? jobId, object? target)
    {
        try
        {
            var id = EcsArguments.JobId(ParameterSetName == InputObjectSet ? "Job.JobId" : "JobId", jobId);
            if (_seen.Add(id)) _jobIds.Add(id);
        }
        catch (EcsValidationException ex)
        {
            WriteEcsError(ex, target);
        }
    }

    private double? Bound(string name, double value) => MyInvocation.BoundParameters.ContainsKey(name) ? value : null;
}
