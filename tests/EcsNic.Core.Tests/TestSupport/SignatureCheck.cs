using System;
using System.Collections.Generic;
using System.Text;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>
/// Verifies a request the way a server does: it takes the headers named in SignedHeaders from what was received,
/// signs again with the same key and compares the Authorization values.
/// </summary>
public static class SignatureCheck
{
    public static (bool Valid, string Expected, string? Received) Verify(string method, Uri uri, Func<string, string?> header,
        string body, Credentials credentials)
    {
        var received = header("Authorization");
        if (received is null) return (false, "(an Authorization header)", null);
        const string marker = "SignedHeaders=";
        var start = received.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = received.IndexOf(',', start);
        var names = received.Substring(start, end - start).Split(';');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in names)
        {
            var value = header(name) ?? throw new InvalidOperationException($"Signed header {name} was not received.");
            headers.Add(new(name, value));
        }
        var result = RequestSigner.Instance.Sign(method, uri, headers, header("Content-Type"),
            body.Length == 0 ? null : Encoding.UTF8.GetBytes(body), credentials, DateTime.UtcNow);
        return (result.Authorization == received, result.Authorization, received);
    }

    public static string SignatureOf(string authorization) =>
        authorization.Substring(authorization.LastIndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length);
}
