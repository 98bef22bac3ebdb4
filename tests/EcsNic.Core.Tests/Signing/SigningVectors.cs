using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EcsNic.Core.Tests.Signing;

/// <summary>Loads the official-signer vectors: the repository copy, or the file named by ECSNIC_SIGNING_VECTORS.</summary>
internal static class SigningVectors
{
    public const string EnvironmentVariable = "ECSNIC_SIGNING_VECTORS";
    public const string Algorithm = "SDK-HMAC-SHA256";

    private static readonly Lazy<JsonDocument> Document = new(Load);

    public static string SourcePath
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(fromEnv)
                ? Path.Combine(AppContext.BaseDirectory, "TestData", "signing-vectors.json")
                : fromEnv.Trim();
        }
    }

    public static IReadOnlyList<JsonElement> Sha256Vectors =>
        Document.Value.RootElement.GetProperty("vectors").EnumerateArray()
            .Where(v => v.TryGetProperty("algorithm", out var a) && a.GetString() == Algorithm)
            .ToList();

    public static IReadOnlyList<JsonElement> PipelineCaptures =>
        Document.Value.RootElement.TryGetProperty("pipeline_captures", out var captures)
            ? captures.EnumerateArray().ToList()
            : Array.Empty<JsonElement>();

    public static JsonElement Vector(string id) => Sha256Vectors.Single(v => v.GetProperty("id").GetString() == id);

    private static JsonDocument Load()
    {
        var path = SourcePath;
        if (!File.Exists(path))
            throw new FileNotFoundException($"Signing vectors not found at '{path}' (set {EnvironmentVariable} to override).", path);
        return JsonDocument.Parse(File.ReadAllText(path));
    }
}
