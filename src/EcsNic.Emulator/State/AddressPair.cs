namespace EcsNic.Emulator.State;

/// <summary>One entry of a port's <c>allowed_address_pairs</c>.</summary>
public sealed record AddressPair(string IpAddress, string MacAddress);
