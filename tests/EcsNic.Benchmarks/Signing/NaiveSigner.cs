using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace EcsNic.Benchmarks.Signing;

/// <summary>
/// The baseline: SDK-HMAC-SHA256 written the obvious way, with string concatenation, LINQ, hex via BitConverter and a
/// fresh SHA-256 and HMAC per call. Enough of the algorithm for the bind vector (plain path, no query, JSON body);
/// it exists to be measured against, not to be used.
/// </summary>
public static class NaiveSigner
{
    public static string Sign(string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, string body,
        string accessKey, string secretKey)
    {
        var date = headers.First(h => h.Key.Equals("X-Sdk-Date", StringComparison.OrdinalIgnoreCase)).Value;
        var canonical = headers
            .Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value.Trim()))
            .ToList();
        if (!canonical.Any(h => h.Key == "host")) canonical.Add(new KeyValuePair<string, string>("host", uri.Host));
        canonical = canonical.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();

        var canonicalHeaders = "";
        foreach (var h in canonical) canonicalHeaders += h.Key + ":" + h.Value + "\n";
        var signedHeaders = string.Join(";", canonical.Select(h => h.Key));

        var canonicalUri = string.Join("/", uri.AbsolutePath.Split('/').Select(Uri.EscapeDataString));
        if (!canonicalUri.EndsWith("/", StringComparison.Ordinal)) canonicalUri += "/";

        string payloadHash;
        using (var sha = SHA256.Create()) payloadHash = Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(body)));

        var canonicalRequest = method.ToUpperInvariant() + "\n" + canonicalUri + "\n" + "" + "\n" + canonicalHeaders + "\n" +
                               signedHeaders + "\n" + payloadHash;
        string requestHash;
        using (var sha = SHA256.Create()) requestHash = Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(canonicalRequest)));
        var stringToSign = "SDK-HMAC-SHA256" + "\n" + date + "\n" + requestHash;

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secretKey));
        var signature = Hex(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        return "SDK-HMAC-SHA256 Access=" + accessKey + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    private static string Hex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant();
}
