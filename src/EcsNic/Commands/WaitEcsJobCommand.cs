using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;

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
    private JobWaiterOptions? _options;

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
    protected override void Begin() =>
        _options = JobWaitSettings.Create(TimeoutSec, Bound(nameof(PollIntervalSec), PollIntervalSec),
            Bound(nameof(MaxPollIntervalSec), MaxPollIntervalSec), Bound(nameof(MaxRequestsPerSecond), MaxRequestsPerSecond));

    /// <inheritdoc />
    protected override void Process()
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
    protected override void End() =>
        WaitForJobs(_jobIds, _options!, "Waiting for ECS jobs", (outcome, _) =>
        {
            if (outcome.Job is not null) Sink.Output(outcome.Job);
            return Task.CompletedTask;
        }, outcome => outcome.Job is null ? outcome.JobId : outcome.Job);

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
