using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Api;

namespace EcsNic.Core.Session;

/// <summary>
/// Tab completion of -Region over <see cref="Endpoints.KnownRegions"/>. Completion only: any other region name shaped
/// like one is still accepted, because Huawei opens regions faster than the list is updated.
/// </summary>
public static class RegionNames
{
    /// <summary>The known region names, sorted.</summary>
    public static IReadOnlyList<string> Known { get; } = Endpoints.KnownRegions.OrderBy(r => r, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Completes -Region: the known regions that start with what the user typed, each described by its ECS endpoint.
    /// </summary>
    public static IReadOnlyList<CompletionCandidate> Candidates(string? wordToComplete) =>
        ArgumentCompletion.Complete(wordToComplete,
            Known.Select(r => new CompletionValue(r, Endpoints.EcsEndpointForRegion(r).Host)), Known.Count);

    /// <summary>The known regions that start with what the user typed (case-insensitive; surrounding quotes ignored).</summary>
    public static IReadOnlyList<string> Complete(string? wordToComplete)
    {
        var prefix = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        return Known.Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToArray();
    }
}
