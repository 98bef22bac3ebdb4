using System;
using EcsNic.Core.Api;

namespace EcsNic.Core.Session;

/// <summary>
/// Process-level switches for the credential chain, read from environment variables so that tests and emulator users
/// can keep the chain away from the real instance metadata service and from the user's own KooCLI profile:
/// <c>ECSNIC_METADATA_ENDPOINT</c> (a base URL, or <c>off</c> to skip instance metadata) and
/// <c>ECSNIC_KOOCLI_CONFIG</c> (the path of a KooCLI config.json).
/// </summary>
public sealed class EnvironmentOverrides
{
    /// <summary>The variable naming the metadata base URL, or <c>off</c>.</summary>
    public const string MetadataEndpointVariable = "ECSNIC_METADATA_ENDPOINT";

    /// <summary>The variable naming the KooCLI config file.</summary>
    public const string KooCliConfigVariable = "ECSNIC_KOOCLI_CONFIG";

    /// <summary>Creates the record.</summary>
    public EnvironmentOverrides(Uri? metadataEndpoint, bool useInstanceMetadata, string? kooCliConfigPath)
    {
        MetadataEndpoint = metadataEndpoint;
        UseInstanceMetadata = useInstanceMetadata;
        KooCliConfigPath = kooCliConfigPath;
    }

    /// <summary>No overrides: the chain's own defaults.</summary>
    public static EnvironmentOverrides None { get; } = new(null, true, null);

    /// <summary>The metadata base URL, or null for the default.</summary>
    public Uri? MetadataEndpoint { get; }

    /// <summary>False when instance metadata is switched off.</summary>
    public bool UseInstanceMetadata { get; }

    /// <summary>The KooCLI config path, or null for ~/.hcloud/config.json.</summary>
    public string? KooCliConfigPath { get; }

    /// <summary>A stable text of the overrides, for the client cache key.</summary>
    public string Describe() =>
        $"md={(UseInstanceMetadata ? MetadataEndpoint?.AbsoluteUri ?? "default" : "off")};koo={KooCliConfigPath ?? "default"}";

    /// <summary>Reads the variables; an unusable metadata URL is an error rather than a silent fallback to the real service.</summary>
    public static EnvironmentOverrides Read(Func<string, string?>? getEnvironmentVariable = null)
    {
        var get = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        var metadata = get(MetadataEndpointVariable)?.Trim();
        var koo = get(KooCliConfigVariable)?.Trim();
        Uri? metadataUri = null;
        var useMetadata = true;
        if (!string.IsNullOrEmpty(metadata))
        {
            if (string.Equals(metadata, "off", StringComparison.OrdinalIgnoreCase) ||
                string.Equals(metadata, "none", StringComparison.OrdinalIgnoreCase))
            {
                useMetadata = false;
            }
            else if (Uri.TryCreate(metadata, UriKind.Absolute, out var uri) &&
                     (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                metadataUri = uri;
            }
            else
            {
                throw new EcsValidationException(MetadataEndpointVariable, metadata, "is neither an absolute http(s) URL nor 'off'.");
            }
        }
        return new EnvironmentOverrides(metadataUri, useMetadata, string.IsNullOrEmpty(koo) ? null : koo);
    }
}
