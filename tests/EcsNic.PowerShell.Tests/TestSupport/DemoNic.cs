using System.Collections.Generic;
using System.Linq;

namespace EcsNic.PowerShell.Tests.TestSupport;

/// <summary>A seeded NIC of the emulator's demo account.</summary>
public sealed record DemoNic(string ServerId, string PortId, string SubnetId, string IpAddress, string MacAddress)
{
    /// <summary>The seeded NICs, server by server; the demo servers' first NICs are in subnet demo-a.</summary>
    public static IReadOnlyList<DemoNic> All(EmulatorProcess emulator) =>
        emulator.Servers.SelectMany(s => s["nics"]!.AsArray().Select(n => new DemoNic((string)s["id"]!, (string)n!["port_id"]!,
            (string)n["subnet_id"]!, (string)n["ip_address"]!, (string)n["mac_address"]!))).ToArray();

    /// <summary>The NICs in subnet demo-a (192.168.0.0/24), one per demo server.</summary>
    public static IReadOnlyList<DemoNic> InSubnetA(EmulatorProcess emulator)
    {
        var subnetA = (string)emulator.Subnets[0]["id"]!;
        return All(emulator).Where(n => n.SubnetId == subnetA).ToArray();
    }
}
