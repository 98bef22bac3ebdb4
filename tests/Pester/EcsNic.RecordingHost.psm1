#Requires -Version 7.2
<#
    A PowerShell host that records what cmdlets tell the user through the host: warnings written with
    Host.UI.WriteWarningLine (as after Ctrl+C, when the pipeline no longer takes records) and the confirmation prompts of
    ShouldProcess, which it answers with a choice given in advance. Tests run commands in a runspace of this host with
    New-EcsNicRecordingRunspace, so that prompts can be read in a non-interactive test run.
#>

Set-StrictMode -Version Latest

if (-not ('EcsNicTests.RecordingHost' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace EcsNicTests
{
    public sealed class RecordingHost : PSHost
    {
        private readonly RecordingUserInterface _ui = new RecordingUserInterface();
        private readonly Guid _id = Guid.NewGuid();
        public override string Name { get { return "EcsNicRecordingHost"; } }
        public override Version Version { get { return new Version(1, 0); } }
        public override Guid InstanceId { get { return _id; } }
        public override PSHostUserInterface UI { get { return _ui; } }
        public RecordingUserInterface Recorder { get { return _ui; } }
        public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
        public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() { throw new NotSupportedException(); }
        public override void ExitNestedPrompt() { throw new NotSupportedException(); }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }

    public sealed class RecordingUserInterface : PSHostUserInterface
    {
        public readonly ConcurrentQueue<string> Warnings = new ConcurrentQueue<string>();
        public readonly ConcurrentQueue<string> Prompts = new ConcurrentQueue<string>();
        public int Choice = 2;
        public override PSHostRawUserInterface RawUI { get { return null; } }
        public override string ReadLine() { return string.Empty; }
        public override SecureString ReadLineAsSecureString() { throw new NotSupportedException(); }
        public override void Write(string value) { }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
        public override void WriteLine(string value) { }
        public override void WriteErrorLine(string value) { }
        public override void WriteDebugLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) { Warnings.Enqueue(message); }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            throw new NotSupportedException();
        }
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Enqueue(caption + "\n" + message);
            return Choice;
        }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        {
            throw new NotSupportedException();
        }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            throw new NotSupportedException();
        }
    }
}
'@
}

function New-EcsNicRecordingRunspace {
    <#
        Opens a runspace whose host is a new RecordingHost, with the module imported. Returns Host (the recorder: its
        Recorder.Warnings and Recorder.Prompts queues, and Recorder.Choice, the index answered to every prompt; 2 is
        "No"), Runspace and a New() script block that returns a [powershell] bound to the runspace.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $ModuleManifest)
    $recordingHost = [EcsNicTests.RecordingHost]::new()
    $runspace = [runspacefactory]::CreateRunspace($recordingHost)
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).Invoke()
    $ps.Dispose()
    [pscustomobject]@{ Host = $recordingHost; Runspace = $runspace }
}

# A [powershell] in the recording runspace with the command and its parameters added; the caller disposes it.
function New-RecordedCommand([object] $Recording, [string] $Command, [hashtable] $Parameters) {
    $ps = [powershell]::Create()
    $ps.Runspace = $Recording.Runspace
    $null = $ps.AddCommand($Command)
    foreach ($key in $Parameters.Keys) { $null = $ps.AddParameter($key, $Parameters[$key]) }
    $ps
}

function Invoke-EcsNicRecorded {
    <#
        Runs one command with its parameters in a recording runspace and returns what it wrote; the host's recorder
        then holds the prompts and warnings.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Recording,
        [Parameter(Mandatory = $true)] [string] $Command,
        [hashtable] $Parameters = @{}
    )
    $ps = New-RecordedCommand -Recording $Recording -Command $Command -Parameters $Parameters
    try {
        $ps.Invoke()
    }
    finally {
        $ps.Dispose()
    }
}

function Stop-EcsNicRecordedAfterSubmit {
    <#
        Starts a command with -Verbose in a recording runspace, waits until it writes "Submitted job <id>", then stops it
        as Ctrl+C would. Returns JobId, State (the pipeline's state after the stop) and Warnings (what the host was told).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Recording,
        [Parameter(Mandatory = $true)] [string] $Command,
        [hashtable] $Parameters = @{}
    )
    $ps = New-RecordedCommand -Recording $Recording -Command $Command -Parameters ($Parameters + @{ Verbose = $true })
    try {
        $running = $ps.BeginInvoke()
        # A guard against a hang only: the wait is for the job to be submitted, however long that takes.
        $deadline = [DateTime]::UtcNow.AddMinutes(3)
        while (-not ($ps.Streams.Verbose | Where-Object Message -Like 'Submitted job*') -and -not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 100
        }
        $submitted = @($ps.Streams.Verbose | Where-Object Message -Like 'Submitted job*')
        $ps.Stop()
        [pscustomobject]@{
            JobId    = if ($submitted.Count -eq 1) { ($submitted[0].Message -split ' ')[2] } else { $null }
            State    = $ps.InvocationStateInfo.State
            Warnings = @($Recording.Host.Recorder.Warnings.ToArray())
        }
    }
    finally {
        $ps.Dispose()
    }
}

Export-ModuleMember -Function 'New-EcsNicRecordingRunspace', 'Invoke-EcsNicRecorded', 'Stop-EcsNicRecordedAfterSubmit'
