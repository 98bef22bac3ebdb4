using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace EcsNic.PowerShell.Tests.TestSupport;

/// <summary>One ShouldProcess (or other) choice prompt the host was shown.</summary>
public sealed record ChoicePrompt(string Caption, string Message, IReadOnlyList<string> Choices);

/// <summary>
/// A PSHost for tests: answers choice prompts (the -Confirm prompt) from a script of labels such as "&amp;Yes" or
/// "Yes to &amp;All", records every prompt, and fails loudly on any prompt it has no answer for, so that an unexpected
/// prompt can never hang a test or pass unnoticed.
/// </summary>
public sealed class ScriptedHost : PSHost
{
    private readonly ScriptedHostUserInterface _ui = new();

    public override string Name => "EcsNicTestHost";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

    /// <summary>Answers for the next choice prompts, by the choice's label without the accelerator ("Yes", "No", "Yes to All").</summary>
    public Queue<string> Answers => _ui.Answers;

    public IReadOnlyList<ChoicePrompt> Prompts => _ui.Prompts;

    /// <summary>The lines written to the host (Write-Host, -WhatIf messages).</summary>
    public IReadOnlyList<string> Lines => _ui.Lines;

    /// <summary>The warnings written to the host itself (not to the warning stream), such as what a stopped wait leaves running.</summary>
    public IReadOnlyList<string> WarningLines => _ui.WarningLines.ToArray();

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException("No nested prompts in tests.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("No nested prompts in tests.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    private sealed class ScriptedHostUserInterface : PSHostUserInterface
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> WarningLines { get; } = new();

        private readonly List<ChoicePrompt> _prompts = new();
        private readonly List<string> _lines = new();
        private readonly RawUserInterface _raw = new();

        public Queue<string> Answers { get; } = new();

        public IReadOnlyList<ChoicePrompt> Prompts
        {
            get { lock (_prompts) return _prompts.ToArray(); }
        }

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        public override PSHostRawUserInterface RawUI => _raw;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var labels = new List<string>();
            foreach (var choice in choices) labels.Add(choice.Label.Replace("&", string.Empty, StringComparison.Ordinal));
            lock (_prompts) _prompts.Add(new ChoicePrompt(caption, message, labels));
            if (!Answers.TryDequeue(out var answer))
                throw new InvalidOperationException($"Unexpected prompt '{caption}': {message}");
            var index = labels.FindIndex(l => string.Equals(l, answer, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new InvalidOperationException($"No choice '{answer}' in [{string.Join(", ", labels)}].");
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new InvalidOperationException($"Unexpected prompt for input '{caption}': {message}");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new InvalidOperationException("Unexpected credential prompt.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new InvalidOperationException("Unexpected credential prompt.");

        public override string ReadLine() => throw new InvalidOperationException("Unexpected ReadLine.");

        public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("Unexpected ReadLine.");

        public override void Write(string value)
        {
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
        }

        public override void WriteLine(string value)
        {
            lock (_lines) _lines.Add(value);
        }

        public override void WriteErrorLine(string value)
        {
        }

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message) => WarningLines.Enqueue(message);
    }

    // A console of 120 columns; Out-String -Width overrides it.
    private sealed class RawUserInterface : PSHostRawUserInterface
    {
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Coordinates CursorPosition { get; set; }

        public override Coordinates WindowPosition { get; set; }

        public override int CursorSize { get; set; }

        public override Size BufferSize { get; set; } = new(120, 3000);

        public override Size WindowSize { get; set; } = new(120, 50);

        public override Size MaxWindowSize => new(120, 50);

        public override Size MaxPhysicalWindowSize => new(120, 50);

        public override bool KeyAvailable => false;

        public override string WindowTitle { get; set; } = string.Empty;

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new InvalidOperationException("Unexpected ReadKey.");

        public override void FlushInputBuffer()
        {
        }

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
        {
        }

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
        {
        }
    }
}
