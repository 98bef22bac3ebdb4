using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Emulator.State;

/// <summary>The order the VPC lists answer in: oldest first, ties broken by ID, so paging with a marker is stable.</summary>
internal static class CreationOrder
{
    public static IReadOnlyList<T> InCreationOrder<T>(this IEnumerable<T> rows) where T : IResourceRecord =>
        rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
}
