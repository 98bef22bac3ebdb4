using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Bulk;
using EcsNic.Core.Errors;
using EcsNic.Core.Jobs;
using EcsNic.Core.Session;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Core.Workflows;
using EcsNic.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace EcsNic.Core.Tests.Reliability;

/// <summary>
/// Bad input through the entry points the cmdlets use (argument helpers, settings and the client cache, the bulk
/// runner, the job waiter and its settings, the credential providers, the client), against the emulator. Each input is
/// either rejected before any request with a message naming the parameter and the (shortened) value, or refused by the
/// credential chain naming the source, or sent and answered by the server with its code and request ID; nothing else
/// may happen, and the emulator's path log shows that a request, when there is one, went only where it should.
/// The table is printed and written to hostile-inputs.md beside the test assembly.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string Uuid = "d4e5f6a7-1234-4bcd-9ef0-123456789abc";
    private const string UnknownNic = "00000000-0000-4000-8000-0000000000bb";
    private static readonly string TenMegabytes = new('7', 10 * 1024 * 1024);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly ITestOutputHelper _output;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ecsnic-hostile-" + Guid.NewGuid().ToString("N"));
    private EmulatorHost _host = null!;
    private EcsClient _client = null!;

    public HostileInputTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _host = await EmulatorHost.StartAsync(new EmulatorOptions { RaceModelEnabled = false, JobDuration = TimeSpan.FromMilliseconds(50) });
        _client = new EcsClient(new EcsClientOptions
        {
            Region = Account.Region,
            Endpoint = _host.BaseUri,
            IamEndpoint = _host.IamBaseUri,
            ProjectId = Account.ProjectId,
            Clock = new InstantDelayClock(),
            Timeout = TimeSpan.FromSeconds(10),
        }, new FixedCredentialProvider(Account.CreateCredentials()));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private DemoAccount Account => _host.Account;

    private abstract record Expect;

    /// <summary>An <see cref="EcsValidationException"/> for the parameter, quoting the value; no request.</summary>
    private sealed record Rejected(string Parameter, string? Value) : Expect;

    /// <summary>A credential error naming the source; no request.</summary>
    private sealed record Refused(string Mentions) : Expect;

    /// <summary>The server's error code with its request ID; requests only to the given path (and the read before it, if any).</summary>
    private sealed record Server(string Code, string Path, string? ReadFirst = null) : Expect;

    /// <summary>
    /// Accepted after trimming or canonicalising; requests only to the given path, and then to paths starting with
    /// <paramref name="ThenReads"/> (a bind reads its virtual IP's port after it).
    /// </summary>
    private sealed record Accepted(string Path, string? ThenReads = null) : Expect;

    private sealed record Case(string Entry, string Input, Func<Task<object?>> Run, Expect Expect);

    private sealed record Row(int Number, Case Case, string Outcome, long Requests, bool Passed, string Detail);

    [Fact]
    public async Task Every_hostile_input_is_rejected_up_front_or_answered_by_the_server_and_nothing_crashes()
    {
        var cases = Cases();
        var rows = new List<Row>();
        foreach (var c in cases) rows.Add(await RunCase(rows.Count + 1, c));

        var table = Render(rows);
        _output.WriteLine(table);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "hostile-inputs.md"), table);

        Assert.True(rows.Count >= 30, $"only {rows.Count} inputs");
        var failed = rows.Where(r => !r.Passed).Select(r => $"#{r.Number} {r.Case.Entry} {r.Case.Input}: {r.Outcome} ({r.Detail})").ToList();
        Assert.True(failed.Count == 0, string.Join(Environment.NewLine, failed));
        ReliabilityDoc.AssertSection("hostile-inputs", Summary(rows));
    }

    private List<Case> Cases()
    {
        var nic = Account.Servers[0].Nics[0];
        var subnet = Account.Subnet;
        var server = Account.Servers[0];
        var nicPath = $"PUT /v1/{Account.ProjectId}/cloudservers/nics/{nic.PortId}";
        var unknownNicPath = $"PUT /v1/{Account.ProjectId}/cloudservers/nics/{UnknownNic}";
        var listPath = $"GET /v1/{Account.ProjectId}/cloudservers/{server.Id}/os-interface";
        var cases = new List<Case>();
        void Add(string entry, string input, Func<Task<object?>> run, Expect expect) => cases.Add(new Case(entry, input, run, expect));

        // IDs, through Set-/Remove-EcsNicVirtualIp's argument checks and the bulk runner.
        foreach (var bad in new[]
                 {
                     "not-a-uuid", Uuid + "/../../jobs", "..", "%2F" + Uuid, Uuid.Substring(0, 30) + "%2F..", Uuid + "?x=1", Uuid + "#top",
                     "d4e5f6a7-1234 4bcd-9ef0-123456789abc", "\uff44" + Uuid.Substring(1), "d4e5f6a7-1234-4bcd-9ef0-12345678\u0430bc",
                     "{" + Uuid + "}", "", TenMegabytes,
                 })
        {
            Add("Set-EcsNicVirtualIp -NicId", bad, () => Bind(bad, subnet.Id, "192.168.0.200"), new Rejected("NicId", bad));
        }
        Add("Set-EcsNicVirtualIp -NicId", "(null)", () => Bind(null, subnet.Id, "192.168.0.200"), new Rejected("NicId", null));
        Add("Set-EcsNicVirtualIp -SubnetId", "../x", () => Bind(nic.PortId, "../x", "192.168.0.200"), new Rejected("SubnetId", "../x"));
        Add("Set-EcsNicVirtualIp -NicId", "\t" + nic.PortId + " \n", () => Bind("\t" + nic.PortId + " \n", subnet.Id, "192.168.0.200"),
            new Accepted(nicPath, $"GET /v1/{Account.ProjectId}/ports?"));
        Add("Remove-EcsNicVirtualIp -NicId", Uuid + "/x", () => Unbind(Uuid + "/x"), new Rejected("NicId", Uuid + "/x"));
        // The unbind reads the NIC's port first; the VPC API does not know it either, so the unbind's own error is the answer.
        Add("Remove-EcsNicVirtualIp -NicId", UnknownNic, () => Unbind(UnknownNic),
            new Server("Ecs.0307", unknownNicPath, $"GET /v1/{Account.ProjectId}/ports/{UnknownNic}"));
        Add("Get-EcsServerNic -ServerId", "%2e%2e", () => ListNics("%2e%2e"), new Rejected("ServerId", "%2e%2e"));
        Add("Get-EcsJob -JobId", "../../cloudservers", () => GetJob("../../cloudservers"), new Rejected("JobId", "../../cloudservers"));
        Add("Get-EcsJob -JobId", TenMegabytes, () => GetJob(TenMegabytes), new Rejected("JobId", TenMegabytes));
        Add("Remove-EcsServerNic -NicId", "the same NIC twice", () => DeleteNics(server.Id, new[] { nic.PortId, nic.PortId.ToUpperInvariant() }),
            new Rejected("NicId[1]", nic.PortId.ToUpperInvariant()));
        Add("Add-EcsServerNic -SubnetId", "../x", () => AddNic(server.Id, "../x"), new Rejected("SubnetId", "../x"));

        // Addresses: malformed ones never leave; well-formed but unusable ones get the server's answer.
        // The bind takes IPv4 only: an IPv6 address is refused before anything is sent.
        foreach (var bad in new[] { "300.1.1.1", "192.168.0", "192.168.000.10", "fe80::1%eth0", "192.168.0.7/24", "", TenMegabytes, "2001:db8::7" })
            Add("Set-EcsNicVirtualIp -IpAddress", bad, () => Bind(nic.PortId, subnet.Id, bad), new Rejected("IpAddress", bad));
        foreach (var (address, code) in new[]
                 {
                     ("192.168.0.0", "Ecs.0005"), ("192.168.0.255", "Ecs.0005"), ("192.168.0.1", "Ecs.0005"), ("10.9.9.9", "Ecs.0005"),
                     ("192.168.0.12", "Ecs.0010"),
                 })
        {
            Add("Set-EcsNicVirtualIp -IpAddress", address, () => Bind(nic.PortId, subnet.Id, address), new Server(code, nicPath));
        }
        Add("Set-EcsNicVirtualIp -SubnetId", "a subnet of another VPC", () => Bind(nic.PortId, Account.OtherSubnet.Id, "10.0.0.50"),
            new Server("Ecs.0005", nicPath));
        Add("EcsClient.BindVirtualIpAsync nicId", "../../jobs/x",
            async () => await _client.BindVirtualIpAsync("../../jobs/x", subnet.Id, "192.168.0.200", false, None), new Rejected("NicId", "../../jobs/x"));
        Add("EcsClient.ListServerNicsAsync serverId", " " + server.Id,
            async () => await _client.ListServerNicsAsync(" " + server.Id, None), new Rejected("ServerId", " " + server.Id));

        // Limits and timeouts.
        foreach (var limit in new[] { 0, -5, 257, int.MaxValue, int.MinValue })
            Add("-ThrottleLimit", limit.ToString(), () => Throttle(limit), new Rejected("ThrottleLimit", limit.ToString()));
        foreach (var (timeout, text) in new[] { (-1d, "-1"), (0d, "0"), (double.NaN, "NaN"), (double.PositiveInfinity, "Infinity") })
            Add("Wait-EcsJob -TimeoutSec", text, () => Task.FromResult<object?>(JobWaitSettings.Create(timeout, null, null, null)),
                new Rejected("TimeoutSec", text));
        Add("Wait-EcsJob -PollIntervalSec", "5 with -MaxPollIntervalSec 1", () => Task.FromResult<object?>(JobWaitSettings.Create(null, 5, 1, null)),
            new Rejected("PollIntervalSec", "5"));
        Add("Wait-EcsJob -MaxRequestsPerSecond", "-3", () => Task.FromResult<object?>(JobWaitSettings.Create(null, null, null, -3)),
            new Rejected("MaxRequestsPerSecond", "-3"));
        Add("JobWaiterOptions.MaxRequestsPerSecond", "0", () => Waiter(new JobWaiterOptions { MaxRequestsPerSecond = 0 }),
            new Rejected("MaxRequestsPerSecond", "0"));
        Add("JobWaiterOptions.FirstDelay", "-00:00:01", () => Waiter(new JobWaiterOptions { FirstDelay = TimeSpan.FromSeconds(-1) }),
            new Rejected("FirstDelay", "-00:00:01"));
        Add("JobWaiterOptions.Timeout", "TimeSpan.MinValue", () => Waiter(new JobWaiterOptions { Timeout = TimeSpan.MinValue }),
            new Rejected("Timeout", TimeSpan.MinValue.ToString("c")));
        Add("Wait-EcsJob -JobId", "\" \" (blank)", () => WaitFor(" "), new Rejected("JobId", " "));

        // Connection parameters, through the settings every cmdlet resolves and the client cache.
        Add("-Region", "cn-north-4/../x", () => Connect(new ClientRequest("cn-north-4/../x", null, _host.BaseUri, null, Demo(), _host.IamBaseUri)),
            new Rejected("Region", "cn-north-4/../x"));
        Add("-Region", TenMegabytes, () => Connect(new ClientRequest(TenMegabytes, null, _host.BaseUri, null, Demo(), _host.IamBaseUri)),
            new Rejected("Region", TenMegabytes));
        Add("-ProjectId", "abc", () => Connect(new ClientRequest(Account.Region, "abc", _host.BaseUri, null, Demo(), _host.IamBaseUri)),
            new Rejected("ProjectId", "abc"));
        Add("-Endpoint", "ftp://127.0.0.1/", () => Connect(new ClientRequest(Account.Region, null, new Uri("ftp://127.0.0.1/"), null, Demo(), _host.IamBaseUri)),
            new Rejected("Endpoint", "ftp://127.0.0.1/"));
        Add("-Endpoint", "http://192.0.2.10:8080/ (plain http, not loopback)",
            () => Connect(new ClientRequest(Account.Region, null, new Uri("http://192.0.2.10:8080/"), null, Demo(), _host.IamBaseUri)),
            new Rejected("Endpoint", "http://192.0.2.10:8080/"));
        Add("-Endpoint", "https://user:pw@127.0.0.1/", () => Connect(new ClientRequest(Account.Region, null, new Uri("https://user:pw@127.0.0.1/"), null, Demo(), _host.IamBaseUri)),
            new Rejected("Endpoint", "https://user:pw@127.0.0.1/"));
        Add("-AccessKey", "AK WITH SPACE", () => Task.FromResult<object?>(ExplicitCredentials.From(null, null, "AK WITH SPACE", Secure("sk"), null)),
            new Rejected("AccessKey", Redact.AccessKey("AK WITH SPACE")));
        Add("ECSNIC_METADATA_ENDPOINT", "not a url", () => Task.FromResult<object?>(EnvironmentOverrides.Read(Env((EnvironmentOverrides.MetadataEndpointVariable, "not a url")))),
            new Rejected(EnvironmentOverrides.MetadataEndpointVariable, "not a url"));

        // Credential sources: a KooCLI file with bad JSON or an encrypted key, and environment variables with whitespace.
        var broken = Write("broken.json", "{\"current\":\"p\",\"profiles\":[{\"name\":\"p\",\"accessKeyId\":\"AK\" \"secretAccessKey\":\"x\"}");
        var encrypted = Write("encrypted.json", "{\"authEncrypt\":\"true\",\"current\":\"p\",\"profiles\":[{\"name\":\"p\",\"mode\":\"AKSK\"," +
                                                "\"accessKeyId\":\"" + Account.AccessKey + "\",\"secretAccessKey\":\"c2VjcmV0IGVuY3J5cHRlZCBibG9i\"}]}");
        var good = Write("good.json", "{\"current\":\"p\",\"profiles\":[{\"name\":\"p\",\"mode\":\"AKSK\",\"accessKeyId\":\"" + Account.AccessKey +
                                      "\",\"secretAccessKey\":\"" + Account.SecretKey + "\",\"region\":\"" + Account.Region + "\"}]}");
        Add("-ProfileName (KooCLI file)", "bad JSON", () => ListWithChain(broken, "p", Env()), new Refused("broken.json"));
        Add("KooCLI current profile", "bad JSON", () => ListWithChain(broken, null, Env()), new Refused("broken.json"));
        Add("-ProfileName (KooCLI file)", "encrypted key", () => ListWithChain(encrypted, "p", Env()), new Refused("encrypt"));
        Add("-ProfileName", "missing", () => ListWithChain(good, "missing", Env()), new Rejected("ProfileName", "missing"));
        Add("HUAWEICLOUD_SDK_AK/SK", "with surrounding whitespace",
            () => ListWithChain(Path.Combine(_directory, "absent.json"), null,
                Env(("HUAWEICLOUD_SDK_AK", "  " + Account.AccessKey + "\t"), ("HUAWEICLOUD_SDK_SK", " " + Account.SecretKey + "\r\n"))),
            new Accepted(listPath));
        Add("HUAWEICLOUD_SDK_AK", "with inner whitespace",
            () => ListWithChain(Path.Combine(_directory, "absent.json"), null,
                Env(("HUAWEICLOUD_SDK_AK", "EMULATOR DEMOACCESSK1"), ("HUAWEICLOUD_SDK_SK", Account.SecretKey))),
            new Refused("HUAWEICLOUD_SDK_AK"));
        Add("HUAWEICLOUD_SDK_SK", "blank", () => ListWithChain(Path.Combine(_directory, "absent.json"), null,
                Env(("HUAWEICLOUD_SDK_AK", Account.AccessKey), ("HUAWEICLOUD_SDK_SK", "   "))),
            new Refused("HUAWEICLOUD_SDK_SK"));
        return cases;
    }

    private async Task<Row> RunCase(int number, Case c)
    {
        _host.ResetCounters();
        object? result = null;
        Exception? error = null;
        try
        {
            result = await c.Run();
        }
        catch (Exception ex)
        {
            error = ex;
        }
        // A request that escaped would be counted by now: every call above awaits its answer.
        var counters = _host.GetCounters();
        var paths = counters.Paths;
        var requests = paths.Count;
        string outcome;
        var passed = false;
        var detail = error?.Message ?? result?.ToString() ?? string.Empty;
        switch (c.Expect)
        {
            case Rejected r:
                outcome = error is EcsValidationException v ? $"rejected: {v.ParameterName}" : Describe(error);
                passed = error is EcsValidationException e && e.ParameterName == r.Parameter &&
                         e.Message.StartsWith(r.Value is null ? $"{r.Parameter} " : $"{r.Parameter} '{EcsValidationException.Shorten(r.Value)}' ",
                             StringComparison.Ordinal) && !e.Message.Contains("(null)", StringComparison.Ordinal) &&
                         e.Message.Length < 400 && requests == 0 &&
                         EcsErrorClassifier.Classify(e).ErrorId == EcsErrorIds.InvalidParameter;
                break;
            case Refused f:
                outcome = error is CredentialChainException or CredentialUnavailableException || error is EcsException and not EcsApiException
                    ? $"refused: {EcsErrorClassifier.Classify(error).ErrorId}"
                    : Describe(error);
                passed = outcome.StartsWith("refused", StringComparison.Ordinal) && requests == 0 &&
                         error!.Message.Contains(f.Mentions, StringComparison.OrdinalIgnoreCase) && error.Message.Length < 2000;
                break;
            case Server s:
                var api = error as EcsApiException;
                outcome = api is not null ? $"server: {api.ErrorCode}, request ID {(string.IsNullOrEmpty(api.RequestId) ? "missing" : "shown")}" : Describe(error);
                passed = api is not null && api.ErrorCode == s.Code && !string.IsNullOrEmpty(api.RequestId) &&
                         api.Message.Contains(api.RequestId!, StringComparison.Ordinal) && requests >= 1 && paths.All(p => p == s.Path || p == s.ReadFirst);
                break;
            case Accepted a:
                outcome = error is null ? "accepted" : Describe(error);
                passed = error is null && paths.Count(p => p == a.Path) >= 1 &&
                         paths.All(p => p == a.Path || (a.ThenReads is not null && p.StartsWith(a.ThenReads, StringComparison.Ordinal)));
                break;
            default:
                throw new InvalidOperationException(c.Expect.ToString());
        }
        if (!passed && requests > 0) detail += " | paths: " + string.Join(", ", paths);
        return new Row(number, c, outcome, requests, passed, ErrorShort(detail));
    }

    private static string Describe(Exception? error) => error is null ? "no error" : $"unexpected {error.GetType().Name}";

    private static string ErrorShort(string text) => text.Length <= 300 ? text : text.Substring(0, 300) + "...";

    // ---------------------------------------------------------------- entry points, as the cmdlets call them

    private async Task<object?> Bind(string? nicId, string? subnetId, string? ipAddress)
    {
        var call = VirtualIpCall.Bind(EcsArguments.NicId("NicId", nicId), EcsArguments.SubnetId("SubnetId", subnetId),
            EcsArguments.RequireIpAddress("IpAddress", ipAddress), false, nicId ?? "(null)");
        return await RunBulk(call);
    }

    private async Task<object?> Unbind(string? nicId) =>
        await RunBulk(VirtualIpCall.Unbind(EcsArguments.NicId("NicId", nicId), null, nicId ?? "(null)"));

    private async Task<object?> RunBulk(VirtualIpCall call)
    {
        using var runner = VirtualIpBulk.CreateRunner(_client, new CapturingLogger(),
            new BulkOptions { ThrottleLimit = 4, Coordinator = new BulkKeyCoordinator() }, None);
        runner.Post(call);
        var result = (await runner.DrainAsync()).Single();
        if (result.Error is { } error) throw error;
        return result.Output;
    }

    private async Task<object?> ListNics(string? serverId) => await _client.ListServerNicsAsync(EcsArguments.ServerId("ServerId", serverId), None);

    private async Task<object?> GetJob(string? jobId) => await _client.GetJobAsync(EcsArguments.JobId("JobId", jobId), None);

    private async Task<object?> DeleteNics(string serverId, IReadOnlyList<string> nicIds) =>
        await _client.DeleteServerNicsAsync(EcsArguments.ServerId("ServerId", serverId),
            nicIds.Select((id, i) => EcsArguments.NicId($"NicId[{i}]", id)).ToList(), None);

    private async Task<object?> AddNic(string serverId, string subnetId) =>
        await _client.AddServerNicsAsync(serverId, new[] { NicSpecs.Build(subnetId, null, null, null, false, null) }, None);

    private Task<object?> Throttle(int limit)
    {
        using var runner = VirtualIpBulk.CreateRunner(_client, new CapturingLogger(),
            new BulkOptions { ThrottleLimit = limit, Coordinator = new BulkKeyCoordinator() }, None);
        return Task.FromResult<object?>(runner);
    }

    private Task<object?> Waiter(JobWaiterOptions options) => Task.FromResult<object?>(new JobWaiter(_client.GetJobAsync, options));

    private async Task<object?> WaitFor(string jobId) =>
        await new JobWaiter(_client.GetJobAsync, JobWaitSettings.Create(5, 0.05, 0.1, null)).WaitAsync(new[] { jobId }, null, null, None);

    private async Task<object?> Connect(ClientRequest request)
    {
        var settings = ClientSettings.Resolve(request, SessionSnapshot.Empty, null, NoMetadata());
        using var client = await new EcsClientCache().CreateUncachedAsync(settings, None);
        return await client.ListServerNicsAsync(Account.Servers[0].Id, None);
    }

    private async Task<object?> ListWithChain(string kooCliPath, string? profileName, Func<string, string?> environment)
    {
        var settings = ClientSettings.Resolve(new ClientRequest(Account.Region, Account.ProjectId, _host.BaseUri, profileName, null, _host.IamBaseUri),
            SessionSnapshot.Empty, null, new EnvironmentOverrides(null, useInstanceMetadata: false, kooCliPath), environment);
        using var client = await new EcsClientCache().CreateUncachedAsync(settings, None);
        try
        {
            return await client.ListServerNicsAsync(Account.Servers[0].Id, None);
        }
        finally
        {
            (client.Credentials as IDisposable)?.Dispose();
        }
    }

    private EnvironmentOverrides NoMetadata() => new(null, useInstanceMetadata: false, Path.Combine(_directory, "absent.json"));

    private Credentials Demo() => new(Account.AccessKey, Account.SecretKey);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    private static System.Security.SecureString Secure(string value)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in value) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    // ---------------------------------------------------------------- the table

    private static string Render(IReadOnlyList<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| # | entry point | input | outcome | requests |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            sb.Append("| ").Append(row.Number).Append(" | ").Append(Cell(row.Case.Entry)).Append(" | ").Append(Cell(Display(row.Case.Input)))
                .Append(" | ").Append(Cell(row.Outcome)).Append(row.Passed ? string.Empty : " **FAIL**").Append(" | ")
                .Append(row.Requests).AppendLine(" |");
        }
        sb.AppendLine();
        sb.AppendLine(Summary(rows));
        return sb.ToString();
    }

    private static string Summary(IReadOnlyList<Row> rows)
    {
        var rejected = rows.Count(r => r.Outcome.StartsWith("rejected", StringComparison.Ordinal));
        var refused = rows.Count(r => r.Outcome.StartsWith("refused", StringComparison.Ordinal));
        var server = rows.Count(r => r.Outcome.StartsWith("server", StringComparison.Ordinal));
        var accepted = rows.Count(r => r.Outcome == "accepted");
        return $"{rows.Count(r => r.Passed)} of {rows.Count} inputs behaved as specified: {rejected} rejected before any request " +
               $"(message names the parameter and the shortened value), {refused} refused by the credential chain (message names " +
               $"the source), {server} answered by the server (code and request ID surfaced, only the intended path requested), " +
               $"{accepted} accepted after trimming. requests = requests the emulator received.";
    }

    private static string Display(string input)
    {
        if (input.Length > 1000) return $"'{input[0]}' x {input.Length}";
        var sb = new StringBuilder();
        foreach (var c in input)
        {
            sb.Append(c switch
            {
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c > 0x7e => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        var text = sb.ToString();
        return text.Length == 0 ? "(empty)" : text.Length > 60 ? text.Substring(0, 60) + "..." : text;
    }

    private static string Cell(string text) => text.Replace("|", "\\|");
}
