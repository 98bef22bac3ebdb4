using System.Collections;
using System.Collections.Generic;
using EcsNic.Core.Completion;

namespace EcsNic.Completers;

/// <summary>Tab-completes -Region with the regions the official SDK knows; other region names are still accepted.</summary>
public sealed class RegionCompleter : CandidateCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<CompletionCandidate> Candidates(string wordToComplete, IDictionary? fakeBoundParameters) =>
        RegionNames.Candidates(wordToComplete);
}
