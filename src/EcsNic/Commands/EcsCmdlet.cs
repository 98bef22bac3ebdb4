using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Reflection;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Completers;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Jobs;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Commands;

/// <summary>
/// The base of the EcsNic cmdlets: the common connection parameters, one cancellation source that Ctrl+C (and the end
/// of the pipeline) cancels, the shared client, log lines written on the pipeline thread, and errors as ErrorRecords.
/// </summary>
public abstract class EcsCmdlet : PSCmdlet, IDisposable
{
    /// <summary>How often a blocked pipeline thread writes queued log lines and refreshes progress.</summary>
    protected static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(200);

    // Created with the cmdlet rather than in BeginProcessing, so that a Ctrl+C arriving at any moment is never lost.
    private readonly CancellationTokenSource _cts = new();
    private QueuedLogger _log = new(verbose: false, debug: false);
    private EcsClient? _client;
    private bool _disposed;

    /// <summary>The region, such as cn-north-4; defaults to the one given to Connect-EcsCloud.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RegionCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>The project ID; defaults to the connected one, else it is looked up by region name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProjectId { get; set; }

    /// <summary>Explicit credentials: the access key (AK) as the user name and the secret key (SK) as the password.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>An explicit access key (AK); needs -SecretKey.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>An explicit secret key (SK); needs -AccessKey.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? SecretKey { get; set; }

    /// <summary>A KooCLI profile in ~/.hcloud/config.json; when given, only that profile supplies credentials.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>An ECS endpoint overriding the region's public one, such as a local emulator's URL.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The IAM endpoint for looking up the project ID, such as a local emulator's IAM URL; defaults to the connected one,
    /// else HUAWEICLOUD_SDK_IAM_ENDPOINT, else the region's IAM host. Never taken from -Endpoint.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? IamEndpoint { get; set; }

    // PowerShell keeps the object being processed in InternalCommand.CurrentPipelineObject (what $_ is for script
    // cmdlets), but does not expose it to compiled ones; a record bound by property name is otherwise lost.
    private static readonly PropertyInfo? CurrentPipelineObjectProperty = typeof(Cmdlet).BaseType?.GetProperty(
        "CurrentPipelineObject", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>
    /// The object piped in for the current ProcessRecord call (a CSV row, a record of another cmdlet), or null when the
    /// input came from the command line. Errors about it use it as their target, so failed rows can be told apart and
    /// collected for a retry.
    /// </summary>
    protected object? PipelineRecord
    {
        get
        {
            object? value;
            try
            {
                value = CurrentPipelineObjectProperty?.GetValue(this);
            }
            catch (TargetInvocationException)
            {
                return null;
            }
            if (value is not PSObject wrapped || wrapped.BaseObject is null || ReferenceEquals(wrapped, AutomationNull.Value)) return null;
            // A PSCustomObject (Import-Csv, [pscustomobject]) is only meaningful wrapped.
            return wrapped.BaseObject is PSCustomObject ? wrapped : wrapped.BaseObject;
        }
    }

    /// <summary>Cancelled by StopProcessing (Ctrl+C) and when the cmdlet is disposed, for instance after -ErrorAction Stop.</summary>
    protected CancellationToken StopToken => _cts.Token;

    /// <summary>The sink of this call's log lines; they are written by <see cref="DrainLogs"/> on the pipeline thread.</summary>
    protected IEcsLogger Logger => _log;

    /// <summary>
    /// The session-wide client for this call's endpoint, region, project and credentials, created on first use. Touch it
    /// first on the pipeline thread: a configuration problem is a terminating error.
    /// </summary>
    protected EcsClient Client => _client ??= CreateClient();

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _log = new QueuedLogger(IsPreferenceOn("Verbose"), IsPreferenceOn("Debug"));
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        CancelQuietly();
    }

    /// <summary>Merges this call's parameters with the given session defaults.</summary>
    protected ClientSettings ResolveSettings(SessionSnapshot session, SessionCredentialStore? store)
    {
        var credential = Credential is null || ReferenceEquals(Credential, PSCredential.Empty) ? null : Credential;
        var explicitCredentials = ExplicitCredentials.From(credential?.UserName, credential?.Password, AccessKey, SecretKey, ProfileName);
        var request = new ClientRequest(Region, ProjectId, Endpoint, ProfileName, explicitCredentials, IamEndpoint);
        return ClientSettings.Resolve(request, session, store, EnvironmentOverrides.Read());
    }

