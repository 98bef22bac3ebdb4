using System.Collections;
using System.Collections.Generic;
using EcsNic.Core.Completion;
using EcsNic.Core.Session;

namespace EcsNic.Completers;

/// <summary>
/// Tab-completes -ServerId with the servers whose NICs this session has listed or attached, most recent first. It never
/// calls the cloud: run Get-EcsServerNic once and its servers complete from then on.
/// </summary>
public sealed class ServerIdCompleter : CandidateCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<CompletionCandidate> Candidates(string wordToComplete, IDictionary? fakeBoundParameters) =>
        EcsSession.Default.Recent.CompleteServerIds(wordToComplete);
}
