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
using EcsNic.Core.Workflows;
using EcsNic.Core.Session;
using EcsNic.Core.Text;
using EcsNic.Pipeline;
using EcsNic.Text;

namespace EcsNic.Commands;

/// <summary>
/// The base of the EcsNic cmdlets: the common connection parameters, one cancellation source that Ctrl+C (and the end
/// of the pipeline) cancels, the shared client, log lines written on the pipeline thread, and errors as ErrorRecords.
/// </summary>
public abstract class EcsCmdlet : PSCmdlet, IPipelineWriter, IDisposable
{
    // The core's messages point to tasks and inputs; these are the module's words for them, installed before any cmdlet runs.
    static EcsCmdlet() => UserWords.Vocabulary = PowerShellWords.Instance;

    // Created with the cmdlet rather than in BeginProcessing, so that a Ctrl+C arriving at any moment is never lost.
    private readonly CancellationTokenSource _cts = new();
    private OperationPump _pump = new(verbose: false, debug: false);
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

    /// <summary>Where this call's operations report; it is written out on the pipeline thread, in order.</summary>
    protected IOperationSink Sink => _pump;

    /// <summary>
    /// The session-wide client for this call's endpoint, region, project and credentials, created on first use. Touch it
    /// first on the pipeline thread: a configuration problem is a terminating error.
    /// </summary>
    protected EcsClient Client => _client ??= CreateClient();

    /// <summary>The target of an error escaping <see cref="Process"/>: the piped record, else what the cmdlet names.</summary>
    protected virtual object? ErrorTarget => PipelineRecord;

    /// <summary>Runs once before the first record; an error here ends the call.</summary>
    protected virtual void Begin()
    {
    }

    /// <summary>Runs once per record (or once, without pipeline input); an error here fails that record only.</summary>
    protected virtual void Process()
    {
    }

    /// <summary>Runs once after the last record.</summary>
    protected virtual void End()
    {
    }

    /// <inheritdoc />
    protected sealed override void BeginProcessing()
    {
        _pump = new OperationPump(IsPreferenceOn("Verbose"), IsPreferenceOn("Debug"));
        Guard(Begin, terminating: true);
    }

    /// <inheritdoc />
    protected sealed override void ProcessRecord() => Guard(Process, terminating: false);

    /// <inheritdoc />
    protected sealed override void EndProcessing() => Guard(End, terminating: false);

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
    /// Starts <paramref name="operation"/> (its log lines go to this call's sink) and blocks until it ends, writing what it
    /// reports as it comes; returns its result or rethrows its exception.
    /// </summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> operation)
    {
        if (operation is null) throw new ArgumentNullException(nameof(operation));
        Task<T> task;
        using (EcsLogScope.Begin(_pump))
            task = operation(_cts.Token);
        return _pump.Wait(task, this);
    }

    /// <summary>Like <see cref="Run{T}"/>, for an operation without a result.</summary>
    protected void Run(Func<CancellationToken, Task> operation)
    {
        if (operation is null) throw new ArgumentNullException(nameof(operation));
        Task task;
        using (EcsLogScope.Begin(_pump))
            task = operation(_cts.Token);
        _pump.Wait(task, this);
    }

    /// <summary>
    /// Starts <paramref name="operation"/> in this call's log scope without waiting: what it reports is written by the
    /// next <see cref="Run{T}"/> or at the end of the current record.
    /// </summary>
    protected T Start<T>(Func<T> operation)
    {
        if (operation is null) throw new ArgumentNullException(nameof(operation));
        using (EcsLogScope.Begin(_pump))
            return operation();
    }

    /// <summary>
    /// True for a failure to report as an EcsNic error; false for PowerShell's own exceptions (a stop, -ErrorAction or
    /// -WarningAction Stop, a terminating error already recorded), which must propagate untouched.
    /// </summary>
    protected static bool IsFailure(Exception exception) => exception is not (RuntimeException or IContainsErrorRecord);

    /// <summary>Writes a record after everything reported before it.</summary>
    protected new void WriteObject(object? sendToPipeline)
    {
        Drain();
        if (sendToPipeline is not null) ((IPipelineWriter)this).WriteRecord(sendToPipeline);
    }

    /// <summary>Writes a warning after everything reported before it.</summary>
    protected new void WriteWarning(string text)
    {
        Drain();
        base.WriteWarning(text);
    }

    /// <summary>Writes a verbose line after everything reported before it.</summary>
    protected new void WriteVerbose(string text)
    {
        Drain();
        base.WriteVerbose(text);
    }

    /// <summary>Writes an error record after everything reported before it.</summary>
    protected new void WriteError(ErrorRecord errorRecord)
    {
        Drain();
        base.WriteError(errorRecord);
    }

