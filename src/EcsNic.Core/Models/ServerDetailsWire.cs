using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace EcsNic.Core.Models;

/// <summary>
/// One address of a server (ShowServer's <c>server.addresses</c>): Huawei marks the primary NIC there with
/// <c>primary</c>, which ListServerInterfaces does not carry.
/// </summary>
public sealed class ServerAddressWire
{
    /// <summary>The address.</summary>
    [JsonPropertyName("addr")] public string? Address { get; set; }

    /// <summary>The port (NIC) the address belongs to.</summary>
    [JsonPropertyName("OS-EXT-IPS:port_id")] public string? PortId { get; set; }

    /// <summary>fixed or floating.</summary>
    [JsonPropertyName("OS-EXT-IPS:type")] public string? Type { get; set; }

    /// <summary>True for the primary NIC, false for an extension NIC.</summary>
    [JsonPropertyName("primary")] public bool? Primary { get; set; }
}

/// <summary>The part of ShowServer's <c>server</c> object EcsNic reads.</summary>
public sealed class ServerDetailWire
{
    /// <summary>The server ID.</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary>The addresses, keyed by VPC ID.</summary>
    [JsonPropertyName("addresses")] public Dictionary<string, List<ServerAddressWire>>? Addresses { get; set; }
}

/// <summary>The answer of GET /v1/{project_id}/cloudservers/{server_id}.</summary>
public sealed class ServerDetailResponse
{
    /// <summary>The server.</summary>
    [JsonPropertyName("server")] public ServerDetailWire? Server { get; set; }
}