    /// <summary>
    /// Starts <paramref name="operation"/> inside this call's log scope and blocks until it ends, writing log lines as
    /// they come; returns its result or rethrows its exception.
    /// </summary>
    protected T Await<T>(Func<CancellationToken, Task<T>> operation)
    {
        if (operation is null) throw new ArgumentNullException(nameof(operation));
        Task<T> task;
        using (EcsLogScope.Begin(_log))
            task = operation(_cts.Token);
        return PipelinePump.Wait(task, PumpInterval, DrainLogs);
    }

    /// <summary>
    /// True for a failure to report as an EcsNic error; false for PowerShell's own exceptions (a stop, -ErrorAction or
    /// -WarningAction Stop, a terminating error already recorded), which must propagate untouched.
    /// </summary>
    protected static bool IsFailure(Exception exception) => exception is not (RuntimeException or IContainsErrorRecord);

    /// <summary>
    /// Writes a record to the pipeline. NIC records are first remembered in the session (<see cref="EcsSession.Recent"/>)
    /// so that -ServerId and -NicId can be tab-completed later without calling the cloud. It hides Cmdlet.WriteObject on
    /// purpose: every record an EcsNic cmdlet writes passes through here, whichever cmdlet writes it.
    /// </summary>
    public new void WriteObject(object? sendToPipeline)
    {
        if (sendToPipeline is ServerNic nic) EcsSession.Default.Recent.Remember(nic);
        else if (sendToPipeline is EcsJob job) EcsSession.Default.Recent.RememberJob(job);
        base.WriteObject(sendToPipeline);
    }

    /// <summary>Writes the queued log lines as verbose, debug and warning messages. Pipeline thread only.</summary>
    protected void DrainLogs() => _log.Drain(WriteLogLine);

    /// <summary>Writes a non-terminating error for <paramref name="exception"/>; when the cmdlet is stopping, stops instead.</summary>
    protected void WriteEcsError(Exception exception, object? target)
    {
        if (exception is null) throw new ArgumentNullException(nameof(exception));
        ThrowIfStopping(exception);
        DrainLogs();
        WriteError(ErrorRecords.Create(EcsErrorClassifier.Classify(exception), target));
    }

    /// <summary>Throws a terminating error for <paramref name="exception"/>; when the cmdlet is stopping, stops instead.</summary>
    protected void ThrowEcsError(Exception exception, object? target)
    {
        if (exception is null) throw new ArgumentNullException(nameof(exception));
        ThrowIfStopping(exception);
        DrainLogs();
        ThrowTerminatingError(ErrorRecords.Create(EcsErrorClassifier.Classify(exception), target));
    }

    /// <summary>
    /// ShouldProcess with -Force: -Force skips the confirmation prompt, but never -WhatIf, and an explicit -Confirm still
    /// prompts.
    /// </summary>
    protected bool ShouldProcessUnlessForced(bool force, string target, string action)
    {
        var whatIf = BoundSwitch("WhatIf") ?? LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        var confirm = BoundSwitch("Confirm") ?? false;
        return ConfirmationPolicy.SkipShouldProcess(force, whatIf, confirm) || ShouldProcess(target, action);
    }

    /// <summary>
    /// Waits for jobs on the waiter's loop while this (pipeline) thread writes each job's outcome as soon as it ends,
    /// refreshes one progress bar for the batch (plus one per job when there are few) and writes log lines.
    /// <paramref name="onOutcome"/> runs on the pipeline thread, once per job.
    /// </summary>
    protected IReadOnlyList<JobOutcome> WaitForJobs(IReadOnlyList<string> jobIds, JobWaiterOptions options, string activity,
        Action<JobOutcome> onOutcome)
    {
        var client = Client;
        return WaitForJobs(jobIds, client.PollJobAsync, options, activity, null, onOutcome);
    }

