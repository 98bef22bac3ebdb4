using System.Text.Json.Serialization;

namespace EcsNic.Core.Models;

/// <summary>Source-generated System.Text.Json metadata for the VPC v1 wire shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CreateVpcRequest))]
[JsonSerializable(typeof(VpcResponse))]
[JsonSerializable(typeof(VpcListResponse))]
[JsonSerializable(typeof(CreateSubnetRequest))]
[JsonSerializable(typeof(SubnetResponse))]
[JsonSerializable(typeof(SubnetListResponse))]
[JsonSerializable(typeof(CreatePortRequest))]
[JsonSerializable(typeof(PortResponse))]
[JsonSerializable(typeof(PortListResponse))]
[JsonSerializable(typeof(UpdatePortRequest))]
public sealed partial class VpcJsonContext : JsonSerializerContext
{
}
