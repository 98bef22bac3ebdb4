using System;
using System.Security.Cryptography;
using System.Text;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Session;

/// <summary>
/// A short value that tells two credential sets apart without revealing them: HMAC-SHA256 of the secret key and token
/// under a random key made once per process, so it cannot be checked against guesses outside this process.
/// </summary>
public static class CredentialFingerprint
{
    private static readonly byte[] ProcessKey = CreateKey();

    /// <summary>The fingerprint of the credentials' secret key and security token, as 32 hex characters.</summary>
    public static string Of(Credentials credentials)
    {
        if (credentials is null) throw new ArgumentNullException(nameof(credentials));
        var token = Encoding.UTF8.GetBytes(credentials.SecurityToken ?? string.Empty);
        var secret = credentials.SecretKeyUtf8;
        var data = new byte[secret.Length + 1 + token.Length];
        try
        {
            Buffer.BlockCopy(secret, 0, data, 0, secret.Length);
            Buffer.BlockCopy(token, 0, data, secret.Length + 1, token.Length);
            using var hmac = new HMACSHA256(ProcessKey);
            var hash = hmac.ComputeHash(data);
            var hex = new StringBuilder(32);
            for (var i = 0; i < 16; i++) hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return hex.ToString();
        }
        finally
        {
            Array.Clear(data, 0, data.Length);
        }
    }

    private static byte[] CreateKey()
    {
        var key = new byte[32];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(key);
        return key;
    }
}
