using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsNic.Core.Session;

namespace EcsNic.Completers;

/// <summary>Tab-completes -Region with the regions the official SDK knows; other region names are still accepted.</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionResults.From(RegionNames.Candidates(wordToComplete));
}
