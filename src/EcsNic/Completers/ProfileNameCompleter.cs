using System.Collections;
using System.Collections.Generic;
using EcsNic.Core.Auth;
using EcsNic.Core.Completion;

namespace EcsNic.Completers;

/// <summary>
/// Tab-completes -ProfileName with the profiles of the KooCLI config file (ECSNIC_KOOCLI_CONFIG, else
/// ~/.hcloud/config.json), current profile first. Only names, modes and regions are read out; never a key.
/// </summary>
public sealed class ProfileNameCompleter : CandidateCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<CompletionCandidate> Candidates(string wordToComplete, IDictionary? fakeBoundParameters) =>
        KooCliProfiles.Complete(wordToComplete);
}
