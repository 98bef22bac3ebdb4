using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Models;
using EcsNic.Core.Session;

namespace EcsNic.Core.Workflows;

/// <summary>
/// The words of confirmation prompts: each NIC with its address beside its ID, and a long list cut after
/// <see cref="MaxListed"/> items with "and N more", as AWS.Tools does.
/// </summary>
public static class ConfirmationText
{
    /// <summary>The most items a prompt names; more would push the question off the screen.</summary>
    public const int MaxListed = 10;

    /// <summary>The NIC's ID followed by its addresses, such as "5a1f... (192.168.0.12)"; the ID alone when none is known.</summary>
    public static string Nic(string nicId, IReadOnlyList<string>? addresses)
    {
        if (nicId is null) throw new ArgumentNullException(nameof(nicId));
        var known = addresses?.Where(a => !string.IsNullOrEmpty(a)).ToArray() ?? Array.Empty<string>();
        return known.Length == 0 ? nicId : $"{nicId} ({string.Join(", ", known)})";
    }

    /// <summary>The NIC with the addresses of <paramref name="record"/>, else those this session last saw for it.</summary>
    public static string Nic(string nicId, ServerNic? record, RecentResources? recent) =>
        Nic(nicId, record?.FixedIps ?? recent?.Find(nicId)?.FixedIps);

    /// <summary>The items joined with ", ", at most <see cref="MaxListed"/> of them, then "and N more".</summary>
    public static string List(IReadOnlyList<string> items)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        if (items.Count <= MaxListed) return string.Join(", ", items);
        return string.Join(", ", items.Take(MaxListed)) + $" and {items.Count - MaxListed} more";
    }
}
