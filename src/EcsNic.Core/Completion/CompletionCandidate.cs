
namespace EcsNic.Core.Completion;

/// <summary>One tab-completion result, as PowerShell's CompletionResult takes it.</summary>
public sealed class CompletionCandidate
{
    /// <summary>Creates the record.</summary>
    public CompletionCandidate(string completionText, string listItemText, string toolTip)
    {
        CompletionText = completionText;
        ListItemText = listItemText;
        ToolTip = toolTip;
    }

    /// <summary>The text that replaces the word, quoted when the command line needs it.</summary>
    public string CompletionText { get; }

    /// <summary>The text shown in the completion menu.</summary>
    public string ListItemText { get; }

    /// <summary>The description shown for the selected item.</summary>
    public string ToolTip { get; }

    /// <inheritdoc />
    public override string ToString() => CompletionText;
}
