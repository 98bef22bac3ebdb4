using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Errors;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

/// <summary>
/// The real socket transport: TLS certificates are validated (a self-signed loopback server is refused before any
/// request reaches it), and a redirect is never followed, so no signed request or credential goes to the redirect
/// target. Endpoint scheme rules (plain http:// only for loopback or with AllowInsecureHttp, with a warning) are in
/// <see cref="Api.EndpointsTests"/>.
/// </summary>
public sealed class TransportSafetyTests
{
    [Fact]
    public void The_default_transport_validates_certificates_and_follows_no_redirect()
    {
        using var client = new EcsClient(new EcsClientOptions { Endpoint = new Uri("https://127.0.0.1:9/"), ProjectId = TestClients.ProjectId },
            new FixedCredentialProvider(TestClients.Permanent()));

        var innermost = PipelineOrderTests.Chain(client.Pipeline).Last();
        var transport = Assert.IsType<HttpClientHandler>(innermost);
        Assert.Null(transport.ServerCertificateCustomValidationCallback);
        Assert.False(transport.AllowAutoRedirect);
        Assert.False(transport.UseCookies);
    }

    [Fact]
    public async Task A_self_signed_https_server_is_refused_and_receives_no_request()
    {
        using var certificate = SelfSigned();
        using var server = new TlsLoopbackServer(certificate);
        using var client = new EcsClient(new EcsClientOptions
        {
            Endpoint = server.BaseUri,
            ProjectId = TestClients.ProjectId,
            Clock = new InstantDelayClock(),
            Retry = new RetryOptions { MaxAttempts = 2 },
        }, new FixedCredentialProvider(TestClients.Permanent()));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Equal(EcsErrorIds.ConnectionFailed, EcsErrorClassifier.Classify(error).ErrorId);
        Assert.Contains(Chain(error), e => e is System.Security.Authentication.AuthenticationException);
        Assert.True(server.Handshakes >= 1, "the client never reached the server");
        Assert.Equal(0, server.RequestsReceived);
    }

    [Fact]
    public async Task The_same_server_is_reachable_when_its_certificate_is_trusted_so_the_refusal_is_the_validation()
    {
        using var certificate = SelfSigned();
        using var server = new TlsLoopbackServer(certificate);
        using var trusting = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == certificate.Thumbprint,
        };
        using var client = new EcsClient(new EcsClientOptions { Endpoint = server.BaseUri, ProjectId = TestClients.ProjectId, Transport = trusting },
            new FixedCredentialProvider(TestClients.Permanent()));

