using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsNic.Core.Session;

namespace EcsNic.Completers;

/// <summary>
/// Tab-completes -JobId with the jobs this session submitted or read, most recent first, described by status, type and
/// server. It never calls the cloud.
/// </summary>
public sealed class JobIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionResults.From(EcsSession.Default.Recent.CompleteJobIds(wordToComplete));
}
