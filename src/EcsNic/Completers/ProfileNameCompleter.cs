using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsNic.Core.Auth;

namespace EcsNic.Completers;

/// <summary>
/// Tab-completes -ProfileName with the profiles of the KooCLI config file (ECSNIC_KOOCLI_CONFIG, else
/// ~/.hcloud/config.json), current profile first. Only names, modes and regions are read out; never a key.
/// </summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionResults.From(KooCliProfiles.Complete(wordToComplete));
}
