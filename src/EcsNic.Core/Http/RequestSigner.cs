using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Http;

/// <summary>
/// Huawei Cloud AK/SK request signer (<c>SDK-HMAC-SHA256</c>), byte-for-byte compatible with the official SDK signer.
/// It is stateless and thread-safe; the canonical request is built in pooled buffers and hashed without intermediate strings.
/// </summary>
public sealed class RequestSigner
{
    /// <summary>The algorithm name that starts every Authorization value.</summary>
    public const string Algorithm = "SDK-HMAC-SHA256";

    /// <summary>The header that carries the signing date.</summary>
    public const string DateHeader = "X-Sdk-Date";

    /// <summary>The header added for bodies whose content type is not JSON.</summary>
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";

    /// <summary>The payload hash used for non-JSON bodies.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>The format of <see cref="DateHeader"/>.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly byte[] AlgorithmLine = Encoding.ASCII.GetBytes(Algorithm + "\n");

    [ThreadStatic] private static SHA256? t_sha256;
    [ThreadStatic] private static HMACSHA256? t_hmac;
    [ThreadStatic] private static byte[]? t_hmacKey;

    /// <summary>The shared signer instance.</summary>
    public static RequestSigner Instance { get; } = new();

    /// <summary>Formats a UTC instant as an X-Sdk-Date value.</summary>
    public static string FormatDate(DateTime utc)
    {
        utc = utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc;
        var chars = new char[16];
        Write4(chars, 0, utc.Year);
        Write2(chars, 4, utc.Month);
        Write2(chars, 6, utc.Day);
        chars[8] = 'T';
        Write2(chars, 9, utc.Hour);
        Write2(chars, 11, utc.Minute);
        Write2(chars, 13, utc.Second);
        chars[15] = 'Z';
        return new string(chars);
    }

