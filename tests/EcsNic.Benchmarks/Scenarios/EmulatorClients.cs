using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Http;
using EcsNic.Emulator;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>Clients on an in-process emulator: the real EcsClient, and a raw signed call for the VPC set-up the client does not cover.</summary>
public static class EmulatorClients
{
    /// <summary>An EcsClient as a session would build it (default retry and timeout), pointed at the emulator.</summary>
    public static EcsClient Create(EmulatorHost host, HttpMessageHandler? transport = null) =>
        new(new EcsClientOptions
        {
            Region = host.Account.Region,
            Endpoint = host.BaseUri,
            ProjectId = host.Account.ProjectId,
            Transport = transport,
        }, new StaticCredentialProvider(host.Account.CreateCredentials()));

    /// <summary>POSTs a JSON body to the emulator, signed with RequestSigner, and returns the parsed answer; throws on non-2xx.</summary>
    public static async Task<JsonDocument> PostSignedAsync(HttpClient http, EmulatorHost host, string pathAfterProject, string json,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(host.BaseUri, "/v1/" + host.Account.ProjectId + pathAfterProject);
        var body = Encoding.UTF8.GetBytes(json);
        var hostHeader = uri.Authority;
        var date = RequestSigner.FormatDate(DateTime.UtcNow);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", hostHeader),
            new(RequestSigner.DateHeader, date),
        };
        var signed = RequestSigner.Instance.Sign("POST", uri, headers, "application/json", body, host.Account.CreateCredentials(),
            DateTime.UtcNow);

        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Headers.Host = hostHeader;
        request.Headers.TryAddWithoutValidation(RequestSigner.DateHeader, date);
        request.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {pathAfterProject} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
