using System;
using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Reflection;
using EcsNic.Core.Errors;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Workflows;
using EcsNic.Pipeline;

namespace EcsNic.Commands;

/// <summary>What reaches PowerShell: the pump's writer (records, errors, log lines, progress) and Write* that drain the sink first.</summary>
public abstract partial class EcsCmdlet
{
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

    /// <summary>Writes a non-terminating error for <paramref name="exception"/>; when the cmdlet is stopping, stops instead.</summary>
    protected void WriteEcsError(Exception exception, object? target)
    {
        Drain();
        ((IPipelineWriter)this).WriteFailure(exception, target);
    }

    /// <summary>Throws a terminating error for <paramref name="exception"/>; when the cmdlet is stopping, stops instead.</summary>
    private void ThrowEcsError(Exception exception)
    {
        if (exception is null) throw new ArgumentNullException(nameof(exception));
        ThrowIfStopping(exception);
        Drain();
        ThrowTerminatingError(ErrorRecords.Create(EcsErrorClassifier.Classify(exception), null));
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
}
