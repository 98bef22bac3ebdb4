using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsNic.Core.Completion;

namespace EcsNic.Completers;

/// <summary>
/// The one shape of the EcsNic completers: each names its candidates (from the core, never from the cloud), and this
/// turns them into PowerShell's completion results.
/// </summary>
public abstract class CandidateCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Candidates(wordToComplete, fakeBoundParameters)
            .Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip))
            .ToArray();

    /// <summary>The candidates for <paramref name="wordToComplete"/>, given the parameters already on the command line.</summary>
    protected abstract IEnumerable<CompletionCandidate> Candidates(string wordToComplete, IDictionary? fakeBoundParameters);
}
