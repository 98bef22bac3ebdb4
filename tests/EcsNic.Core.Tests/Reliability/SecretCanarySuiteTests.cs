using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Bulk;
using EcsNic.Core.Errors;
using EcsNic.Core.Jobs;
using EcsNic.Core.Logging;
using EcsNic.Core.Models;
using EcsNic.Core.Session;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace EcsNic.Core.Tests.Reliability;

/// <summary>
/// Canary credentials (an explicit secret key, a wrong one, an encrypted-looking one, and the temporary secret keys and
/// security tokens the emulator's metadata endpoint issues) go through what the cmdlets do, successes and failures alike:
/// session settings, the client cache, the default credential chain reading the real process environment and a KooCLI
/// file under HOME, the bulk runner, the job waiter, cloud errors, faults, validation, outcome unknown, skew, chain
/// failures. Every log line (module queue and default logger), exception text (inner ones too), error record field, and
/// ToString() is collected; none may hold a secret key, a security token or any signature seen on the wire. HOME and
/// TMPDIR point at fresh directories for the run, and nothing may be written there.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SecretCanarySuiteTests
{
    private const string CanaryAccessKey = "CANARYAKSUITE0000001";
    private const string CanarySecret = "CanarySkSuite7f3a9c1e5b2d4f6a8c0e1b3d5f7";
    private const string WrongSecret = "CanarySkWrong00112233445566778899aabbccdd";
    private const string EncryptedSecret = "CanarySkEncrypted/AAAAB3NzaC1yc2EAAAADAQAB==";
    private const string ForgedToken = "CanaryTokenForged-9c8b7a6f5e4d3c2b1a0f";

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly ITestOutputHelper _output;
    private readonly List<string> _texts = new();
    private readonly CapturingLogger _moduleLog = new();
    private readonly CapturingLogger _defaultLog = new();
    private readonly WireRecorder _wire = new();
    private readonly List<string> _outcomes = new();
    private int _steps;

    public SecretCanarySuiteTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task No_secret_token_or_signature_reaches_any_log_error_record_text_or_file()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            AccessKey = CanaryAccessKey,
            SecretKey = CanarySecret,
            JobDuration = TimeSpan.FromMilliseconds(50),
            RaceModelEnabled = false,
        });
        var account = host.Account;
        var root = Path.Combine(Path.GetTempPath(), "ecsnic-canary-" + Guid.NewGuid().ToString("N"));
        var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        var tmp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        try
        {
            // Credential files the user would have; written before the snapshot, so any later change shows.
            var kooDefault = Write(home, ".hcloud/config.json", KooCliFile(null, ("canary", CanaryAccessKey, CanarySecret)));
            var kooEncrypted = Write(home, "encrypted.json", KooCliFile("true", ("canary", CanaryAccessKey, EncryptedSecret)));
            var kooBroken = Write(home, "broken.json",
                "{\"current\":\"canary\",\"profiles\":[{\"name\":\"canary\",\"accessKeyId\":\"" + CanaryAccessKey +
                "\" \"secretAccessKey\":\"" + CanarySecret + "\"");
            var kooAbsent = Path.Combine(home, "absent.json");
            var before = FileSnapshot.Take(home, tmp);

            using (var environment = new EnvironmentScope())
            {
                environment.Set("HOME", home);
                environment.Set("USERPROFILE", null);
                environment.Set("TMPDIR", tmp);
                // Never the real instance metadata service: every default chain asks the emulator.
                environment.Set(EnvironmentOverrides.MetadataEndpointVariable, host.MetadataBaseUri.AbsoluteUri);
                environment.Set(EnvironmentOverrides.KooCliConfigVariable, null);
                foreach (var name in new[] { "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
                             "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_DOMAIN_ID", "HUAWEICLOUD_SDK_REGION" })
                    environment.Set(name, null);
                Assert.Equal(tmp, Path.GetTempPath().TrimEnd('/'));

                await RunSuiteAsync(host, environment, kooEncrypted, kooBroken, kooAbsent);
            }

            var after = FileSnapshot.Take(home, tmp);
            var changes = after.ChangesSince(before);
            Assert.True(changes.Count == 0, "files were written: " + string.Join(", ", changes));
            Assert.True(File.Exists(kooDefault));

            // The secrets: the canaries, and whatever the emulator issued to the access keys seen on the wire.
            var secrets = new List<string> { CanarySecret, WrongSecret, EncryptedSecret, ForgedToken };
            foreach (var accessKey in _wire.AccessKeys)
            {
                if (host.Credentials.Find(accessKey) is not { } issued) continue;
                secrets.Add(issued.SecretKey);
                if (issued.SecurityToken is not null) secrets.Add(issued.SecurityToken);
            }
            secrets.AddRange(_wire.Tokens);
            var signatures = _wire.Signatures.ToArray();
            var temporary = _wire.AccessKeys.Count(k => k.StartsWith("TMP", StringComparison.Ordinal));

            while (_moduleLog.Lines.TryDequeue(out var line)) _texts.Add(line.Message);
            _texts.AddRange(_defaultLog.All);
            var lines = _texts.Count;
            _output.WriteLine($"{_steps} steps, {lines} texts, {signatures.Length} signatures, {secrets.Distinct().Count()} secrets, " +
                              $"{temporary} temporary access keys, {_wire.Tokens.Count} tokens on the wire");

            Assert.True(_steps >= 50, $"only {_steps} steps ran");
            Assert.True(signatures.Length >= 60, $"only {signatures.Length} signed requests were seen");
            Assert.True(temporary >= 2, "the metadata credentials were not used, or never renewed");
            Assert.NotEmpty(_wire.Tokens);
            // The detector itself must see a leak when there is one.
            Assert.NotEmpty(FindLeaks(new[] { "Signature=" + signatures[0] }, secrets, signatures));
            Assert.NotEmpty(FindLeaks(new[] { "sk " + secrets[^1].Substring(0, 16) + "..." }, secrets, signatures));
            var leaks = FindLeaks(_texts, secrets, signatures);
            _output.WriteLine($"secret leaks: {leaks.Count}");
            _output.WriteLine(string.Join(Environment.NewLine, _outcomes));
            Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(20)));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static List<string> FindLeaks(IEnumerable<string> texts, IReadOnlyList<string> secrets, IReadOnlyList<string> signatures)
    {
        var leaks = new List<string>();
        foreach (var text in texts)
        {
            foreach (var secret in secrets.Distinct())
            {
                if (text.Contains(secret.Substring(0, 16), StringComparison.Ordinal))
                    leaks.Add($"secret {secret.Substring(0, 6)}... in: {text}");
            }
            foreach (var signature in signatures)
            {
                if (text.Contains(signature.Substring(0, 24), StringComparison.OrdinalIgnoreCase))
                    leaks.Add($"signature {signature.Substring(0, 6)}... in: {text}");
            }
        }
        return leaks;
    }

    private async Task RunSuiteAsync(EmulatorHost host, EnvironmentScope environment, string kooEncrypted, string kooBroken,
        string kooAbsent)
    {
        var account = host.Account;
        var cache = new EcsClientCache(clientFactory: (options, credentials) =>
        {
            // What the module builds, plus a transport that records what goes on the wire, instant retry waits, and a
            // default logger that catches lines logged outside any scope.
            options.Transport = _wire;
            options.Clock = new InstantDelayClock();
            options.Logger = _defaultLog;
            options.Timeout = TimeSpan.FromSeconds(1);
            return new EcsClient(options, credentials);
        });
        var session = new EcsSession(cache);
        var server = account.Servers[0];
        var nic = server.Nics[0];
        var subnet = account.Subnet.Id;
        var unknownId = "00000000-0000-4000-8000-0000000000aa";
        var explicitKeys = ExplicitCredentials.From(null, null, CanaryAccessKey, Secure(CanarySecret), null);
        var explicitRequest = new ClientRequest(account.Region, null, host.BaseUri, null, explicitKeys, host.IamBaseUri);

        // Connect-EcsCloud -AccessKey -SecretKey: validate with an uncached client, then store the defaults.
        await Step("connect", async () =>
        {
            var settings = Resolve(session, explicitRequest);
            using var client = await session.Clients.CreateUncachedAsync(settings, None);
            var credentials = await client.Credentials.GetCredentialsAsync(None);
            Seen(credentials);
            var projectId = await client.GetProjectIdAsync(None);
            var info = new EcsConnectionInfo(client.Options.Region, settings.Endpoint, projectId, Redact.AccessKey(credentials.AccessKey),
                credentials.Source, null, true);
            session.Connect(new SessionSnapshot(explicitKeys, client.Options.Region, settings.Endpoint, projectId, null), info);
            Seen(session.Snapshot().Credentials);
            return info;
        });

        // Get-EcsServerNic, Set-/Remove-EcsNicVirtualIp, Add-/Remove-EcsServerNic -Wait, Get-/Wait-EcsJob on the defaults.
        var defaults = new ClientRequest(null, null, null, null, null, host.IamBaseUri);
        await Step("list", async () => await (await ClientAsync(session, defaults)).ListServerNicsAsync(server.Id, None));
        await BulkAsync(session, defaults, account.Servers.Take(3)
            .Select(s => VirtualIpCall.Bind(s.Nics[0].PortId, subnet, "192.168.0.200", true, s.Nics[0].PortId))
            .Append(VirtualIpCall.Bind(unknownId, subnet, "192.168.0.200", true, unknownId))
            .Append(VirtualIpCall.Bind(nic.PortId, subnet, "10.9.9.9", false, nic.PortId)));
        await BulkAsync(session, defaults, account.Servers.Take(3)
            .Select(s => VirtualIpCall.Unbind(s.Nics[0].PortId, null, s.Nics[0].PortId))
            .Append(VirtualIpCall.Unbind(unknownId, null, unknownId)));
        await AttachAndWaitAsync(session, defaults, account.Servers[1].Id, subnet);
        await AttachAndWaitAsync(session, defaults, account.Servers[1].Id, account.OtherSubnet.Id);
        await Step("job unknown", async () => await (await ClientAsync(session, defaults)).GetJobAsync("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", None));
        await Step("detach unknown", async () =>
            await (await ClientAsync(session, defaults)).DeleteServerNicsAsync(server.Id, new[] { unknownId }, None));
        host.SetJobDuration(TimeSpan.FromSeconds(30));
        await AttachAndWaitAsync(session, defaults, account.Servers[2].Id, subnet, timeoutSec: 0.2);
        host.SetJobDuration(TimeSpan.FromMilliseconds(50));

        // Every fault, on a read (retried, then exhausted) and on a POST (never repeated: outcome unknown).
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            foreach (var (operation, count) in new (string, int?)[] { (Operations.ListServerInterfaces, 1), (Operations.ListServerInterfaces, null), (Operations.BatchAddServerNics, null) })
            {
                host.AddFault(new FaultRule { Operation = operation, Kind = kind, Count = count, RetryAfterSeconds = kind == FaultKind.Throttle ? 1 : null });
                await Step($"{kind} on {operation} x{count?.ToString() ?? "all"}", async () => operation == Operations.ListServerInterfaces
                    ? await (await ClientAsync(session, defaults)).ListServerNicsAsync(server.Id, None)
                    : await (await ClientAsync(session, defaults)).AddServerNicsAsync(account.Servers[2].Id,
                        new[] { NicSpecs.Build(subnet, null, null, null, false, null) }, None));
                host.ClearFaults();
            }
        }
        host.AddLatency(new LatencyRule { Operation = Operations.ListServerInterfaces, Fixed = TimeSpan.FromMilliseconds(1300), Count = 1 });
        await Step("attempt timeout", async () => await (await ClientAsync(session, defaults)).ListServerNicsAsync(server.Id, None));
        host.ClearLatency();

        // Clock skew: learned from the rejection, then unlearned.
        host.SetClockOffset(TimeSpan.FromMinutes(20));
        await Step("skew", async () => await (await ClientAsync(session, defaults)).ListServerNicsAsync(server.Id, None));
        host.SetClockOffset(TimeSpan.Zero);
        await Step("skew gone", async () => await (await ClientAsync(session, defaults)).ListServerNicsAsync(server.Id, None));

        // Bad signature (wrong secret), unknown access key, and input the client refuses before sending.
        await Step("wrong secret", async () => await (await ClientAsync(session, new ClientRequest(account.Region, account.ProjectId,
            host.BaseUri, null, ExplicitCredentials.From(CanaryAccessKey, Secure(WrongSecret), null, null, null), host.IamBaseUri))).ListServerNicsAsync(server.Id, None));
        await Step("unknown access key", async () => await (await ClientAsync(session, new ClientRequest(account.Region, account.ProjectId,
            host.BaseUri, null, new Credentials("CANARYAKUNKNOWN00001", CanarySecret), host.IamBaseUri))).ListServerNicsAsync(server.Id, None));
        await Step("bad nic id", () => Task.FromResult<object?>(EcsArguments.NicId("NicId", "../../jobs/x")));
        await Step("bad address", () => Task.FromResult<object?>(EcsArguments.RequireIpAddress("IpAddress", "300.1.1.1")));
        await Step("bad throttle", () => Task.FromResult<object?>(VirtualIpBulk.CreateRunner(cache.CreateUncached(Resolve(session, defaults)),
            _moduleLog, new BulkOptions { ThrottleLimit = 0 }, None)));
        await Step("bad timeout", () => Task.FromResult<object?>(JobWaitSettings.Create(-1, null, null, null)));
        await Step("sk without ak", () => Task.FromResult<object?>(ExplicitCredentials.From(null, null, null, Secure(CanarySecret), null)));
        await Step("credential and keys", () => Task.FromResult<object?>(
            ExplicitCredentials.From(CanaryAccessKey, Secure(CanarySecret), CanaryAccessKey, Secure(CanarySecret), null)));
        await Step("keys and profile", () => Task.FromResult<object?>(
            ExplicitCredentials.From(null, null, CanaryAccessKey, Secure(CanarySecret), "canary")));
        await Step("ak with space", () => Task.FromResult<object?>(ExplicitCredentials.From(null, null, "AK WITH SPACE", Secure(CanarySecret), null)));
        await Step("empty sk", () => Task.FromResult<object?>(ExplicitCredentials.From(null, null, CanaryAccessKey, Secure(""), null)));
        Seen(session.Connection);
        Seen(session.Disconnect());

        // Instance metadata (temporary AK/SK/token): no explicit keys, no variables, no KooCLI file.
        environment.Set(EnvironmentOverrides.KooCliConfigVariable, kooAbsent);
        var chained = new ClientRequest(account.Region, account.ProjectId, host.BaseUri, null, null, host.IamBaseUri);
        await Step("metadata list", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        await BulkAsync(session, chained, new[] { VirtualIpCall.Bind(nic.PortId, subnet, "192.168.0.201", true, nic.PortId),
            VirtualIpCall.Bind(unknownId, subnet, "192.168.0.201", true, unknownId) });
        await Step("metadata credentials", async () => await (await ClientAsync(session, chained)).Credentials.GetCredentialsAsync(None));
        host.ExpireTemporaryCredentials();
        await Step("metadata expired early, first call", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        await Step("metadata expired early, second call", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        session.Clients.Clear();
        await Step("metadata fresh chain", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        var issued = await (await ClientAsync(session, chained)).Credentials.GetCredentialsAsync(None);
        await Step("forged token", async () => await (await ClientAsync(session, new ClientRequest(account.Region, account.ProjectId,
            host.BaseUri, null, new Credentials(issued.AccessKey, issued.SecretKeyUtf8, ForgedToken), host.IamBaseUri))).ListServerNicsAsync(server.Id, None));
        foreach (var kind in new[] { FaultKind.ServerError, FaultKind.HtmlErrorPage, FaultKind.TruncatedJson, FaultKind.DropBeforeProcessing })
        {
            session.Clients.Clear();
            host.ExpireTemporaryCredentials();
            host.AddFault(new FaultRule { Operation = Operations.MetadataSecurityKey, Kind = kind });
            await Step($"metadata {kind}", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
            host.ClearFaults();
        }

        // Environment variables: usable, with whitespace, and the secret without an access key (the chain then fails).
        session.Clients.Clear();
        host.Settings.MetadataAgencyConfigured = false;
        environment.Set("HUAWEICLOUD_SDK_AK", CanaryAccessKey);
        environment.Set("HUAWEICLOUD_SDK_SK", CanarySecret);
        await Step("env", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        session.Clients.Clear();
        environment.Set("HUAWEICLOUD_SDK_AK", "  " + CanaryAccessKey + "\t");
        environment.Set("HUAWEICLOUD_SDK_SK", " " + CanarySecret + "\n");
        await Step("env whitespace", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        session.Clients.Clear();
        environment.Set("HUAWEICLOUD_SDK_AK", null);
        environment.Set("HUAWEICLOUD_SDK_SECURITY_TOKEN", ForgedToken);
        await Step("env sk only, chain fails", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        environment.Set("HUAWEICLOUD_SDK_SK", null);
        environment.Set("HUAWEICLOUD_SDK_SECURITY_TOKEN", null);

        // KooCLI: the default file under HOME (current profile and by name), an encrypted key, broken JSON, a missing profile.
        environment.Set(EnvironmentOverrides.KooCliConfigVariable, null);
        session.Clients.Clear();
        await Step("koocli current", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        await Step("koocli named, region from profile", async () =>
            await (await ClientAsync(session, new ClientRequest(null, null, host.BaseUri, "canary", null, host.IamBaseUri))).ListServerNicsAsync(server.Id, None));
        await Step("koocli missing profile", async () =>
            await (await ClientAsync(session, new ClientRequest(account.Region, null, host.BaseUri, "missing", null, host.IamBaseUri))).ListServerNicsAsync(server.Id, None));
        environment.Set(EnvironmentOverrides.KooCliConfigVariable, kooEncrypted);
        session.Clients.Clear();
        await Step("koocli encrypted", async () =>
            await (await ClientAsync(session, new ClientRequest(account.Region, null, host.BaseUri, "canary", null, host.IamBaseUri))).ListServerNicsAsync(server.Id, None));
        await Step("koocli encrypted current", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        environment.Set(EnvironmentOverrides.KooCliConfigVariable, kooBroken);
        session.Clients.Clear();
        await Step("koocli broken", async () =>
            await (await ClientAsync(session, new ClientRequest(account.Region, null, host.BaseUri, "canary", null, host.IamBaseUri))).ListServerNicsAsync(server.Id, None));
        await Step("koocli broken current", async () => await (await ClientAsync(session, chained)).ListServerNicsAsync(server.Id, None));
        host.Settings.MetadataAgencyConfigured = true;
    }

    private static ClientSettings Resolve(EcsSession session, ClientRequest request) =>
        ClientSettings.Resolve(request, session.Snapshot(), session.Store, EnvironmentOverrides.Read());

    private async Task<EcsClient> ClientAsync(EcsSession session, ClientRequest request)
    {
        var settings = Resolve(session, request);
        Seen(settings.CacheKey);
        Seen(settings.ChainOptions.Explicit);
        var client = await session.Clients.GetOrCreateAsync(settings, None);
        Seen(client.Options);
        Seen(client.Credentials);
        return client;
    }

    private async Task BulkAsync(EcsSession session, ClientRequest request, IEnumerable<VirtualIpCall> calls)
    {
        await Step("bulk", async () =>
        {
            var client = await ClientAsync(session, request);
            using var runner = VirtualIpBulk.CreateRunner(client, _moduleLog,
                new BulkOptions { ThrottleLimit = 4, Coordinator = session.KeyCoordinator }, None);
            foreach (var call in calls) runner.Post(call);
            foreach (var result in await runner.DrainAsync())
            {
                _steps++;
                Seen(result.Input);
                if (result.Error is { } error) SeenError(error, result.Input.Target);
                else Seen(result.Output);
                _outcomes.Add($"  {result.Input}: {(result.Error is null ? "ok" : EcsErrorClassifier.Classify(result.Error).ErrorId)}");
            }
            return null;
        });
    }

    private async Task AttachAndWaitAsync(EcsSession session, ClientRequest request, string serverId, string subnetId, double timeoutSec = 10)
    {
        await Step("attach and wait", async () =>
        {
            var client = await ClientAsync(session, request);
            var job = await client.AddServerNicsAsync(serverId, new[] { NicSpecs.Build(subnetId, null, null, null, false, null) }, None);
            Seen(job);
            var waiter = new JobWaiter((id, ct) =>
            {
                using (EcsLogScope.Begin(_moduleLog)) return client.GetJobAsync(id, ct);
            }, JobWaitSettings.Create(timeoutSec, 0.05, 0.1, null));
            var outcomes = await waiter.WaitAsync(new[] { job.JobId }, Seen, p => Seen(p), None);
            foreach (var outcome in outcomes)
            {
                _steps++;
                Seen(outcome.Job);
                _outcomes.Add($"  job {outcome.JobId}: {outcome.Kind} {outcome.Error?.GetType().Name}");
                if (outcome.Error is { } error) SeenError(error, outcome.JobId);
                if (outcome.Kind == JobOutcomeKind.TimedOut)
                    _texts.Add(JobWaitSettings.DescribeTimeout(new[] { outcome }, TimeSpan.FromSeconds(timeoutSec)));
                if (outcome.Job is { Status: JobStatus.Success } done && done.NicIds.Length > 0)
                {
                    var detach = await client.DeleteServerNicsAsync(serverId, done.NicIds.ToList(), None);
                    Seen(detach);
                }
            }
            return outcomes;
        });
    }

    /// <summary>Runs one cmdlet-like step inside the module's log scope and keeps every text it produces.</summary>
    private async Task Step(string name, Func<Task<object?>> step)
    {
        _steps++;
        try
        {
            object? result;
            using (EcsLogScope.Begin(_moduleLog))
                result = await step();
            if (result is IEnumerable items and not string)
                foreach (var item in items) Seen(item);
            else Seen(result);
            _outcomes.Add($"{name}: ok");
        }
        catch (Exception ex)
        {
            SeenError(ex, name);
            _outcomes.Add($"{name}: {EcsErrorClassifier.Classify(ex).ErrorId} {ex.GetType().Name}");
        }
    }

    private void Seen(object? item)
    {
        if (item is null) return;
        if (item is Exception ex)
        {
            SeenError(ex, null);
            return;
        }
        _texts.Add(item.ToString() ?? string.Empty);
        if (item is EcsJob job)
        {
            _texts.Add(job.FailReason ?? string.Empty);
            _texts.AddRange(job.SubJobs.Select(s => $"{s.JobId} {s.Status} {s.ErrorCode} {s.FailReason}"));
        }
        if (item is JobProgress progress) _texts.AddRange(progress.Pending.Select(p => p.ToString() ?? string.Empty));
    }

    /// <summary>Every text an error gives: messages and ToString() down the inner chain, and the error record fields.</summary>
    private void SeenError(Exception error, object? target)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            _texts.Add(e.Message);
            _texts.Add(e.ToString());
            foreach (DictionaryEntry entry in e.Data) _texts.Add($"{entry.Key}={entry.Value}");
            if (e is EcsApiException api) _texts.Add($"{api.ErrorCode} {api.ErrorMessage} {api.RequestId} {api.Operation} {api.TargetId}");
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions) _texts.Add(inner.ToString());
        }
        var info = EcsErrorClassifier.Classify(error);
        _texts.Add(info.ErrorId);
        _texts.Add(info.Message);
        _texts.Add(info.RecommendedAction ?? string.Empty);
        _texts.Add(info.TargetId ?? string.Empty);
        _texts.Add(target?.ToString() ?? string.Empty);
    }

    private static string KooCliFile(string? authEncrypt, params (string Name, string AccessKey, string SecretKey)[] profiles) =>
        "{" + (authEncrypt is null ? "" : $"\"authEncrypt\":\"{authEncrypt}\",") + $"\"current\":\"{profiles[0].Name}\",\"profiles\":[" +
        string.Join(",", profiles.Select(p =>
            $"{{\"name\":\"{p.Name}\",\"mode\":\"AKSK\",\"accessKeyId\":\"{p.AccessKey}\",\"secretAccessKey\":\"{p.SecretKey}\"," +
            $"\"region\":\"{DemoAccount.DefaultRegion}\",\"projectId\":\"\"}}")) + "]}";

    private static string Write(string directory, string relative, string content)
    {
        var path = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static SecureString Secure(string value)
    {
        var secure = new SecureString();
        foreach (var c in value) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>The innermost transport: records the signature, access key and token of every request that goes out.</summary>
    private sealed class WireRecorder : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, bool> _accessKeys = new();
        private readonly ConcurrentDictionary<string, bool> _tokens = new();

        public WireRecorder() : base(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
        }

        public ConcurrentQueue<string> Signatures { get; } = new();

        public ICollection<string> AccessKeys => _accessKeys.Keys;

        public ICollection<string> Tokens => _tokens.Keys;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("Authorization", out var values))
            {
                var authorization = values.Single();
                Signatures.Enqueue(SignatureCheck.SignatureOf(authorization));
                var start = authorization.IndexOf("Access=", StringComparison.Ordinal) + "Access=".Length;
                _accessKeys[authorization.Substring(start, authorization.IndexOf(',', start) - start)] = true;
            }
            if (request.Headers.TryGetValues("X-Security-Token", out var tokens)) _tokens[tokens.Single()] = true;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
