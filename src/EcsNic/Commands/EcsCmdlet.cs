using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Text;
using EcsNic.Core.Workflows;
using EcsNic.Pipeline;
using EcsNic.Text;

namespace EcsNic.Commands;

/// <summary>
/// The template every EcsNic cmdlet runs in: Begin, Process and End inside one error guard, one cancellation source that
/// Ctrl+C (and the end of the pipeline) cancels, and workflows run on this call's sink. The connection parameters and the
/// client are in EcsCmdlet.Connection.cs, the streams in EcsCmdlet.Streams.cs, job waits in EcsCmdlet.Jobs.cs.
/// </summary>
public abstract partial class EcsCmdlet : PSCmdlet, IPipelineWriter, IDisposable
{
    // The core's messages point to tasks and inputs; these are the module's words for them, installed before any cmdlet runs.
    static EcsCmdlet() => UserWords.Vocabulary = PowerShellWords.Instance;

    // Created with the cmdlet rather than in BeginProcessing, so that a Ctrl+C arriving at any moment is never lost.
    private readonly CancellationTokenSource _cts = new();
    private OperationPump _pump = new(verbose: false, debug: false);
    private EcsClient? _client;
    private bool _disposed;

    /// <summary>Cancelled by StopProcessing (Ctrl+C) and when the cmdlet is disposed, for instance after -ErrorAction Stop.</summary>
    protected CancellationToken StopToken => _cts.Token;

    /// <summary>Where this call's operations report; it is written out on the pipeline thread, in order.</summary>
    protected IOperationSink Sink => _pump;

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
    /// True for a failure to report as an EcsNic error; false for PowerShell's own exceptions (a stop, -ErrorAction or
    /// -WarningAction Stop, a terminating error already recorded), which must propagate untouched.
    /// </summary>
    private static bool IsFailure(Exception exception) => exception is not (RuntimeException or IContainsErrorRecord);

    /// <summary>
    /// Runs <paramref name="body"/> with each value that <paramref name="check"/> accepts (the checked ID and the value as
    /// typed); a rejected value is an error whose target is the piped record, else the value, and the next one is checked.
    /// </summary>
    protected void ForEachChecked(IEnumerable<string?> values, Func<string?, string> check, Action<string, string?> body)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        foreach (var value in values)
        {
            string id;
            try
            {
                id = check(value);
            }
            catch (EcsValidationException ex)
            {
                WriteEcsError(ex, PipelineRecord ?? value);
                continue;
            }
            body(id, value);
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
            if (terminating) ThrowEcsError(ex);
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
