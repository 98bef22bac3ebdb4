
namespace EcsNic.Core.Auth;

/// <summary>Redaction helpers shared by every place that might print credential material.</summary>
public static class Redact
{
    /// <summary>The text that stands in for any secret value.</summary>
    public const string Placeholder = "***";

    /// <summary>Shows the first four characters of an access key, then a placeholder.</summary>
    public static string AccessKey(string? accessKey) =>
        string.IsNullOrEmpty(accessKey) ? "(none)" : (accessKey!.Length <= 4 ? Placeholder : accessKey.Substring(0, 4) + Placeholder);

    /// <summary>Replaces the Signature part of an SDK-HMAC-SHA256 Authorization value.</summary>
    public static string Authorization(string? value)
    {
        if (string.IsNullOrEmpty(value)) return string.Empty;
        var idx = value!.IndexOf("Signature=", System.StringComparison.Ordinal);
        return idx < 0 ? Placeholder : value.Substring(0, idx + "Signature=".Length) + Placeholder;
    }
}