    /// <summary>
    /// Like <see cref="WaitForJobs(IReadOnlyList{string}, JobWaiterOptions, string, Action{JobOutcome})"/>, but each ID is
    /// polled with <paramref name="poll"/>, which reads anything whose state can be told as a job (a subnet becoming ACTIVE,
    /// a port becoming DOWN), on the same one-loop, budgeted waiter. <paramref name="labels"/> words the progress bars.
    /// </summary>
    private protected IReadOnlyList<JobOutcome> WaitForJobs(IReadOnlyList<string> jobIds, Func<string, CancellationToken, Task<EcsJob>> poll,
        JobWaiterOptions options, string activity, ProgressLabels? labels, Action<JobOutcome> onOutcome)
    {
        if (jobIds is null) throw new ArgumentNullException(nameof(jobIds));
        if (poll is null) throw new ArgumentNullException(nameof(poll));
        if (onOutcome is null) throw new ArgumentNullException(nameof(onOutcome));
        if (jobIds.Count == 0) return Array.Empty<JobOutcome>();

        var log = _log;
        var waiter = new JobWaiter((jobId, ct) =>
        {
            using (EcsLogScope.Begin(log))
                return poll(jobId, ct);
        }, options);
        var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var latest = new LatestValue<JobProgress>();
        var bars = new JobProgressBars(this, activity, jobIds, labels);
        using var finished = new CallbackQueue<JobOutcome>();
        Task<IReadOnlyList<JobOutcome>> wait;
        using (EcsLogScope.Begin(log))
            wait = waiter.WaitAsync(jobIds, finished.Post, progress => latest.Value = progress, _cts.Token);
        wait.ContinueWith(_ => finished.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            finished.Pump(outcome =>
            {
                if (!handled.Add(outcome.JobId)) return;
                // The polls that found the job finished were logged before its outcome arrived, so they go first.
                DrainLogs();
                bars.Finished(outcome.JobId);
                onOutcome(outcome);
            }, () =>
            {
                DrainLogs();
                bars.Show(latest.Value, handled.Count);
            }, PumpInterval, _cts.Token);
            var outcomes = wait.GetAwaiter().GetResult();
            DrainLogs();
            foreach (var outcome in outcomes)
            {
                if (handled.Add(outcome.JobId))
                    onOutcome(outcome);
            }
            return outcomes;
        }
        finally
        {
            bars.Complete();
        }
    }

    /// <summary>
    /// On Ctrl+C during a wait, tells the user (through the host, as the pipeline no longer takes records) which jobs were
    /// submitted and go on in the cloud, and how to wait for them.
    /// </summary>
    protected void WarnJobsLeftRunning(IReadOnlyList<string> jobIds)
    {
        if (jobIds is null || jobIds.Count == 0) return;
        var message = JobWaitSettings.DescribeLeftRunning(jobIds);
        try
        {
            Host?.UI?.WriteWarningLine(message);
        }
        catch (Exception ex) when (ex is System.Management.Automation.Host.HostException or NotImplementedException or PipelineStoppedException)
        {
            // A host without a console: the job IDs were on the verbose stream when submitted.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Cancels whatever is still in flight (after -ErrorAction Stop, PowerShell disposes without StopProcessing).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (disposing)
        {
            CancelQuietly();
            _cts.Dispose();
        }
    }

    private EcsClient CreateClient()
    {
        try
        {
            var session = EcsSession.Default;
            var settings = ResolveSettings(session.Snapshot(), session.Store);
            return Await(ct => session.Clients.GetOrCreateAsync(settings, ct));
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            ThrowEcsError(ex, null);
            throw;
        }
    }

    private void CancelQuietly()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nothing left to cancel.
        }
    }

    private void ThrowIfStopping(Exception exception)
    {
        if (exception is OperationCanceledException && _cts.IsCancellationRequested)
            throw new PipelineStoppedException();
    }

    private void WriteLogLine(EcsLogLevel level, string message)
    {
        switch (level)
        {
            case EcsLogLevel.Debug:
                WriteDebug(message);
                break;
            case EcsLogLevel.Verbose:
                WriteVerbose(message);
                break;
            default:
                WriteWarning(message);
                break;
        }
    }

    private bool? BoundSwitch(string name) =>
        MyInvocation.BoundParameters.TryGetValue(name, out var value) ? LanguagePrimitives.IsTrue(value) : null;

    // -Verbose/-Debug on this call win; otherwise the caller's $VerbosePreference/$DebugPreference decide.
    private bool IsPreferenceOn(string name)
    {
        if (BoundSwitch(name) is { } bound) return bound;
        var preference = GetVariableValue(name + "Preference");
        if (preference is not ActionPreference value)
        {
            if (preference is null || !Enum.TryParse(preference.ToString(), true, out value)) return false;
        }
        return value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    private sealed class LatestValue<T> where T : class
    {
        private T? _value;

        public T? Value
        {
            get => Volatile.Read(ref _value);
            set => Volatile.Write(ref _value, value);
        }
    }
}
