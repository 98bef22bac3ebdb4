using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using EcsNic.Emulator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EcsNic.Emulator.Http;

/// <summary>
/// Checks SDK-HMAC-SHA256 requests as the API gateway does: it rebuilds the signature with the core's
/// <see cref="RequestSigner"/> over the request exactly as received (method, Host header, raw path and query, the
/// headers named in SignedHeaders with their received values, Content-Type, body) and compares in constant time.
/// </summary>
internal sealed class SignatureVerifier
{
    public const string Prefix = "Incorrect IAM authentication information: ";
    public const string SignatureFail = Prefix + "verify aksk signature fail";
    public const string SignatureExpired = Prefix + "signature expired";
    public const string TokenFail = Prefix + "decrypt token fail";
    public const string TokenExpired = Prefix + "token expired";
    public const string SecurityTokenHeader = "X-Security-Token";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly EmulatorRuntime _runtime;

    public SignatureVerifier(EmulatorRuntime runtime) => _runtime = runtime;

    /// <summary>Returns null when the request is authentic, otherwise the error_msg to send with APIGW.0301.</summary>
    public string? Verify(HttpContext context, byte[] body)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (!TryParseAuthorization(authorization, out var accessKey, out var signedHeaders, out var signature))
            return Fail(SignatureFail);

        var stored = _runtime.Credentials.Find(accessKey);
        if (stored is null) return Fail(Prefix + "Get secretKey failed,ak:" + Redact.AccessKey(accessKey) + ",err:ak not exist");

        if (!RequestSigner.TryParseDate(request.Headers[RequestSigner.DateHeader].ToString(), out var sdkDate))
            return Fail(SignatureFail);
        var skew = _runtime.Clock.Now.UtcDateTime - sdkDate;
        if (skew > Window || skew < -Window) return Fail(SignatureExpired);

        var names = signedHeaders.Split(';');
        if (Array.IndexOf(names, "host") < 0) return Fail(SignatureFail);

        var token = request.Headers[SecurityTokenHeader].ToString();
        if (stored.IsTemporary)
        {
            if (token.Length == 0 || Array.IndexOf(names, "x-security-token") < 0 || !FixedTimeEquals(token, stored.SecurityToken!))
                return Fail(TokenFail);
            if (stored.ExpiresAt is { } expiry && expiry <= _runtime.Clock.RealUtcNow) return Fail(TokenExpired);
        }
        else if (token.Length > 0)
        {
            return Fail(TokenFail);
        }

        var contentType = request.ContentType;
        var signerAddsContentSha = !string.IsNullOrEmpty(contentType) &&
                                   !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        var headers = new List<KeyValuePair<string, string>>(names.Length);
        foreach (var name in names)
        {
            if (name.Length == 0) return Fail(SignatureFail);
            if (signerAddsContentSha && name == "x-sdk-content-sha256") continue;
            if (!request.Headers.TryGetValue(name, out var value)) return Fail(SignatureFail);
            headers.Add(new KeyValuePair<string, string>(name, value.ToString()));
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/') rawTarget = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        if (!Uri.TryCreate(request.Scheme + "://" + request.Headers.Host.ToString() + rawTarget, UriKind.Absolute, out var uri))
            return Fail(SignatureFail);

        SigningResult expected;
        try
        {
            expected = RequestSigner.Instance.Sign(request.Method, uri, headers, contentType, body, stored.Credentials, sdkDate);
        }
        catch (ArgumentException)
        {
            return Fail(SignatureFail);
        }

        var computed = ExtractSignature(expected.Authorization);
        if (FixedTimeEquals(computed, signature)) return null;

        var diagnostics = RequestSigner.Instance.Sign(request.Method, uri, headers, contentType, body, stored.Credentials, sdkDate,
            diagnostics: true);
        return Fail(SignatureFail, RedactToken(diagnostics.CanonicalRequest), diagnostics.StringToSign);
    }

    private string Fail(string message, string? canonicalRequest = null, string? stringToSign = null)
    {
        _runtime.LastAuthFailure = new AuthFailure(_runtime.Clock.Now, message, canonicalRequest, stringToSign);
        return message;
    }

    internal static bool TryParseAuthorization(string value, out string accessKey, out string signedHeaders, out string signature)
    {
        accessKey = signedHeaders = signature = string.Empty;
        const string algorithm = RequestSigner.Algorithm + " ";
        if (!value.StartsWith(algorithm, StringComparison.Ordinal)) return false;
        foreach (var part in value.Substring(algorithm.Length).Split(','))
        {
            var item = part.Trim();
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return false;
            var key = item[..eq];
            var val = item[(eq + 1)..];
            switch (key)
            {
                case "Access": accessKey = val; break;
                case "SignedHeaders": signedHeaders = val; break;
                case "Signature": signature = val; break;
                default: return false;
            }
        }
        return accessKey.Length > 0 && signedHeaders.Length > 0 && signature.Length > 0;
    }

    private static string ExtractSignature(string authorization)
    {
        const string marker = "Signature=";
        var idx = authorization.LastIndexOf(marker, StringComparison.Ordinal);
        return idx < 0 ? string.Empty : authorization[(idx + marker.Length)..];
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string? RedactToken(string? canonicalRequest)
    {
        if (canonicalRequest is null) return null;
        var lines = canonicalRequest.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("x-security-token:", StringComparison.Ordinal)) lines[i] = "x-security-token:" + Redact.Placeholder;
        }
        return string.Join('\n', lines);
    }
}
