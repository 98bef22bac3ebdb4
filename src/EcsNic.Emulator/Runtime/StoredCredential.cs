using System;
using EcsNic.Core.Auth;

namespace EcsNic.Emulator.Runtime;

/// <summary>A credential set the emulator accepts.</summary>
internal sealed class StoredCredential
{
    public StoredCredential(Credentials credentials, string secretKey, string? securityToken, DateTimeOffset? expiresAt)
    {
        Credentials = credentials;
        SecretKey = secretKey;
        SecurityToken = securityToken;
        ExpiresAt = expiresAt;
    }

    public Credentials Credentials { get; }
    public string AccessKey => Credentials.AccessKey;
    public string SecretKey { get; }
    public string? SecurityToken { get; }

    /// <summary>Real (unshifted) expiry of temporary credentials; null for the permanent AK.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public bool IsTemporary => SecurityToken is not null;
}