        var nics = await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        Assert.Empty(nics);
        Assert.Equal(1, server.RequestsReceived);
    }

    [Theory]
    [InlineData(302, "GET")]
    [InlineData(307, "PUT")]
    [InlineData(308, "POST")]
    public async Task A_redirect_to_another_loopback_port_is_not_followed_and_the_target_receives_nothing(int status, string method)
    {
        using var target = new LoopbackHttpServer((context, _) => LoopbackHttpServer.WriteAsync(context, 200, TestClients.EmptyNicsJson));
        using var redirecting = new LoopbackHttpServer((context, request) =>
        {
            context.Response.RedirectLocation = new Uri(target.BaseUri, request.PathAndQuery).AbsoluteUri;
            return LoopbackHttpServer.WriteAsync(context, status, string.Empty);
        });
        var options = TestClients.Options(null, new FakeClock(), redirecting.BaseUri);
        using var client = new EcsClient(options, new FixedCredentialProvider(TestClients.Temporary("REDIRECTAK0000000001", "redirect-sk", "redirect-token")));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => method switch
        {
            "GET" => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None),
            "PUT" => client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", false, CancellationToken.None),
            _ => client.AddServerNicsAsync(TestClients.ServerId, new[] { new Models.NicSpec { SubnetId = TestClients.SubnetId } }, CancellationToken.None),
        });

        Assert.Empty(target.Requests);
        Assert.Single(redirecting.Requests);
        Assert.NotNull(redirecting.Requests.Single().Headers["Authorization"]);
        // The redirect surfaces as the service's answer, with its status; it is neither followed nor retried.
        var api = Assert.IsType<EcsApiException>(error);
        Assert.Equal(status, api.StatusCode);
        Assert.Contains($"HTTP {status}", api.Message);
    }

    [Fact]
    public async Task A_client_that_follows_redirects_would_reach_the_target_so_the_redirect_test_can_fail()
    {
        using var target = new LoopbackHttpServer((context, _) => LoopbackHttpServer.WriteAsync(context, 200, "{}"));
        using var redirecting = new LoopbackHttpServer((context, request) =>
        {
            context.Response.RedirectLocation = new Uri(target.BaseUri, request.PathAndQuery).AbsoluteUri;
            return LoopbackHttpServer.WriteAsync(context, 302, string.Empty);
        });
        using var careless = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true });

        using var response = await careless.GetAsync(new Uri(redirecting.BaseUri, "/v1/x"));

        Assert.Single(target.Requests);
    }

    [Fact]
    public async Task The_metadata_provider_does_not_follow_a_redirect_either()
    {
        using var target = new LoopbackHttpServer((context, _) => LoopbackHttpServer.WriteAsync(context, 200,
            "{\"credential\":{\"access\":\"AK\",\"secret\":\"s\",\"securitytoken\":\"t\",\"expires_at\":\"2099-01-01T00:00:00.000000Z\"}}"));
        using var redirecting = new LoopbackHttpServer((context, request) =>
        {
            context.Response.RedirectLocation = new Uri(target.BaseUri, request.PathAndQuery).AbsoluteUri;
            return LoopbackHttpServer.WriteAsync(context, 302, string.Empty);
        });
        using var provider = new MetadataCredentialProvider(new MetadataCredentialOptions { Endpoint = redirecting.BaseUri });

        await Assert.ThrowsAnyAsync<Exception>(() => provider.GetCredentialsAsync(CancellationToken.None));

        Assert.Empty(target.Requests);
        Assert.NotEmpty(redirecting.Requests);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private static Exception[] Chain(Exception error)
    {
        var all = new System.Collections.Generic.List<Exception>();
        for (Exception? e = error; e is not null; e = e.InnerException) all.Add(e);
        return all.ToArray();
    }

    /// <summary>
    /// An HTTPS server on 127.0.0.1 with a free port and the given certificate: counts TLS handshakes attempted and HTTP
    /// requests that got through, and answers each with an empty NIC list.
    /// </summary>
    private sealed class TlsLoopbackServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new();
        private int _handshakes;
        private int _requests;

        public TlsLoopbackServer(X509Certificate2 certificate)
        {
            _certificate = certificate;
            _listener.Start();
            BaseUri = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _ = Task.Run(AcceptLoop);
        }

        public Uri BaseUri { get; }

        public int Handshakes => Volatile.Read(ref _handshakes);

        public int RequestsReceived => Volatile.Read(ref _requests);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient tcp;
                try
                {
                    tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                _ = Task.Run(() => ServeAsync(tcp));
            }
        }

        private async Task ServeAsync(TcpClient tcp)
        {
            using (tcp)
            {
                Interlocked.Increment(ref _handshakes);
                try
                {
                    using var tls = new SslStream(tcp.GetStream());
                    await tls.AuthenticateAsServerAsync(_certificate);
                    using var reader = new StreamReader(tls, Encoding.ASCII, false, 1024, leaveOpen: true);
                    var requestLine = await reader.ReadLineAsync();
                    if (string.IsNullOrEmpty(requestLine)) return;
                    while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
                    {
                    }
                    Interlocked.Increment(ref _requests);
                    var body = Encoding.UTF8.GetBytes(TestClients.EmptyNicsJson);
                    var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: tls-1\r\n" +
                                                       $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                    await tls.WriteAsync(head);
                    await tls.WriteAsync(body);
                    await tls.FlushAsync();
                }
                catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
                {
                    // The client refused the certificate and closed the connection.
                }
            }
        }
    }
}
