using System;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>Reads the current state of ECS jobs (ShowJob), once; Wait-EcsJob waits for them to finish.</summary>
[Cmdlet(VerbsCommon.Get, "EcsJob")]
[OutputType(typeof(EcsJob))]
public sealed class GetEcsJobCommand : EcsCmdlet
{
    private ShowJobs? _jobs;

    /// <summary>The job IDs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("job_id", "Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void Process()
    {
        foreach (var value in JobId)
        {
            string jobId;
            try
            {
                jobId = EcsArguments.JobId("JobId", value);
            }
            catch (EcsValidationException ex)
            {
                WriteEcsError(ex, PipelineRecord ?? value);
                continue;
            }
            Run(ct => Jobs.ShowAsync(jobId, PipelineRecord ?? jobId, ct));
        }
    }

    private ShowJobs Jobs => _jobs ??= new ShowJobs(Client, Sink);
}
