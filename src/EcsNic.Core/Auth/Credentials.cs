using System;
using System.Security;
using System.Text;

namespace EcsNic.Core.Auth;

/// <summary>
/// An AK/SK credential set, optionally temporary (with a security token and expiry). The secret key and token
/// are never exposed through <see cref="ToString"/>, and the secret is held only as UTF-8 bytes.
/// </summary>
public sealed class Credentials
{
    private readonly byte[] _secretKeyUtf8;

    /// <summary>Creates credentials from an access key and a secret key given as a string.</summary>
    public Credentials(string accessKey, string secretKey, string? securityToken = null, string? projectId = null,
        string? domainId = null, DateTimeOffset? expiresAt = null, string source = "explicit")
        : this(accessKey, Encoding.UTF8.GetBytes(secretKey ?? throw new ArgumentNullException(nameof(secretKey))),
            securityToken, projectId, domainId, expiresAt, source)
    {
    }

    /// <summary>Creates credentials from an access key and the UTF-8 bytes of the secret key; the array is copied.</summary>
    public Credentials(string accessKey, byte[] secretKeyUtf8, string? securityToken = null, string? projectId = null,
        string? domainId = null, DateTimeOffset? expiresAt = null, string source = "explicit")
    {
        if (accessKey is null) throw new ArgumentNullException(nameof(accessKey));
        if (secretKeyUtf8 is null) throw new ArgumentNullException(nameof(secretKeyUtf8));
        accessKey = accessKey.Trim();
        if (accessKey.Length == 0)
            throw new ArgumentException("The access key is empty.", nameof(accessKey));
        foreach (var c in accessKey)
        {
            if (c < 0x21 || c > 0x7E || c == ',')
                throw new ArgumentException("The access key contains a character that cannot appear in an Authorization header.", nameof(accessKey));
        }
        if (secretKeyUtf8.Length == 0)
            throw new ArgumentException("The secret key is empty.", nameof(secretKeyUtf8));

        AccessKey = accessKey;
        _secretKeyUtf8 = (byte[])secretKeyUtf8.Clone();
        SecurityToken = string.IsNullOrWhiteSpace(securityToken) ? null : securityToken!.Trim();
        ProjectId = string.IsNullOrWhiteSpace(projectId) ? null : projectId!.Trim();
        DomainId = string.IsNullOrWhiteSpace(domainId) ? null : domainId!.Trim();
        ExpiresAt = expiresAt;
        Source = source;
    }

    // Copies every field and sets the region; the secret array is copied again by the public constructor.
    private Credentials(Credentials other, string? projectId, string? region)
        : this(other.AccessKey, other._secretKeyUtf8, other.SecurityToken, projectId, other.DomainId, other.ExpiresAt, other.Source)
    {
        Region = string.IsNullOrWhiteSpace(region) ? null : region!.Trim();
    }

    /// <summary>Creates credentials from a <see cref="SecureString"/> secret key, decoding it only into a byte array.</summary>
    public static Credentials FromSecureString(string accessKey, SecureString secretKey, string? securityToken = null,
        string? projectId = null, string source = "explicit")
    {
        if (secretKey is null) throw new ArgumentNullException(nameof(secretKey));
        var bytes = SecureStringBytes.ToUtf8(secretKey);
        try
        {
            return new Credentials(accessKey, bytes, securityToken, projectId, null, null, source);
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    /// <summary>The access key ID (AK). Not a secret: it is sent in every Authorization header.</summary>
    public string AccessKey { get; }

    /// <summary>The STS security token of temporary credentials, or null for permanent ones.</summary>
    internal string? SecurityToken { get; }

    /// <summary>True when these are temporary credentials that carry a security token.</summary>
    public bool IsTemporary => SecurityToken is not null;

    /// <summary>The project ID the source named, if any.</summary>
    public string? ProjectId { get; }

    /// <summary>The account (domain) ID the source named, if any.</summary>
    public string? DomainId { get; }

    /// <summary>
    /// The region the source suggests, such as a KooCLI profile's <c>region</c> or the region given to Connect-EcsCloud;
    /// null when the source names none. Cmdlets use it as the default for -Region.
    /// </summary>
    public string? Region { get; }

    /// <summary>When temporary credentials expire; null for permanent ones.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Which provider produced these credentials, for diagnostics.</summary>
    public string Source { get; }

    internal byte[] SecretKeyUtf8 => _secretKeyUtf8;

    /// <summary>Returns a copy with another project ID.</summary>
    public Credentials WithProjectId(string? projectId) => new(this, projectId, Region);

    /// <summary>Returns a copy that suggests another region (null for none).</summary>
    public Credentials WithRegion(string? region) => new(this, ProjectId, region);

    /// <summary>A redacted description: the AK's first four characters, the source and whether a token is present.</summary>
    public override string ToString() =>
        $"Credentials(AccessKey={Redact.AccessKey(AccessKey)}, Source={Source}, Temporary={IsTemporary})";
}
