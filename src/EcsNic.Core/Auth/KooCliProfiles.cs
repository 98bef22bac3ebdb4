using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using EcsNic.Core.Completion;
using EcsNic.Core.Session;

namespace EcsNic.Core.Auth;

/// <summary>What tab completion may show of a KooCLI profile: its name, mode and region, never a key.</summary>
public sealed class KooCliProfileSummary
{
    /// <summary>Creates the record.</summary>
    public KooCliProfileSummary(string name, string? mode, string? region, bool isCurrent)
    {
        Name = name;
        Mode = mode;
        Region = region;
        IsCurrent = isCurrent;
    }

    /// <summary>The profile name.</summary>
    public string Name { get; }

    /// <summary>The authentication mode (AKSK, ECSAgency, SSO...), or null.</summary>
    public string? Mode { get; }

    /// <summary>The profile's region, or null.</summary>
    public string? Region { get; }

    /// <summary>True for the file's current profile.</summary>
    public bool IsCurrent { get; }
}

/// <summary>
/// Lists the profiles of KooCLI's config file for -ProfileName completion. Only the names, modes, regions and the
/// current marker are read out of the parsed file; keys are never copied anywhere. Any problem (no file, too large,
/// bad JSON) gives an empty list: completion must never fail or print anything.
/// </summary>
public static class KooCliProfiles
{
    /// <summary>The most profiles listed.</summary>
    public const int MaxProfiles = 100;

    private const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The profiles of the config file: <paramref name="configPath"/>, else the file <c>ECSNIC_KOOCLI_CONFIG</c> names,
    /// else ~/.hcloud/config.json. The current profile comes first, then the others in file order.
    /// </summary>
    public static IReadOnlyList<KooCliProfileSummary> List(string? configPath = null, Func<string, string?>? getEnvironmentVariable = null)
    {
        var get = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        var path = configPath;
        if (string.IsNullOrWhiteSpace(path)) path = get(EnvironmentOverrides.KooCliConfigVariable)?.Trim();
        path = new KooCliProfileProvider(path, null, get).ConfigPath;
        try
        {
            if (path is null || !File.Exists(path) || new FileInfo(path).Length > MaxFileBytes)
                return Array.Empty<KooCliProfileSummary>();
            var bytes = File.ReadAllBytes(path);
            try
            {
                return Parse(bytes);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            return Array.Empty<KooCliProfileSummary>();
        }
    }

    /// <summary>Completes a profile name; the tooltip shows the mode, the region and whether it is the current one.</summary>
    public static IReadOnlyList<CompletionCandidate> Complete(string? wordToComplete, string? configPath = null,
        Func<string, string?>? getEnvironmentVariable = null) =>
        ArgumentCompletion.Complete(wordToComplete, List(configPath, getEnvironmentVariable).Select(p =>
        {
            var parts = new List<string> { "KooCLI profile" };
            if (p.Mode is not null) parts.Add(p.Mode);
            if (p.Region is not null) parts.Add("region " + p.Region);
            if (p.IsCurrent) parts.Add("current");
            return new CompletionValue(p.Name, string.Join(", ", parts));
        }));

    private static IReadOnlyList<KooCliProfileSummary> Parse(byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        using var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start),
            new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("profiles", out var list) || list.ValueKind != JsonValueKind.Array)
            return Array.Empty<KooCliProfileSummary>();
        var current = Text(root, "current");
        var profiles = new List<KooCliProfileSummary>();
        foreach (var profile in list.EnumerateArray())
        {
            if (profiles.Count >= MaxProfiles) break;
            if (profile.ValueKind != JsonValueKind.Object || Text(profile, "name") is not { } name) continue;
            profiles.Add(new KooCliProfileSummary(name, Text(profile, "mode"), Text(profile, "region"),
                string.Equals(name, current, StringComparison.Ordinal)));
        }
        return profiles.OrderByDescending(p => p.IsCurrent).ToArray();
    }

    private static string? Text(JsonElement obj, string property)
    {
        if (!obj.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String) return null;
        var text = value.GetString()?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
