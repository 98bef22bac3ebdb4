using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using Xunit;

namespace EcsNic.Core.Tests.Signing;

public sealed class RequestSignerVectorTests
{
    public static TheoryData<string> VectorIds()
    {
        var data = new TheoryData<string>();
        foreach (var v in SigningVectors.Sha256Vectors) data.Add(v.GetProperty("id").GetString()!);
        return data;
    }

    public static TheoryData<string> CaptureOperations()
    {
        var data = new TheoryData<string>();
        foreach (var c in SigningVectors.PipelineCaptures) data.Add(c.GetProperty("operation").GetString()!);
        return data;
    }

    [Fact]
    public void The_vector_file_yields_sha256_vectors()
    {
        Assert.NotEmpty(SigningVectors.Sha256Vectors);
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Reproduces_the_official_signer(string id)
    {
        var v = SigningVectors.Vector(id);
        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        foreach (var h in v.GetProperty("headers_given").EnumerateObject())
        {
            if (string.Equals(h.Name, "Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = h.Value.GetString();
            else headers.Add(new(h.Name, h.Value.GetString()!));
        }
        if (v.TryGetProperty("content_type_param", out var ct) && ct.ValueKind == JsonValueKind.String) contentType = ct.GetString();
        var token = OptionalString(v, "credential_security_token");
        var projectId = OptionalString(v, "credential_project_id");
        if (token is not null) headers.Add(new("X-Security-Token", token));
        if (projectId is not null) headers.Add(new("X-Project-Id", projectId));
        var bodyText = OptionalString(v, "body_given");
        var body = bodyText is null ? null : Encoding.UTF8.GetBytes(bodyText);
        var credentials = new Credentials(v.GetProperty("ak").GetString()!, v.GetProperty("sk").GetString()!);

        var result = RequestSigner.Instance.Sign(v.GetProperty("method").GetString()!, new Uri(v.GetProperty("url").GetString()!),
            headers, contentType, body, credentials, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), diagnostics: true);

        Assert.Equal(v.GetProperty("canonical_request").GetString(), result.CanonicalRequest);
        Assert.Equal(v.GetProperty("string_to_sign").GetString(), result.StringToSign);
        Assert.Equal(v.GetProperty("authorization").GetString(), result.Authorization);
        Assert.Equal(v.GetProperty("signed_headers").GetString(), result.SignedHeaders);
    }

    [Theory]
    [MemberData(nameof(CaptureOperations))]
    public void Reproduces_the_official_sdk_pipeline_captures(string operation)
    {
        var c = SigningVectors.PipelineCaptures.Single(x => x.GetProperty("operation").GetString() == operation);
        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        foreach (var h in c.GetProperty("wire_headers").EnumerateObject())
        {
            if (h.Name == "Authorization") continue;
            if (h.Name.StartsWith("(content) ", StringComparison.Ordinal))
            {
                if (h.Name.EndsWith("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = h.Value.GetString();
                continue;
            }
            headers.Add(new(h.Name, h.Value.GetString()!));
        }
        var bodyText = OptionalString(c, "body");
        var vector = SigningVectors.Sha256Vectors.First();
        var credentials = new Credentials(vector.GetProperty("ak").GetString()!, vector.GetProperty("sk").GetString()!);

        var result = RequestSigner.Instance.Sign(c.GetProperty("method").GetString()!, new Uri(c.GetProperty("url").GetString()!),
            headers, contentType, bodyText is null ? null : Encoding.UTF8.GetBytes(bodyText), credentials, DateTime.UtcNow, diagnostics: true);

        Assert.Equal(c.GetProperty("canonical_request_recomputed").GetString(), result.CanonicalRequest);
        Assert.Equal(c.GetProperty("wire_headers").GetProperty("Authorization").GetString(), result.Authorization);
    }

    [Fact]
    public void Adds_date_and_host_when_absent()
    {
        var credentials = new Credentials("AKEXAMPLE", "secret");
        var now = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var result = RequestSigner.Instance.Sign("GET", new Uri("https://ecs.cn-north-4.myhuaweicloud.com:8443/v1/p/jobs/j"),
            Array.Empty<KeyValuePair<string, string>>(), null, null, credentials, now, diagnostics: true);

        Assert.Equal("20250102T030405Z", result.SdkDate);
        Assert.Equal("ecs.cn-north-4.myhuaweicloud.com", result.HostToAdd);
        Assert.Contains("x-sdk-date:20250102T030405Z\n", result.CanonicalRequest);
        Assert.Equal("host;x-sdk-date", result.SignedHeaders);
    }

    [Fact]
    public void Signing_is_deterministic_and_depends_on_the_secret()
    {
        var uri = new Uri("https://ecs.cn-north-4.myhuaweicloud.com/v1/p/jobs/j");
        var headers = new[] { new KeyValuePair<string, string>("X-Sdk-Date", "20250102T030405Z") };
        var a = RequestSigner.Instance.Sign("GET", uri, headers, null, null, new Credentials("AK", "one"), DateTime.UtcNow);
        var b = RequestSigner.Instance.Sign("GET", uri, headers, null, null, new Credentials("AK", "one"), DateTime.UtcNow);
        var c = RequestSigner.Instance.Sign("GET", uri, headers, null, null, new Credentials("AK", "two"), DateTime.UtcNow);
        Assert.Equal(a.Authorization, b.Authorization);
        Assert.NotEqual(a.Authorization, c.Authorization);
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
