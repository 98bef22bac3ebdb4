using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Http;

public sealed class SecretLeakTests
{
    private const string CanarySecret = "CANARY-SK-5f1d0c9e7b3a2d4c";
    private const string CanaryToken = "CANARY-TOKEN-a8b7c6d5e4f3a2b1";

    [Fact]
    public async Task No_log_line_exception_or_record_text_contains_the_secret_the_token_or_a_signature()
    {
        var credentials = TestClients.Temporary("CANARYAK000000000001", CanarySecret, CanaryToken);
        var signatures = new ConcurrentBag<string>();
        var step = 0;
        using var server = new LoopbackHttpServer((context, request) =>
        {
            var authorization = request.Headers["Authorization"] ?? string.Empty;
            signatures.Add(SignatureCheck.SignatureOf(authorization));
            var echo = $"Authorization={authorization} X-Security-Token={request.Headers["X-Security-Token"]}";
            switch (Volatile.Read(ref step))
            {
                case 1:
                    return LoopbackHttpServer.WriteAsync(context, 503,
                        "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"busy; you sent " + Escape(echo) + "\"}}");
                case 2:
                    return LoopbackHttpServer.WriteAsync(context, 500, "{\"error\":{\"code\":\"Ecs.0002\",\"message\":\"" + Escape(echo) + "\"}}");
                case 3:
                    return LoopbackHttpServer.WriteAsync(context, 400, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"" + Escape(echo) + "\"}");
                case 4:
                    return LoopbackHttpServer.WriteAsync(context, 502, "<html><body><pre>" + echo + "</pre></body></html>", "text/html");
                case 5:
                    context.Response.Abort();
                    return Task.CompletedTask;
                default:
                    return LoopbackHttpServer.WriteAsync(context, 200, request.Method switch
                    {
                        "PUT" => TestClients.PortIdJson,
                        "POST" => TestClients.JobIdJson,
                        _ => TestClients.EmptyNicsJson,
                    });
            }
        });
        var optionsLogger = new CapturingLogger();
        var scopeLogger = new CapturingLogger();
        var options = TestClients.Options(null, new FakeClock(), server.BaseUri);
        options.Logger = optionsLogger;
        options.Retry.MaxAttempts = 2;
        var texts = new List<string>();
        using var client = new EcsClient(options, new FixedCredentialProvider(credentials));
        var nics = new[] { new NicSpec { SubnetId = TestClients.SubnetId } };

        async Task Capture(int serverStep, Func<Task<object>> call)
        {
            Volatile.Write(ref step, serverStep);
            try
            {
                var result = await call();
                texts.Add(result.ToString() ?? string.Empty);
            }
            catch (Exception ex)
            {
                texts.Add(ex.Message);
                texts.Add(ex.ToString());
            }
        }

        await Capture(0, async () => await client.BindVirtualIpAsync(TestClients.NicId, TestClients.SubnetId, "192.168.0.7", true, CancellationToken.None));
        await Capture(0, async () => await client.AddServerNicsAsync(TestClients.ServerId, nics, CancellationToken.None));
        await Capture(1, async () => await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));
        await Capture(2, async () => await client.AddServerNicsAsync(TestClients.ServerId, nics, CancellationToken.None));
        await Capture(3, async () => await client.UnbindVirtualIpAsync(TestClients.NicId, CancellationToken.None));
        using (EcsLogScope.Begin(scopeLogger))
        {
            await Capture(4, async () => await client.GetJobAsync(TestClients.JobId, CancellationToken.None));
            await Capture(5, async () => await client.DeleteServerNicsAsync(TestClients.ServerId, new[] { TestClients.NicId }, CancellationToken.None));
        }
        await Capture(0, async () => await client.BindVirtualIpAsync("../../jobs/x", TestClients.SubnetId, "10.0.0.1", false, CancellationToken.None));
        texts.Add(credentials.ToString());
        texts.Add(client.Options.ToString() ?? string.Empty);

        var lines = optionsLogger.All.Concat(scopeLogger.All).ToArray();
        Assert.NotEmpty(optionsLogger.At(EcsLogLevel.Debug));
        Assert.NotEmpty(optionsLogger.At(EcsLogLevel.Verbose));
        Assert.NotEmpty(scopeLogger.At(EcsLogLevel.Debug));
        Assert.True(signatures.Count >= 8, $"only {signatures.Count} requests were seen");
        var secrets = signatures.Where(s => s.Length == 64).Concat(new[] { CanarySecret, CanaryToken }).ToArray();
        foreach (var text in lines.Concat(texts))
        {
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            // Not even a piece of a secret: a shortened excerpt must not keep the start of one.
            Assert.DoesNotContain(CanaryToken.Substring(0, 16), text, StringComparison.Ordinal);
            Assert.DoesNotContain(CanarySecret.Substring(0, 12), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_log_scope_receives_the_lines_of_calls_inside_it_instead_of_the_default_logger()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, TestClients.EmptyNicsJson, "scope-req-1"));
        var optionsLogger = new CapturingLogger();
        var scopeLogger = new CapturingLogger();
        using var client = TestClients.Client(transport, new FakeClock(), configure: o => o.Logger = optionsLogger);

        using (EcsLogScope.Begin(scopeLogger))
        {
            await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);
        }

        Assert.Empty(optionsLogger.All);
        var debug = scopeLogger.At(EcsLogLevel.Debug);
        Assert.Equal(2, debug.Length);
        // The line names the redacted key and the source that signed the call, never the key itself.
        Assert.StartsWith($"GET https://127.0.0.1:8443/v1/{TestClients.ProjectId}/cloudservers/{TestClients.ServerId}/os-interface, signed with ",
            debug[0]);
        Assert.Matches(@", signed with \w{4}\*\*\* from \S+$", debug[0]);
        Assert.Matches(@"^200 OK in \d+ ms, X-Request-Id scope-req-1$", debug[1]);
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
