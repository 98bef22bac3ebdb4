using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Session;

/// <summary>
/// Collects the NICs Remove-EcsServerNic receives and groups them per server, so that each server gets one
/// BatchDeleteServerNics call. Servers keep the order they first appeared in; a NIC given twice is removed once.
/// </summary>
public sealed class NicRemovalPlan
{
    private readonly List<string> _servers = new();
    private readonly Dictionary<string, List<string>> _nics = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many distinct NICs were added.</summary>
    public int NicCount => _nics.Values.Sum(l => l.Count);

    /// <summary>Adds a NIC of a server; IDs should already be checked.</summary>
    public void Add(string serverId, string nicId)
    {
        if (serverId is null) throw new ArgumentNullException(nameof(serverId));
        if (nicId is null) throw new ArgumentNullException(nameof(nicId));
        if (!_nics.TryGetValue(serverId, out var list))
        {
            list = new List<string>();
            _nics.Add(serverId, list);
            _servers.Add(serverId);
        }
        if (!list.Contains(nicId, StringComparer.OrdinalIgnoreCase)) list.Add(nicId);
    }

    /// <summary>Each server with its NICs, in the order the servers first appeared.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Groups() =>
        _servers.Select(s => new KeyValuePair<string, IReadOnlyList<string>>(s, _nics[s].ToArray())).ToArray();
}
