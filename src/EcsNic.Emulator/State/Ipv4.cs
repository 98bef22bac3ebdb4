using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EcsNic.Emulator.State;

/// <summary>Dotted-quad helpers working on host-order integers.</summary>
public static class Ipv4
{
    /// <summary>Parses a strict dotted-quad IPv4 address (no shortened or IPv6 forms).</summary>
    public static bool TryParse(string? text, out uint address)
    {
        address = 0;
        if (string.IsNullOrEmpty(text)) return false;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3) return false;
            foreach (var c in part)
            {
                if (c is < '0' or > '9') return false;
            }
            var value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255) return false;
            address = (address << 8) | (uint)value;
        }
        return IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;
    }

    /// <summary>Formats a host-order integer as a dotted quad.</summary>
    public static string Format(uint address) => string.Create(CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
}
