using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using EcsNic.Emulator;

namespace EcsNic.Core.Tests.Emulator;

/// <summary>How one signed request deviates from a correct one.</summary>
internal sealed class SignOptions
{
    public DateTime? SdkDate { get; set; }
    public bool SendSecurityToken { get; set; } = true;
    public bool SignSecurityToken { get; set; } = true;
    public string? SecurityTokenOverride { get; set; }
    public string? ProjectIdHeader { get; set; }
    public Func<string, string>? TamperAuthorization { get; set; }
    public bool Unsigned { get; set; }
    public Dictionary<string, string> ExtraHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What came back.</summary>
internal sealed record ApiResponse(int Status, string Body, HttpResponseHeaders Headers, string? ContentType, long? ContentLength)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty JSON");

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The ECS error code of {"error":{"code":...}}.</summary>
    public string? EcsCode => Json["error"]?["code"]?.GetValue<string>();

    /// <summary>The gateway error code of {"error_code":...}.</summary>
    public string? GatewayCode => Json["error_code"]?.GetValue<string>();
}

/// <summary>
/// A plain HttpClient plus an SDK-HMAC-SHA256 signer (the core's <see cref="RequestSigner"/>), signing Host with the port
/// as actually sent. Connections are not pooled, so a dropped connection is never silently retried on a fresh one.
/// </summary>
internal sealed class EmulatorClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    public EmulatorClient(EmulatorHost host, Credentials? credentials = null, bool pooled = false)
    {
        _base = host.BaseUri;
        Credentials = credentials ?? host.Account.CreateCredentials();
        Project = host.Account.ProjectId;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (!pooled) handler.PooledConnectionLifetime = TimeSpan.Zero;
        _http = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Credentials Credentials { get; set; }

    public string Project { get; }

    public Task<ApiResponse> GetAsync(string path, Action<SignOptions>? configure = null) => SendAsync("GET", path, null, configure);

    public Task<ApiResponse> PutAsync(string path, JsonNode body, Action<SignOptions>? configure = null) =>
        SendAsync("PUT", path, body.ToJsonString(), configure);

    public Task<ApiResponse> PostAsync(string path, JsonNode body, Action<SignOptions>? configure = null) =>
        SendAsync("POST", path, body.ToJsonString(), configure);

    public async Task<ApiResponse> SendAsync(string method, string path, string? json, Action<SignOptions>? configure = null)
    {
        var options = new SignOptions();
        configure?.Invoke(options);
        var uri = new Uri(_base, path);
        var body = json is null ? null : Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        const string contentType = "application/json;charset=UTF-8";
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (!options.Unsigned)
        {
            var date = options.SdkDate ?? DateTime.UtcNow;
            var signed = new List<KeyValuePair<string, string>>
            {
                new("Host", uri.Authority),
                new(RequestSigner.DateHeader, RequestSigner.FormatDate(date)),
            };
            var token = options.SecurityTokenOverride ?? Credentials.SecurityToken;
            var sendToken = token is not null && options.SendSecurityToken;
            if (sendToken && options.SignSecurityToken) signed.Add(new("X-Security-Token", token!));
            if (options.ProjectIdHeader is not null) signed.Add(new("X-Project-Id", options.ProjectIdHeader));
            foreach (var extra in options.ExtraHeaders) signed.Add(new(extra.Key, extra.Value));

            var result = RequestSigner.Instance.Sign(method, uri, signed, body is null ? null : contentType, body, Credentials, date);
            foreach (var h in signed)
            {
                if (h.Key == "Host") request.Headers.Host = h.Value;
                else request.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            if (sendToken && !options.SignSecurityToken) request.Headers.TryAddWithoutValidation("X-Security-Token", token);
            var authorization = options.TamperAuthorization?.Invoke(result.Authorization) ?? result.Authorization;
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else
        {
            foreach (var extra in options.ExtraHeaders) request.Headers.TryAddWithoutValidation(extra.Key, extra.Value);
        }

        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return new ApiResponse((int)response.StatusCode, text, response.Headers, response.Content.Headers.ContentType?.ToString(),
            response.Content.Headers.ContentLength);
    }

    /// <summary>An unsigned call, as to the metadata service or the control API.</summary>
    public Task<ApiResponse> RawAsync(string method, string path, string? json = null, IDictionary<string, string>? headers = null) =>
        SendAsync(method, path, json, o =>
        {
            o.Unsigned = true;
            foreach (var h in headers ?? new Dictionary<string, string>()) o.ExtraHeaders[h.Key] = h.Value;
        });

    public void Dispose() => _http.Dispose();
}

/// <summary>Paths and bodies of the calls under test.</summary>
internal static class Api
{
    public static string Nic(string project, string nicId) => $"/v1/{project}/cloudservers/nics/{nicId}";
    public static string Nics(string project, string serverId) => $"/v1/{project}/cloudservers/{serverId}/nics";
    public static string DeleteNics(string project, string serverId) => $"/v1/{project}/cloudservers/{serverId}/nics/delete";
    public static string Interfaces(string project, string serverId) => $"/v1/{project}/cloudservers/{serverId}/os-interface";
    public static string Job(string project, string jobId) => $"/v1/{project}/jobs/{jobId}";

    public static JsonObject Bind(string subnetId, string ip, bool? reverse = null)
    {
        var nic = new JsonObject { ["subnet_id"] = subnetId, ["ip_address"] = ip };
        if (reverse is { } r) nic["reverse_binding"] = r;
        return new JsonObject { ["nic"] = nic };
    }

    public static JsonObject Unbind() =>
        new() { ["nic"] = new JsonObject { ["subnet_id"] = "", ["ip_address"] = "", ["reverse_binding"] = false } };

    public static JsonObject AddNics(params string[] subnetIds) => new()
    {
        ["nics"] = new JsonArray(subnetIds.Select(s => (JsonNode?)new JsonObject { ["subnet_id"] = s }).ToArray()),
    };

    public static JsonObject RemoveNics(params string[] nicIds) => new()
    {
        ["nics"] = new JsonArray(nicIds.Select(s => (JsonNode?)new JsonObject { ["id"] = s }).ToArray()),
    };
}

/// <summary>A clock the test moves by hand, for job progress without waiting.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
