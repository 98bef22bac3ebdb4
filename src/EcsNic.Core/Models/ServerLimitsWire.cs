using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsNic.Core.Models;

/// <summary>
/// The answer of ShowServerLimits (<c>GET /v1/{project_id}/cloudservers/limits</c>): the tenant's ECS quotas. Only its
/// presence matters to EcsNic (Connect-EcsCloud validates with it), so the quotas stay raw JSON.
/// </summary>
public sealed class ServerLimitsResponse
{
    /// <summary>The quotas and their use, such as maxTotalInstances and totalInstancesUsed.</summary>
    [JsonPropertyName("absolute")] public JsonElement? Absolute { get; set; }
}
