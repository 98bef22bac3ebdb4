using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsNic.Core.Session;

namespace EcsNic.Completers;

/// <summary>
/// Tab-completes -ServerId with the servers whose NICs this session has listed or attached, most recent first. It never
/// calls the cloud: run Get-EcsServerNic once and its servers complete from then on.
/// </summary>
public sealed class ServerIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionResults.From(EcsSession.Default.Recent.CompleteServerIds(wordToComplete));
}
