using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsNic.Core.Session;

namespace EcsNic.Completers;

/// <summary>Turns the core's completion candidates into PowerShell's CompletionResult objects.</summary>
internal static class CompletionResults
{
    public static IEnumerable<CompletionResult> From(IEnumerable<CompletionCandidate> candidates) =>
        candidates.Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip))
            .ToArray();
}