    /// <summary>Writes a non-terminating error for <paramref name="exception"/>; when the cmdlet is stopping, stops instead.</summary>
    protected void WriteEcsError(Exception exception, object? target)
    {
        Drain();
        ((IPipelineWriter)this).WriteFailure(exception, target);
    }

    /// <summary>Throws a terminating error for <paramref name="exception"/>; when the cmdlet is stopping, stops instead.</summary>
    protected void ThrowEcsError(Exception exception, object? target)
    {
        if (exception is null) throw new ArgumentNullException(nameof(exception));
        ThrowIfStopping(exception);
        Drain();
        ThrowTerminatingError(ErrorRecords.Create(EcsErrorClassifier.Classify(exception), target));
    }

    /// <summary>
    /// ShouldProcess with -Force: -Force skips the confirmation prompt, but never -WhatIf, and an explicit -Confirm still
    /// prompts.
    /// </summary>
    protected bool ShouldProcessUnlessForced(bool force, string target, string action)
    {
        Drain();
        var whatIf = BoundSwitch("WhatIf") ?? LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        var confirm = BoundSwitch("Confirm") ?? false;
        // -Force answers the prompt, never -WhatIf, and an explicit -Confirm still asks.
        return (force && !whatIf && !confirm) || ShouldProcess(target, action);
    }

    /// <summary>ShouldProcess after everything reported before it.</summary>
    protected new bool ShouldProcess(string target, string action)
    {
        Drain();
        return base.ShouldProcess(target, action);
    }

    /// <summary>Writes what was reported so far. Pipeline thread only.</summary>
    protected void Drain() => _pump.Drain(this);

    void IPipelineWriter.WriteRecord(object record)
    {
        // Remembered for tab completion of -ServerId, -NicId and -JobId, without calling the cloud.
        if (record is ServerNic nic) EcsSession.Default.Recent.Remember(nic);
        else if (record is EcsJob job) EcsSession.Default.Recent.RememberJob(job);
        base.WriteObject(record);
    }

    void IPipelineWriter.WriteFailure(Exception error, object? target)
    {
        ThrowIfStopping(error);
        base.WriteError(ErrorRecords.Create(EcsErrorClassifier.Classify(error), target));
    }

    void IPipelineWriter.WriteLog(EcsLogLevel level, string message)
    {
        switch (level)
        {
            case EcsLogLevel.Debug:
                WriteDebug(message);
                break;
            case EcsLogLevel.Verbose:
                base.WriteVerbose(message);
                break;
            default:
                base.WriteWarning(message);
                break;
        }
    }

    void IPipelineWriter.WriteProgress(OperationProgress progress)
    {
        var record = new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
            ParentActivityId = progress.ParentActivityId,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        try
        {
            WriteProgress(record);
        }
        catch (PipelineStoppedException) when (progress.Completed)
        {
            // Stopping: the host clears progress itself, and the stop must not be replaced by this exception.
        }
    }

    /// <summary>
    /// Waits for jobs (or, with <paramref name="poll"/>, anything whose state reads as a job) on the waiter's one loop,
    /// writing each outcome as it comes (<see cref="JobWait"/>); on Ctrl+C, says which jobs go on in the cloud.
    /// </summary>
    private protected void WaitForJobs(IReadOnlyList<string> jobIds, JobWaiterOptions options, string activity,
        Func<JobOutcome, CancellationToken, Task> onSucceeded, Func<JobOutcome, object?> targetOf,
        Func<string, CancellationToken, Task<EcsJob>>? poll = null, ProgressLabels? labels = null,
        Func<JobOutcome, Exception>? failureOf = null, Func<IReadOnlyList<JobOutcome>, Exception>? timeoutOf = null)
    {
        if (jobIds.Count == 0) return;
        var client = Client;
        try
        {
            Run(ct => JobWait.RunAsync(jobIds, poll ?? client.PollJobAsync, options, activity, labels ?? ProgressLabels.Jobs, Sink,
                onSucceeded, targetOf, ct, failureOf, timeoutOf));
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            WarnJobsLeftRunning(jobIds);
            throw new PipelineStoppedException();
        }
        catch (PipelineStoppedException)
        {
            WarnJobsLeftRunning(jobIds);
            throw;
        }
    }

    /// <summary>
    /// On Ctrl+C during a wait, tells the user (through the host, as the pipeline no longer takes records) which jobs were
    /// submitted and go on in the cloud, and how to wait for them.
    /// </summary>
    private void WarnJobsLeftRunning(IReadOnlyList<string> jobIds)
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

    // The template around every body: what it reported is written, and a failure becomes an EcsNic error once, here.
    private void Guard(Action body, bool terminating)
    {
        try
        {
            body();
            Drain();
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            if (terminating) ThrowEcsError(ex, null);
            WriteEcsError(ex, ErrorTarget);
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
            return Run(ct => session.Clients.GetOrCreateAsync(settings, ct));
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
}
