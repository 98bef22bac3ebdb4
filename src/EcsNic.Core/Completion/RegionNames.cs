using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Api;

namespace EcsNic.Core.Completion;

/// <summary>
/// Tab completion of -Region over <see cref="Endpoints.KnownRegions"/>. Completion only: any other region name shaped
/// like one is still accepted, because Huawei opens regions faster than the list is updated.
/// </summary>
public static class RegionNames
{
    // Display names from Huawei's "Regions and Endpoints" and product pages; a region left out has a name we could not
    // confirm, and is described by its endpoint alone.
    private static readonly Dictionary<string, string> DisplayNames = new(StringComparer.Ordinal)
    {
        ["cn-north-1"] = "CN North-Beijing1",
        ["cn-north-2"] = "CN North-Beijing2",
        ["cn-north-4"] = "CN North-Beijing4",
        ["cn-north-9"] = "CN North-Ulanqab1",
        ["cn-east-2"] = "CN East-Shanghai2",
        ["cn-east-3"] = "CN East-Shanghai1",
        ["cn-east-4"] = "CN East2",
        ["cn-east-5"] = "CN East-Qingdao",
        ["cn-south-1"] = "CN South-Guangzhou",
        ["cn-south-2"] = "CN South-Shenzhen",
        ["cn-south-4"] = "CN South-Guangzhou-InvitationOnly",
        ["cn-southwest-2"] = "CN Southwest-Guiyang1",
        ["ap-southeast-1"] = "CN-Hong Kong",
        ["ap-southeast-2"] = "AP-Bangkok",
        ["ap-southeast-3"] = "AP-Singapore",
        ["ap-southeast-4"] = "AP-Jakarta",
        ["ap-southeast-5"] = "AP-Manila",
        ["af-south-1"] = "AF-Johannesburg",
        ["af-north-1"] = "AF-Cairo",
        ["sa-brazil-1"] = "LA-Sao Paulo1",
        ["la-north-2"] = "LA-Mexico City2",
        ["na-mexico-1"] = "LA-Mexico City1",
        ["la-south-2"] = "LA-Santiago",
        ["tr-west-1"] = "TR-Istanbul",
        ["me-east-1"] = "ME-Riyadh",
        ["eu-west-0"] = "EU-Paris",
        ["eu-west-101"] = "EU-Dublin",
    };

    /// <summary>The known region names in natural order: cn-north-2 before cn-north-11.</summary>
    public static IReadOnlyList<string> Known { get; } = Endpoints.KnownRegions.OrderBy(r => r, NaturalOrder.Instance).ToArray();

    /// <summary>The region's display name, such as "CN North-Beijing4", or null when it is not known.</summary>
    public static string? DisplayName(string region) =>
        region is not null && DisplayNames.TryGetValue(region, out var name) ? name : null;

    /// <summary>
    /// Completes -Region: the known regions that start with what the user typed, in natural order, each described by its
    /// display name and ECS endpoint.
    /// </summary>
    public static IReadOnlyList<CompletionCandidate> Candidates(string? wordToComplete) =>
        ArgumentCompletion.Complete(wordToComplete, Known.Select(r => new CompletionValue(r, Describe(r))), Known.Count);

    /// <summary>The known regions that start with what the user typed (case-insensitive; surrounding quotes ignored).</summary>
    public static IReadOnlyList<string> Complete(string? wordToComplete)
    {
        var prefix = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        return Known.Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToArray();
    }

    private static string Describe(string region)
    {
        var host = Endpoints.EcsEndpointForRegion(region).Host;
        return DisplayName(region) is { } name ? $"{name}, {host}" : host;
    }

    /// <summary>Orders strings with their digit runs compared as numbers, so that region 2 comes before region 11.</summary>
    public sealed class NaturalOrder : IComparer<string>
    {
        /// <summary>The one instance.</summary>
        public static NaturalOrder Instance { get; } = new();

        /// <inheritdoc />
        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsDigit(x[i]) && char.IsDigit(y[j]))
                {
                    var si = i;
                    var sj = j;
                    while (i < x.Length && char.IsDigit(x[i])) i++;
                    while (j < y.Length && char.IsDigit(y[j])) j++;
                    var a = x.Substring(si, i - si).TrimStart('0');
                    var b = y.Substring(sj, j - sj).TrimStart('0');
                    var byNumber = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                    if (byNumber != 0) return byNumber;
                }
                else
                {
                    var byChar = x[i].CompareTo(y[j]);
                    if (byChar != 0) return byChar;
                    i++;
                    j++;
                }
            }
            return (x.Length - i).CompareTo(y.Length - j);
        }
    }
}
