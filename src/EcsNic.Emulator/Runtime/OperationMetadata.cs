using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsNic.Emulator.Runtime;

/// <summary>Endpoint metadata naming the operation; the PUT NIC route decides between bind and unbind from the body.</summary>
internal sealed class OperationMetadata
{
    private readonly Func<byte[], string>? _resolver;

    public OperationMetadata(string name, ServiceKind service, Func<byte[], string>? resolver = null)
    {
        Name = name;
        Service = service;
        _resolver = resolver;
    }

    public string Name { get; }
    public ServiceKind Service { get; }
    public bool RequiresSignature => Service != ServiceKind.Metadata;

    public string Resolve(byte[] body) => _resolver?.Invoke(body) ?? Name;

    /// <summary>Unbind is the same call with both subnet_id and ip_address empty.</summary>
    public static string BindOrUnbind(byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject { } root && root["nic"] is JsonObject nic &&
                nic["subnet_id"] is JsonValue s && s.TryGetValue<string>(out var subnet) && subnet.Length == 0 &&
                nic["ip_address"] is JsonValue i && i.TryGetValue<string>(out var ip) && ip.Length == 0)
                return Operations.DisassociateServerVirtualIp;
        }
        catch (JsonException)
        {
        }
        return Operations.AssociateServerVirtualIp;
    }
}
