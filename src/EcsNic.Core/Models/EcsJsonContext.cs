using System.Text.Json.Serialization;

namespace EcsNic.Core.Models;

/// <summary>Source-generated System.Text.Json metadata for every wire shape, so no reflection is used at run time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(VirtualIpRequest))]
[JsonSerializable(typeof(PortIdResponse))]
[JsonSerializable(typeof(BatchAddNicsRequest))]
[JsonSerializable(typeof(BatchDeleteNicsRequest))]
[JsonSerializable(typeof(JobIdResponse))]
[JsonSerializable(typeof(InterfaceAttachmentsResponse))]
[JsonSerializable(typeof(JobResponse))]
[JsonSerializable(typeof(ProjectsResponse))]
[JsonSerializable(typeof(ErrorBodyWire))]
[JsonSerializable(typeof(MetadataSecurityKeyResponse))]
[JsonSerializable(typeof(ServerLimitsResponse))]
[JsonSerializable(typeof(ServerDetailResponse))]
public sealed partial class EcsJsonContext : JsonSerializerContext
{
}
