using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace EcsNic.PowerShell.Tests.TestSupport;

/// <summary>One record of any stream, in the order the pipeline wrote it.</summary>
public sealed record StreamEvent(string Stream, object Item)
{
    public override string ToString() => $"{Stream}: {Item}";
}

/// <summary>What one script wrote: the output, every stream in order, and the terminating error if there was one.</summary>
public sealed class ScriptRun
{
    internal ScriptRun(IReadOnlyList<StreamEvent> events, RuntimeException? terminating)
    {
        Events = events;
        Terminating = terminating;
    }

    /// <summary>Every record, output included, in the order the pipeline thread wrote them.</summary>
    public IReadOnlyList<StreamEvent> Events { get; }

    /// <summary>The exception a terminating error surfaced as, or null.</summary>
    public RuntimeException? Terminating { get; }

    public IReadOnlyList<PSObject> Output => Of<PSObject>("Output");

    public IReadOnlyList<ErrorRecord> Errors => Of<ErrorRecord>("Error");

    public IReadOnlyList<WarningRecord> Warnings => Of<WarningRecord>("Warning");

    public IReadOnlyList<VerboseRecord> Verbose => Of<VerboseRecord>("Verbose");

    public IReadOnlyList<DebugRecord> Debug => Of<DebugRecord>("Debug");

    public IReadOnlyList<ProgressRecord> Progress => Of<ProgressRecord>("Progress");

    /// <summary>The output's base objects of type <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToArray();

    /// <summary>Throws with every error written when the script wrote any error or terminated.</summary>
    public ScriptRun AssertClean()
    {
        if (Terminating is null && Errors.Count == 0) return this;
        var errors = Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}").ToList();
        if (Terminating is not null) errors.Add($"terminating {Terminating.ErrorRecord.FullyQualifiedErrorId}: {Terminating.Message}");
        throw new Xunit.Sdk.XunitException("The script failed:\n" + string.Join("\n", errors));
    }

    private IReadOnlyList<T> Of<T>(string stream) => Events.Where(e => e.Stream == stream).Select(e => (T)e.Item).ToArray();
}

/// <summary>
/// A runspace of real PowerShell (the Microsoft.PowerShell.SDK this project references) with the staged out/EcsNic
/// imported, on a <see cref="ScriptedHost"/>. $Connection holds the splat that points a cmdlet at the emulator.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(EmulatorProcess emulator, ScriptedHost? host = null)
    {
        Host = host ?? new ScriptedHost();
        var state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
        Run("Import-Module -Name $args[0] -ErrorAction Stop; Disconnect-EcsCloud", RepoPaths.StagedManifest).AssertClean();
        var secret = new SecureString();
        foreach (var c in emulator.SecretKey) secret.AppendChar(c);
        secret.MakeReadOnly();
        _runspace.SessionStateProxy.SetVariable("Connection", new Hashtable
        {
            ["Region"] = emulator.Region,
            ["Endpoint"] = emulator.BaseUri,
            ["IamEndpoint"] = emulator.IamUri,
            ["Credential"] = new PSCredential(emulator.AccessKey, secret),
        });
    }

    public ScriptedHost Host { get; }

    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Runs <paramref name="script"/> (with <paramref name="arguments"/> as $args) to the end.</summary>
    public ScriptRun Run(string script, params object?[] arguments) => Start(script, arguments).Wait();

    /// <summary>Starts <paramref name="script"/> on the runspace's pipeline thread and returns at once.</summary>
    public RunningScript Start(string script, params object?[] arguments)
    {
        var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        return new RunningScript(shell);
    }

    /// <summary>The completions PowerShell offers with the cursor at the end of <paramref name="input"/>.</summary>
    public IReadOnlyList<CompletionResult> Complete(string input)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        return CommandCompletion.CompleteInput(input, input.Length, null, shell).CompletionMatches.ToArray();
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>A script running asynchronously, which a test can stop as Ctrl+C would (PowerShell.Stop).</summary>
public sealed class RunningScript
{
    private readonly System.Management.Automation.PowerShell _shell;
    private readonly List<StreamEvent> _events = new();
    private readonly IAsyncResult _pending;

    internal RunningScript(System.Management.Automation.PowerShell shell)
    {
        _shell = shell;
        var output = new PSDataCollection<PSObject>();
        Watch(output, "Output");
        Watch(shell.Streams.Error, "Error");
        Watch(shell.Streams.Warning, "Warning");
        Watch(shell.Streams.Verbose, "Verbose");
        Watch(shell.Streams.Debug, "Debug");
        Watch(shell.Streams.Progress, "Progress");
        Watch(shell.Streams.Information, "Information");
        _pending = shell.BeginInvoke<PSObject, PSObject>(null, output);
    }

    /// <summary>The records written so far.</summary>
    public IReadOnlyList<StreamEvent> EventsSoFar
    {
        get { lock (_events) return _events.ToArray(); }
    }

    /// <summary>Stops the pipeline the way Ctrl+C does and returns how long PowerShell.Stop() took to return.</summary>
    public TimeSpan Stop()
    {
        var watch = Stopwatch.StartNew();
        _shell.Stop();
        return watch.Elapsed;
    }

    /// <summary>Waits for the end (the timeout only guards against a hang) and returns what the script wrote.</summary>
    public ScriptRun Wait(TimeSpan? hangGuard = null)
    {
        if (!_pending.AsyncWaitHandle.WaitOne(hangGuard ?? TimeSpan.FromSeconds(120)))
            throw new TimeoutException("Hang guard: the script did not end.");
        RuntimeException? terminating = null;
        try
        {
            _shell.EndInvoke(_pending);
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }
        finally
        {
            _shell.Dispose();
        }
        return new ScriptRun(EventsSoFar, terminating);
    }

    private void Watch<T>(PSDataCollection<T> collection, string stream)
    {
        // DataAdded is raised on the writing thread, so this list keeps the pipeline's own interleaving of the streams.
        collection.DataAdded += (sender, e) =>
        {
            var item = ((PSDataCollection<T>)sender!)[e.Index];
            lock (_events) _events.Add(new StreamEvent(stream, item!));
        };
    }
}
