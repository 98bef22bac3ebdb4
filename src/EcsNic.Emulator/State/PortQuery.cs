using System.Collections.Generic;

namespace EcsNic.Emulator.State;

/// <summary>The filters ListPorts understands; null (or an empty list) does not filter.</summary>
internal sealed record PortQuery(string? Id, string? NetworkId, string? DeviceId, string? DeviceOwner, string? Name,
    string? Status, IReadOnlyList<string> FixedIpAddresses, IReadOnlyList<string> FixedIpSubnetIds);