    /// <summary>Parses an X-Sdk-Date value; returns false when it is not in the exact format.</summary>
    public static bool TryParseDate(string? value, out DateTime utc) =>
        DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);

    /// <summary>
    /// Signs a request. <paramref name="headers"/> are the headers the request will carry (except Content-Type, which
    /// goes in <paramref name="contentType"/>). When they hold no X-Sdk-Date, <paramref name="utcNow"/> is used; when they
    /// hold no Host, the URI's host (without port, as the official SDK does) is signed and returned in
    /// <see cref="SigningResult.HostToAdd"/>.
    /// </summary>
    public SigningResult Sign(string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers,
        string? contentType, byte[]? body, Credentials credentials, DateTime utcNow, bool diagnostics = false)
    {
        if (method is null) throw new ArgumentNullException(nameof(method));
        if (uri is null) throw new ArgumentNullException(nameof(uri));
        if (headers is null) throw new ArgumentNullException(nameof(headers));
        if (credentials is null) throw new ArgumentNullException(nameof(credentials));
        if (!uri.IsAbsoluteUri) throw new ArgumentException("The request URI must be absolute.", nameof(uri));

        string? date = null;
        string? host = null;
        foreach (var h in headers)
        {
            if (date is null && string.Equals(h.Key, DateHeader, StringComparison.OrdinalIgnoreCase)) date = h.Value;
            else if (host is null && string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)) host = h.Value;
        }
        var hostToAdd = host is null ? uri.Host : null;
        var dateToAdd = date is null ? FormatDate(utcNow) : null;
        date ??= dateToAdd!;

        var unsigned = !string.IsNullOrEmpty(contentType) &&
                       !contentType!.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        var bodyCounts = body is { Length: > 0 } && IsBodyMethod(method);

        var entries = ArrayPool<HeaderEntry>.Shared.Rent(headers.Count + 3);
        var canonical = new ByteBuilder(1024);
        try
        {
            var count = 0;
            foreach (var h in headers)
            {
                if (IsSignable(h.Key)) entries[count++] = new HeaderEntry(h.Key, h.Value ?? string.Empty);
            }
            if (hostToAdd is not null) entries[count++] = new HeaderEntry("host", hostToAdd);
            if (dateToAdd is not null) entries[count++] = new HeaderEntry(DateHeader, dateToAdd);
            if (unsigned) entries[count++] = new HeaderEntry(ContentSha256Header, UnsignedPayload);
            SortEntries(entries, count);

            canonical.AppendAscii(method.ToUpperInvariant());
            canonical.Append((byte)'\n');
            AppendCanonicalUri(ref canonical, uri);
            canonical.Append((byte)'\n');
            AppendCanonicalQuery(ref canonical, uri.Query);
            canonical.Append((byte)'\n');
            for (var i = 0; i < count; i++)
            {
                canonical.AppendLowerAscii(entries[i].Name);
                canonical.Append((byte)':');
                AppendTrimmed(ref canonical, entries[i].Value);
                canonical.Append((byte)'\n');
            }
            canonical.Append((byte)'\n');
            var signedHeadersStart = canonical.Length;
            for (var i = 0; i < count; i++)
            {
                if (i > 0 && !string.Equals(entries[i].Name, entries[i - 1].Name, StringComparison.OrdinalIgnoreCase))
                    canonical.Append((byte)';');
                else if (i > 0) continue;
                canonical.AppendLowerAscii(entries[i].Name);
            }
            var signedHeadersLength = canonical.Length - signedHeadersStart;
            canonical.Append((byte)'\n');
            if (unsigned) canonical.AppendAscii(UnsignedPayload);
            else if (!bodyCounts) canonical.AppendAscii(EmptyBodySha256);
            else canonical.AppendLowerHex(Sha256().ComputeHash(body!, 0, body!.Length));

            var canonicalText = diagnostics ? canonical.ToUtf8String() : null;
            var requestHash = Sha256().ComputeHash(canonical.Buffer, 0, canonical.Length);

            // Keep the signed-header names, then reuse the buffer for the string to sign.
            var authorization = new char[Algorithm.Length + " Access=".Length + credentials.AccessKey.Length +
                                         ", SignedHeaders=".Length + signedHeadersLength + ", Signature=".Length + 64];
            var pos = CopyTo(authorization, 0, Algorithm);
            pos = CopyTo(authorization, pos, " Access=");
            pos = CopyTo(authorization, pos, credentials.AccessKey);
            pos = CopyTo(authorization, pos, ", SignedHeaders=");
            for (var i = 0; i < signedHeadersLength; i++) authorization[pos++] = (char)canonical.Buffer[signedHeadersStart + i];
            pos = CopyTo(authorization, pos, ", Signature=");

            canonical.Clear();
            canonical.AppendBytes(AlgorithmLine, 0, AlgorithmLine.Length);
            canonical.AppendAscii(date);
            canonical.Append((byte)'\n');
            canonical.AppendLowerHex(requestHash);
            var stringToSign = diagnostics ? canonical.ToUtf8String() : null;

            var signature = Hmac(credentials.SecretKeyUtf8).ComputeHash(canonical.Buffer, 0, canonical.Length);
            foreach (var b in signature)
            {
                authorization[pos++] = HexChar(b >> 4);
                authorization[pos++] = HexChar(b & 0xF);
            }

            return new SigningResult(new string(authorization), date, hostToAdd, unsigned, canonicalText, stringToSign);
        }
        finally
        {
            canonical.Dispose();
            Array.Clear(entries, 0, entries.Length);
            ArrayPool<HeaderEntry>.Shared.Return(entries);
        }
    }

    /// <summary>
    /// Percent-encodes a string as the canonical request does: UTF-8, keeping only <c>A-Za-z0-9-_.~</c>, uppercase hex.
    /// </summary>
    public static string Encode(string value)
    {
        var builder = new ByteBuilder(value.Length * 3 + 8);
        try
        {
            AppendEncoded(ref builder, value);
            return Encoding.ASCII.GetString(builder.Buffer, 0, builder.Length);
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static bool IsBodyMethod(string method) =>
        string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(method, "PUT", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(method, "PATCH", StringComparison.OrdinalIgnoreCase);

    private static bool IsSignable(string name) =>
        name.IndexOf('_') < 0 && !string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase);

    private static void AppendCanonicalUri(ref ByteBuilder builder, Uri uri)
    {
        var path = uri.AbsolutePath;
        if (IsPlainPath(path))
        {
            if (path.Length == 0 || path[0] != '/') builder.Append((byte)'/');
            builder.AppendAscii(path);
            if (path.Length == 0 || path[path.Length - 1] != '/') builder.Append((byte)'/');
            return;
        }

        var decoded = uri.GetComponents(UriComponents.Path, UriFormat.Unescaped);
        var segments = decoded.Split('/');
        builder.Append((byte)'/');
        var wrote = false;
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0) builder.Append((byte)'/');
            AppendEncoded(ref builder, segments[i]);
            wrote = true;
        }
        if (!wrote || decoded.Length == 0 || decoded[decoded.Length - 1] != '/')
        {
            if (decoded.Length > 0) builder.Append((byte)'/');
        }
    }

    private static bool IsPlainPath(string path)
    {
        foreach (var c in path)
        {
            if (c != '/' && !IsUnreserved(c)) return false;
        }
        return true;
    }

    private static void AppendCanonicalQuery(ref ByteBuilder builder, string query)
    {
        if (query.Length <= 1) return;
        var parts = query.Substring(1).Split('&');
        var pairs = new List<KeyValuePair<string, string>>(parts.Length);
        foreach (var part in parts)
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            var key = WebUtility.UrlDecode(eq < 0 ? part : part.Substring(0, eq));
            var value = eq < 0 ? string.Empty : WebUtility.UrlDecode(part.Substring(eq + 1));
            pairs.Add(new KeyValuePair<string, string>(key, value));
        }
        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0) builder.Append((byte)'&');
            AppendEncoded(ref builder, pairs[i].Key);
            builder.Append((byte)'=');
            AppendEncoded(ref builder, pairs[i].Value);
        }
    }

    private static void AppendEncoded(ref ByteBuilder builder, string value)
    {
        var plain = true;
        foreach (var c in value)
        {
            if (!IsUnreserved(c)) { plain = false; break; }
        }
        if (plain)
        {
            builder.AppendAscii(value);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        foreach (var b in bytes)
        {
            if (b < 0x80 && IsUnreserved((char)b))
            {
                builder.Append(b);
            }
            else
            {
                builder.Append((byte)'%');
                builder.Append((byte)UpperHex(b >> 4));
                builder.Append((byte)UpperHex(b & 0xF));
            }
        }
    }

    private static void AppendTrimmed(ref ByteBuilder builder, string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && char.IsWhiteSpace(value[start])) start++;
        while (end > start && char.IsWhiteSpace(value[end - 1])) end--;
        builder.AppendUtf8(value, start, end - start);
    }

    private static void SortEntries(HeaderEntry[] entries, int count)
    {
        for (var i = 1; i < count; i++)
        {
            var current = entries[i];
            var j = i - 1;
            while (j >= 0 && Compare(entries[j], current) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }
            entries[j + 1] = current;
        }
    }

    private static int Compare(HeaderEntry a, HeaderEntry b)
    {
        var n = Math.Min(a.Name.Length, b.Name.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = ToLowerAscii(a.Name[i]);
            var cb = ToLowerAscii(b.Name[i]);
            if (ca != cb) return ca - cb;
        }
        if (a.Name.Length != b.Name.Length) return a.Name.Length - b.Name.Length;
        return string.CompareOrdinal(a.Value, b.Value);
    }

    private static char ToLowerAscii(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;

    private static bool IsUnreserved(char c) =>
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';

    private static char UpperHex(int v) => (char)(v < 10 ? '0' + v : 'A' + v - 10);

    private static char HexChar(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);

    private static int CopyTo(char[] target, int pos, string value)
    {
        value.CopyTo(0, target, pos, value.Length);
        return pos + value.Length;
    }

    private static void Write2(char[] chars, int at, int value)
    {
        chars[at] = (char)('0' + value / 10);
        chars[at + 1] = (char)('0' + value % 10);
    }

    private static void Write4(char[] chars, int at, int value)
    {
        Write2(chars, at, value / 100);
        Write2(chars, at + 2, value % 100);
    }

    private static SHA256 Sha256() => t_sha256 ??= SHA256.Create();

    private static HMACSHA256 Hmac(byte[] key)
    {
        var hmac = t_hmac;
        if (hmac is null)
        {
            hmac = t_hmac = new HMACSHA256(key);
            t_hmacKey = key;
        }
        else if (!ReferenceEquals(t_hmacKey, key))
        {
            hmac.Key = key;
            t_hmacKey = key;
        }
        return hmac;
    }

    private readonly struct HeaderEntry
    {
        public HeaderEntry(string name, string value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }
        public string Value { get; }
    }
}
