using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;

namespace EcsNic.Core.Http;

/// <summary>
/// Signs each attempt with fresh credentials and a fresh date. It sits inside the retry handler, so a retried request is
/// never sent with a stale signature, and it sets the Host header to exactly what is sent (with a non-default port),
/// so that the signed host and the received host agree.
/// </summary>
internal sealed class SigningHandler : DelegatingHandler
{
    public const string JsonContentType = "application/json;charset=UTF-8";
    public const string ProjectIdHeader = "X-Project-Id";
    public const string SecurityTokenHeader = "X-Security-Token";

    private static readonly string[] ManagedHeaders =
        { "Authorization", "Host", "User-Agent", RequestSigner.DateHeader, ProjectIdHeader, SecurityTokenHeader };

    private readonly EcsClientOptions _options;
    private readonly ICredentialProvider _credentials;
    private readonly ClockSkew _skew;

    public SigningHandler(EcsClientOptions options, ICredentialProvider credentials, ClockSkew skew)
    {
        _options = options;
        _credentials = credentials;
        _skew = skew;
    }

    /// <summary>The request property holding the redacted access key and source of the credentials that signed it.</summary>
    internal const string CredentialNoteKey = "EcsNic.CredentialNote";

    /// <summary>The User-Agent every request carries: product, version, runtime and OS, in printable ASCII.</summary>
    public static string UserAgent { get; } = BuildUserAgent();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = EcsRequestContext.For(request);
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false)
                          ?? throw new EcsException($"The credential provider '{_credentials.Name}' returned no credentials.");
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        // Where this attempt's keys came from, for the debug line of the logging handler (as AWS.Tools says per call).
        request.Properties[CredentialNoteKey] =
            $"{Redact.AccessKey(credentials.AccessKey)} from {credentials.Source}{(credentials.IsTemporary ? ", temporary" : string.Empty)}";

        foreach (var name in ManagedHeaders) request.Headers.Remove(name);

        var host = Endpoints.HostHeader(uri);
        var date = RequestSigner.FormatDate(_skew.Now(_options.Clock).UtcDateTime);
        var signed = new List<KeyValuePair<string, string>>(5)
        {
            new("Host", host),
            new("User-Agent", UserAgent),
            new(RequestSigner.DateHeader, date),
        };
        if (context.ProjectId is not null) signed.Add(new(ProjectIdHeader, context.ProjectId));
        var token = credentials.SecurityToken;
        if (token is not null) signed.Add(new(SecurityTokenHeader, token));

        request.Headers.Host = host;
        request.Headers.ExpectContinue = false;
        foreach (var header in signed)
        {
            if (header.Key == "Host") continue;
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        byte[]? body = context.Body;
        string? contentType = null;
        if (request.Content is not null)
        {
            body ??= await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            contentType = JsonContentType;
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
        }

        var result = RequestSigner.Instance.Sign(request.Method.Method, uri, signed, contentType, body, credentials,
            default);
        request.Headers.TryAddWithoutValidation("Authorization", result.Authorization);

        var attempt = AttemptState.For(request);
        if (attempt is not null)
        {
            attempt.SignedDate = date;
            attempt.Signature = SignatureOf(result.Authorization);
            attempt.SecurityToken = token;
            attempt.SignedWith = credentials;
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static string? SignatureOf(string authorization)
    {
        const string marker = "Signature=";
        var index = authorization.LastIndexOf(marker, StringComparison.Ordinal);
        return index < 0 ? null : authorization.Substring(index + marker.Length);
    }

    private static string BuildUserAgent()
    {
        var assembly = typeof(SigningHandler).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+');
        if (plus > 0) version = version.Substring(0, plus);
        string framework, os;
        try
        {
            framework = RuntimeInformation.FrameworkDescription;
            os = RuntimeInformation.OSDescription;
        }
        catch (PlatformNotSupportedException)
        {
            framework = ".NET";
            os = "unknown OS";
        }
        return $"EcsNic/{Printable(version)} ({Printable(framework)}; {Printable(os)})";
    }

    // Header values must be printable ASCII, and parentheses would end the User-Agent comment early.
    private static string Printable(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            if (c is '(' or ')' or ';') builder.Append(' ');
            else if (c >= 0x20 && c < 0x7F) builder.Append(c);
        }
        var text = builder.ToString();
        while (text.Contains("  ")) text = text.Replace("  ", " ");
        return text.Trim();
    }
}
