using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace EcsNic.Benchmarks.Signing;

/// <summary>
/// The official signer's vector for the AssociateServerVirtualIp PUT (<c>ecs-nic-vip-bind</c>), read from the same
/// signing-vectors.json the signer's tests use, so the benchmark signs exactly the request the vector pins.
/// </summary>
public sealed class BindVector
{
    public const string VectorId = "ecs-nic-vip-bind";

    private BindVector(JsonElement v)
    {
        Method = v.GetProperty("method").GetString()!;
        Uri = new Uri(v.GetProperty("url").GetString()!);
        ContentType = v.GetProperty("content_type_param").GetString();
        BodyText = v.GetProperty("body_given").GetString()!;
        Body = Encoding.UTF8.GetBytes(BodyText);
        AccessKey = v.GetProperty("ak").GetString()!;
        SecretKey = v.GetProperty("sk").GetString()!;
        Authorization = v.GetProperty("authorization").GetString()!;
        Headers = v.GetProperty("headers_given").EnumerateObject()
            .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))
            .ToArray();
    }

    public string Method { get; }
    public Uri Uri { get; }
    public string? ContentType { get; }
    public string BodyText { get; }
    public byte[] Body { get; }
    public string AccessKey { get; }
    public string SecretKey { get; }

    /// <summary>The Authorization value the official SDK produced.</summary>
    public string Authorization { get; }

    /// <summary>The headers given to the signer (the fixed X-Sdk-Date).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "TestData", "signing-vectors.json");

    public static BindVector Load(string? path = null)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path ?? DefaultPath));
        var vector = document.RootElement.GetProperty("vectors").EnumerateArray()
            .Single(v => v.GetProperty("id").GetString() == VectorId);
        return new BindVector(vector.Clone());
    }
}
