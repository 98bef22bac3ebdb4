using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;

namespace EcsNic.Commands;

/// <summary>
/// The base of the VPC, subnet and NIC cmdlets: waits until new resources are usable on the job waiter's one budgeted
/// loop, refuses records of another region, and words refusals that carry the cloud's code.
/// </summary>
public abstract class VpcResourceCmdlet : EcsCmdlet
{
    /// <summary>The ErrorId of a wait that ran out while resources were still not usable.</summary>
    public const string WaitTimeoutErrorId = "EcsNic.ResourceWaitTimeout";

    /// <summary>The first poll of a resource wait, in seconds: new subnets and ports are usable within seconds.</summary>
    protected const double FirstPollSec = 1;

    /// <summary>The longest interval between two polls of one resource, in seconds.</summary>
    protected const double MaxPollSec = 3;

    /// <summary>
    /// Refuses a record read in another region than this call's, before anything is sent: its ID means nothing there.
    /// </summary>
    protected void RequireSameRegion(string? recordRegion, string parameterName, string id, string kind)
    {
        var region = Client.Options.Region;
        if (recordRegion is null || region is null || string.Equals(recordRegion, region, StringComparison.OrdinalIgnoreCase)) return;
        throw new EcsValidationException(parameterName, id,
            $"is a {kind} of region {recordRegion}, but this call works in region {region}: give -Region {recordRegion}, or use a {kind} of {region}.");
    }

    /// <summary>
    /// Reads a resource the call builds on; a 404 becomes a validation error naming the parameter, because in this region
    /// the ID is unknown, whether it is a typo or the ID of another region's resource.
    /// </summary>
    protected T ReadVisible<T>(Func<CancellationToken, Task<T>> read, string parameterName, string id, string kind)
    {
        try
        {
            return Run(read);
        }
        catch (EcsApiException ex) when (ex.StatusCode == 404)
        {
            throw new EcsValidationException(parameterName, id,
                $"is not a {kind} of region {Client.Options.Region ?? "(the endpoint's)"}: {ex.ErrorCode} {ex.ErrorMessage} " +
                $"A {kind} of another region is not visible here; check the ID and -Region.");
        }
    }

    /// <summary>Writes a refusal made before sending, with the code the cloud would answer, naming what is in the way.</summary>
    protected void WriteRefusal(string cloudCode, string message, object target, string recommendedAction)
    {
        Drain();
        WriteError(ErrorRecords.Create(cloudCode, EcsErrorKind.InvalidOperation, message, target, recommendedAction));
    }

    /// <summary>
    /// Waits, on one budgeted loop, until every resource is usable (as <paramref name="wait"/> tells it), writing each
    /// ready record through <paramref name="onReady"/> as soon as it is; one that can never become usable is an error, and
    /// those still not usable at the timeout are named in one error.
    /// </summary>
    protected void WaitUntilUsable<T>(IReadOnlyList<T> resources, ResourceWait<T> wait, int timeoutSec, Action<T> onReady)
        where T : class
    {
        if (resources is null) throw new ArgumentNullException(nameof(resources));
        if (wait is null) throw new ArgumentNullException(nameof(wait));
        if (resources.Count == 0) return;
        var latest = new ConcurrentDictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in resources) latest[wait.IdOf(resource)] = resource;
        var ids = latest.Keys.ToArray();
        var options = JobWaitSettings.Create(timeoutSec, FirstPollSec, MaxPollSec, null);
        var labels = new ProgressLabels(wait.Kind.Substring(0, 1).ToUpperInvariant() + wait.Kind.Substring(1),
            $"{wait.Kind}s {wait.ReadyState}", job => job.Status == JobStatus.Running ? "waiting" : job.Status.ToString());

        async Task<EcsJob> PollAsync(string id, CancellationToken ct)
        {
            var record = await wait.Poll(id, ct).ConfigureAwait(false);
            latest[id] = record;
            return wait.Readiness(record);
        }

        Exception Failure(JobOutcome outcome)
        {
            var record = latest[outcome.JobId];
            if (outcome.Kind != JobOutcomeKind.Failed)
                return outcome.Error ?? new EcsException($"Waiting for {wait.Kind} {outcome.JobId} ended as {outcome.Kind}.");
            var job = outcome.Job;
            return new EcsRefusalException(job?.ErrorCode ?? EcsErrorIds.JobFailed, EcsErrorKind.InvalidOperation,
                (job?.FailReason ?? $"The {wait.Kind} {outcome.JobId} cannot become {wait.ReadyState}.") + " " + wait.HowToCheck(record),
                wait.HowToCheck(record));
        }

        Exception Timeout(IReadOnlyList<JobOutcome> timedOut)
        {
            var records = timedOut.Select(o => latest[o.JobId]).ToList();
            var names = string.Join(", ", records.Select(r => $"{wait.IdOf(r)} ({wait.Describe(r)})"));
            return new EcsRefusalException(WaitTimeoutErrorId, EcsErrorKind.OperationTimeout,
                $"Timed out after {timeoutSec.ToString(CultureInfo.InvariantCulture)} s with {records.Count} {wait.Kind}(s) " +
                $"still not {wait.ReadyState}: {names}. They were created and may still become {wait.ReadyState}.",
                wait.HowToCheck(records[0]) + " Wait longer with -TimeoutSec.");
        }

        WaitForJobs(ids, options, $"Waiting for {ids.Length} new {wait.Kind}(s) to be {wait.ReadyState}", (outcome, _) =>
        {
            onReady(latest[outcome.JobId]);
            return Task.CompletedTask;
        }, outcome => latest[outcome.JobId], PollAsync, labels, Failure, Timeout);
    }

