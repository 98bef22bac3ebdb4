using System.Collections;
using System.Collections.Generic;
using EcsNic.Core.Completion;
using EcsNic.Core.Session;

namespace EcsNic.Completers;

/// <summary>
/// Tab-completes -JobId with the jobs this session submitted or read, most recent first, described by status, type and
/// server. It never calls the cloud.
/// </summary>
public sealed class JobIdCompleter : CandidateCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<CompletionCandidate> Candidates(string wordToComplete, IDictionary? fakeBoundParameters) =>
        EcsSession.Default.Recent.CompleteJobIds(wordToComplete);
}
