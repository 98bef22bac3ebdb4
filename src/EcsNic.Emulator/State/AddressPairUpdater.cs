using System;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator.State;

/// <summary>
/// Changes a port's allowed_address_pairs. With the race model on, an update reads the list, pauses, then writes what it
/// read plus its change, without any lock, so concurrent updates of one port can lose entries as on the real service. Off,
/// the update is atomic per port. The state lock is never held, so the pause does not stall the rest of the cloud.
/// </summary>
internal sealed class AddressPairUpdater(EmulatorSettings settings)
{
    public async Task UpdateAsync(PortRecord port, Func<AddressPair[], AddressPair[]> change)
    {
        if (settings.RaceModelEnabled)
        {
            var before = port.Pairs;
            var pause = settings.RacePause;
            if (pause > TimeSpan.Zero) await Task.Delay(pause).ConfigureAwait(false);
            port.Pairs = change(before);
            return;
        }
        lock (port.PairsGate) port.Pairs = change(port.Pairs);
    }

    /// <summary>The list with the pair added, unless it is there already (pairs are a set).</summary>
    public static AddressPair[] With(AddressPair[] pairs, AddressPair pair) =>
        pairs.Contains(pair) ? pairs : pairs.Append(pair).ToArray();

    /// <summary>The list without the pairs that match; the same array when none does.</summary>
    public static AddressPair[] Without(AddressPair[] pairs, Func<AddressPair, bool> remove) =>
        pairs.Any(remove) ? pairs.Where(p => !remove(p)).ToArray() : pairs;
}
