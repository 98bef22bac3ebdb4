using System;
using System.Management.Automation;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
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
    protected override void Process() =>
        ForEachChecked(JobId, v => EcsArguments.JobId("JobId", v), (id, _) => Run(ct => Jobs.ShowAsync(id, PipelineRecord ?? id, ct)));

    private ShowJobs Jobs => _jobs ??= new ShowJobs(Client, Sink);
}