    /// <summary>Waiting for VPCs to read OK.</summary>
    protected ResourceWait<EcsVpc> VpcWait()
    {
        var client = Client;
        return new ResourceWait<EcsVpc>("VPC", "OK", v => v.VpcId, client.PollVpcAsync, ResourceReadiness.Of,
            v => $"'{v.Name}', {v.Status ?? "no status"}", v => $"Check it with Get-EcsVpc -VpcId {v.VpcId}.");
    }

    /// <summary>Waiting for subnets to read ACTIVE.</summary>
    protected ResourceWait<EcsSubnet> SubnetWait()
    {
        var client = Client;
        return new ResourceWait<EcsSubnet>("subnet", "ACTIVE", s => s.SubnetId, client.PollSubnetAsync, ResourceReadiness.Of,
            s => $"'{s.Name}', {s.Status ?? "no status"}", s => $"Check it with Get-EcsSubnet -SubnetId {s.SubnetId}.");
    }

    /// <summary>Waiting for ports to read DOWN with no device, ready to attach.</summary>
    protected ResourceWait<VpcPort> PortWait()
    {
        var client = Client;
        return new ResourceWait<VpcPort>("NIC", "DOWN (ready to attach)", p => p.PortId, client.PollPortAsync, ResourceReadiness.Of,
            p => $"{p.PrimaryIp ?? "no address"}, {p.Status ?? "no status"}", p => $"Check it with Get-EcsNic -PortId {p.PortId}.");
    }
}

/// <summary>How to wait for one kind of resource: its name, how to read it, when it is usable and how a user checks it.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class ResourceWait<T>
    where T : class
{
    /// <summary>Creates the description.</summary>
    public ResourceWait(string kind, string readyState, Func<T, string> idOf, Func<string, CancellationToken, Task<T>> poll,
        Func<T, EcsJob> readiness, Func<T, string> describe, Func<T, string> howToCheck)
    {
        Kind = kind;
        ReadyState = readyState;
        IdOf = idOf;
        Poll = poll;
        Readiness = readiness;
        Describe = describe;
        HowToCheck = howToCheck;
    }

    /// <summary>"vpc", "subnet" or "NIC".</summary>
    public string Kind { get; }

    /// <summary>What usable reads as, such as ACTIVE.</summary>
    public string ReadyState { get; }

    /// <summary>The record's ID.</summary>
    public Func<T, string> IdOf { get; }

    /// <summary>One read with a single attempt (the waiter retries on its own schedule).</summary>
    public Func<string, CancellationToken, Task<T>> Poll { get; }

    /// <summary>The record's state as a job.</summary>
    public Func<T, EcsJob> Readiness { get; }

    /// <summary>The record's name and state, for the timeout message.</summary>
    public Func<T, string> Describe { get; }

    /// <summary>What to run to check the record.</summary>
    public Func<T, string> HowToCheck { get; }
}
