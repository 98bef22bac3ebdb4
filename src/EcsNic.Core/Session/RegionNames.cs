using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Session;

/// <summary>
/// The ECS regions the official SDK knows, for tab completion of -Region. Completion only: any other region name is
/// still accepted, because Huawei opens regions faster than this list is updated.
/// </summary>
/// <remarks>
/// Until <c>Api/Endpoints.KnownRegions</c> exists this list lives here; the integrator should point
/// <see cref="Known"/> at it and delete the copy.
/// </remarks>
public static class RegionNames
{
    private static readonly string[] Regions =
    {
        "af-north-1", "af-south-1", "ae-ad-1",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5",
        "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9",
        "cn-south-1", "cn-south-2", "cn-south-4", "cn-southwest-2",
        "eu-west-0", "eu-west-101",
        "la-north-2", "la-south-2",
        "me-east-1", "my-kualalumpur-1", "na-mexico-1",
        "ru-moscow-1", "sa-brazil-1", "tr-west-1",
    };

    /// <summary>The known region names, sorted.</summary>
    public static IReadOnlyList<string> Known { get; } = Regions.OrderBy(r => r, StringComparer.Ordinal).ToArray();

    /// <summary>The known regions that start with what the user typed (case-insensitive; surrounding quotes ignored).</summary>
    public static IReadOnlyList<string> Complete(string? wordToComplete)
    {
        var prefix = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        return Known.Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToArray();
    }
}
