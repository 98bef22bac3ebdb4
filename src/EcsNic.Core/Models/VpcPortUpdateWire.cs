using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace EcsNic.Core.Models;

/// <summary>One allowed address pair of an UpdatePort request; without a MAC the service uses the port's own.</summary>
public sealed class AddressPairOption
{
    /// <summary>An IPv4 address or CIDR (never 0.0.0.0/0; 1.1.1.1/0 switches the source/destination check off).</summary>
    [JsonPropertyName("ip_address")] public string IpAddress { get; set; } = string.Empty;

    /// <summary>The MAC address; not sent when null.</summary>
    [JsonPropertyName("mac_address")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MacAddress { get; set; }
}

/// <summary>The <c>port</c> object of UpdatePort; null members are left as they are.</summary>
public sealed class UpdatePortOption
{
    /// <summary>The new name (up to 255 characters).</summary>
    [JsonPropertyName("name")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    /// <summary>The whole new list of allowed address pairs: it replaces the port's list; an empty list clears it.</summary>
    [JsonPropertyName("allowed_address_pairs")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AddressPairOption>? AllowedAddressPairs { get; set; }
}

/// <summary>The body of PUT /v1/{project_id}/ports/{port_id}.</summary>
public sealed class UpdatePortRequest
{
    /// <summary>The changes.</summary>
    [JsonPropertyName("port")] public UpdatePortOption Port { get; set; } = new();
}
