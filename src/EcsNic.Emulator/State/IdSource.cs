using System;
using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>
/// Every UUID, job ID and MAC the emulator hands out, drawn from one seeded generator in the order they are asked for, so
/// that one seed always builds the same cloud; MACs stay unique while their port lives.
/// </summary>
internal sealed class IdSource(object gate)
{
    private readonly HashSet<string> _macs = new(StringComparer.Ordinal);
    private Random _rng = new(1);

    /// <summary>Starts the sequence again from a seed and forgets every MAC.</summary>
    public void Reset(int seed)
    {
        lock (gate)
        {
            _macs.Clear();
            _rng = new Random(seed);
        }
    }

    /// <summary>A version-4 UUID, as VPC, subnet, port and server IDs are.</summary>
    public string NewUuid()
    {
        lock (gate)
        {
            Span<byte> bytes = stackalloc byte[16];
            _rng.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString("D");
        }
    }

    /// <summary>32 lower-case hex digits, as job IDs are.</summary>
    public string NewHexId()
    {
        lock (gate)
        {
            Span<byte> bytes = stackalloc byte[16];
            _rng.NextBytes(bytes);
            return Convert.ToHexStringLower(bytes);
        }
    }

    /// <summary>An OpenStack-style MAC (fa:16:3e:xx:xx:xx) no other port has.</summary>
    public string NewMac()
    {
        lock (gate)
        {
            Span<byte> bytes = stackalloc byte[3];
            while (true)
            {
                _rng.NextBytes(bytes);
                var mac = "fa:16:3e:" + Convert.ToHexStringLower(bytes[..1]) + ":" + Convert.ToHexStringLower(bytes.Slice(1, 1)) + ":" +
                          Convert.ToHexStringLower(bytes.Slice(2, 1));
                if (_macs.Add(mac)) return mac;
            }
        }
    }

    /// <summary>Lets a deleted port's MAC be handed out again.</summary>
    public void ReleaseMac(string mac)
    {
        lock (gate) _macs.Remove(mac);
    }
}
