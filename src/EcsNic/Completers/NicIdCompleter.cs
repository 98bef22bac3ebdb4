using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsNic.Core.Completion;
using EcsNic.Core.Session;

namespace EcsNic.Completers;

/// <summary>
/// Tab-completes -NicId with the NICs this session has listed or attached, most recent first, described by address, MAC
/// and server. When the command line already names -ServerId, only that server's NICs are offered. It never calls the
/// cloud.
/// </summary>
public sealed class NicIdCompleter : CandidateCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<CompletionCandidate> Candidates(string wordToComplete, IDictionary? fakeBoundParameters) =>
        EcsSession.Default.Recent.CompleteNicIds(wordToComplete, ServerIds(fakeBoundParameters));

    private static IReadOnlyCollection<string>? ServerIds(IDictionary? fakeBoundParameters)
    {
        if (fakeBoundParameters is null || !fakeBoundParameters.Contains("ServerId")) return null;
        var value = fakeBoundParameters["ServerId"];
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        var ids = value switch
        {
            string id => new[] { id },
            IEnumerable many => many.Cast<object?>().Select(o => (o is PSObject p ? p.BaseObject : o)?.ToString()).ToArray(),
            _ => new[] { value?.ToString() },
        };
        var result = ids.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim()).ToArray();
        return result.Length == 0 ? null : result;
    }
}
