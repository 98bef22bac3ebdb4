using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>A server row: its NICs by port ID in attachment order, the first being the primary NIC.</summary>
internal sealed class ServerRecord
{
    /// <summary>Where the seeded servers and subnets live.</summary>
    public const string DefaultAvailabilityZone = "cn-north-4a";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string VpcId { get; init; }
    public string AvailabilityZone { get; init; } = DefaultAvailabilityZone;
    public List<string> NicIds { get; } = new();

    /// <summary>Makes the port this server's last NIC, owned by compute in the server's zone.</summary>
    public void Attach(PortRecord port)
    {
        port.DeviceOwner = "compute:" + AvailabilityZone;
        port.DeviceId = Id;
        NicIds.Add(port.Id);
    }
}
