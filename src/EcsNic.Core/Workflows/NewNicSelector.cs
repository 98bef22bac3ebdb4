using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Picks the NICs an attach job created out of the server's NIC list after the job succeeded, so that
/// Add-EcsServerNic -Wait can emit them as <see cref="ServerNic"/> records.
/// </summary>
public static class NewNicSelector
{
    /// <summary>
    /// Returns the new NICs: those the job's sub-jobs name; else the ports the specs attached; else, when a list from
    /// before the attach is known, the NICs that were not on it. Order: the job's, the specs', or the list's.
    /// </summary>
    public static IReadOnlyList<ServerNic> Select(EcsJob job, IReadOnlyList<NicSpec> specs, IReadOnlyList<ServerNic>? before,
        IReadOnlyList<ServerNic> after)
    {
        if (job is null) throw new ArgumentNullException(nameof(job));
        if (specs is null) throw new ArgumentNullException(nameof(specs));
        if (after is null) throw new ArgumentNullException(nameof(after));

        var byId = new Dictionary<string, ServerNic>(StringComparer.OrdinalIgnoreCase);
        foreach (var nic in after)
        {
            if (!byId.ContainsKey(nic.PortId)) byId.Add(nic.PortId, nic);
        }

        var named = job.NicIds.Concat(specs.Where(s => s.PortId is not null).Select(s => s.PortId!))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (named.Count > 0)
            return named.Where(byId.ContainsKey).Select(id => byId[id]).ToArray();

        if (before is null) return Array.Empty<ServerNic>();
        var old = new HashSet<string>(before.Select(n => n.PortId), StringComparer.OrdinalIgnoreCase);
        return after.Where(n => !old.Contains(n.PortId)).ToArray();
    }
}
