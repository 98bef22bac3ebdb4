using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Api;

public sealed class ProjectIdTests
{
    private const string LookedUp = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    // Each test uses its own access key, because the cache is per process and keyed by access key.
    private static Credentials UniqueCredentials(string? projectId = null, string secret = "project-test-secret") =>
        new("AK" + Guid.NewGuid().ToString("N").Substring(0, 18).ToUpperInvariant(), secret, projectId: projectId,
            source: "test");

    private static string ProjectsJson(params (string Id, string Name)[] projects) =>
        "{\"projects\":[" + string.Join(",", projects.Select(p => $"{{\"id\":\"{p.Id}\",\"name\":\"{p.Name}\",\"enabled\":true}}")) + "]}";

    private static ScriptedTransport Cloud(string projectsJson) => new(r => r.Uri.AbsolutePath == "/v3/projects"
        ? ScriptedTransport.Json(200, projectsJson)
        : ScriptedTransport.Json(200, TestClients.EmptyNicsJson));

    private static EcsClient LookupClient(ScriptedTransport transport, Credentials credentials, Action<EcsClientOptions>? configure = null) =>
        TestClients.Client(transport, new FakeClock(), credentials, o =>
        {
            o.ProjectId = null;
            o.Region = "cn-north-4";
            configure?.Invoke(o);
        });

    [Fact]
    public async Task A_configured_project_id_needs_no_lookup()
    {
        var transport = Cloud(ProjectsJson());
        using var client = TestClients.Client(transport, new FakeClock(), UniqueCredentials());

        Assert.Equal(TestClients.ProjectId, await client.GetProjectIdAsync(CancellationToken.None));
        Assert.Equal(0, transport.Count);
    }

    [Fact]
    public async Task The_credentials_project_id_comes_next_for_the_region_it_was_given_for()
    {
        var transport = Cloud(ProjectsJson());
        using var client = LookupClient(transport, UniqueCredentials(projectId: LookedUp).WithRegion("cn-north-4"));

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        var request = Assert.Single(transport.List);
        Assert.Equal($"/v1/{LookedUp}/cloudservers/{TestClients.ServerId}/os-interface", request.Uri.AbsolutePath);
    }

    [Theory]
    [InlineData("cn-east-3")]
    [InlineData(null)]
    public async Task A_credentials_project_id_given_for_another_region_or_none_is_not_sent_to_this_one(string? givenFor)
    {
        const string mine = "11112222333344445555666677778888";
        var transport = Cloud(ProjectsJson((mine, "cn-north-4")));
        using var client = LookupClient(transport, UniqueCredentials(projectId: LookedUp).WithRegion(givenFor));

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        Assert.Equal(new[] { "/v3/projects", $"/v1/{mine}/cloudservers/{TestClients.ServerId}/os-interface" },
            transport.List.Select(r => r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task A_cached_lookup_does_not_vouch_for_another_secret_of_the_same_access_key()
    {
        var credentials = UniqueCredentials();
        var wrongSecret = new Credentials(credentials.AccessKey, "another-secret-entirely", source: "test");
        var first = Cloud(ProjectsJson((LookedUp, "cn-north-4")));
        using (var client = LookupClient(first, credentials))
            await client.GetProjectIdAsync(CancellationToken.None);
        var second = Cloud(ProjectsJson((LookedUp, "cn-north-4")));

        using var other = LookupClient(second, wrongSecret);
        await other.GetProjectIdAsync(CancellationToken.None);

        Assert.Equal("/v3/projects", Assert.Single(second.List).Uri.AbsolutePath);
    }

    [Fact]
    public async Task Without_one_the_project_is_looked_up_by_region_with_a_signed_request_that_carries_no_project_header()
    {
        var credentials = UniqueCredentials();
        var transport = Cloud(ProjectsJson((LookedUp, "cn-north-4")));
        using var client = LookupClient(transport, credentials);

        await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        var requests = transport.List;
        Assert.Equal(2, requests.Count);
        Assert.Equal("GET", requests[0].Method);
        Assert.Equal("/v3/projects?name=cn-north-4", requests[0].Uri.PathAndQuery);
        Assert.Null(requests[0].Header("X-Project-Id"));
        Assert.True(SignatureCheck.Verify(requests[0].Method, requests[0].Uri, requests[0].Header, requests[0].Body, credentials).Valid);
        Assert.Equal($"/v1/{LookedUp}/cloudservers/{TestClients.ServerId}/os-interface", requests[1].Uri.AbsolutePath);
        Assert.Equal(LookedUp, requests[1].Header("X-Project-Id"));
    }

    [Fact]
    public async Task A_second_client_with_the_same_key_region_and_iam_endpoint_does_not_look_up_again()
    {
        var credentials = UniqueCredentials();
        var first = Cloud(ProjectsJson((LookedUp, "cn-north-4")));
        var second = Cloud(ProjectsJson(("00000000000000000000000000000000", "cn-north-4")));
        using (var client = LookupClient(first, credentials))
            await client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None);

        using var again = LookupClient(second, credentials);
        Assert.Equal(LookedUp, await again.GetProjectIdAsync(CancellationToken.None));

        Assert.Single(first.List, r => r.Uri.AbsolutePath == "/v3/projects");
        Assert.Equal(0, second.Count);
    }

    [Fact]
    public async Task Another_iam_endpoint_is_a_separate_cache_entry()
    {
        var credentials = UniqueCredentials();
        var first = Cloud(ProjectsJson((LookedUp, "cn-north-4")));
        var second = Cloud(ProjectsJson(("00000000000000000000000000000000", "cn-north-4")));
        using (var client = LookupClient(first, credentials))
            Assert.Equal(LookedUp, await client.GetProjectIdAsync(CancellationToken.None));

        using var other = LookupClient(second, credentials, o => o.IamEndpoint = new Uri("https://127.0.0.1:9443/"));
        Assert.Equal("00000000000000000000000000000000", await other.GetProjectIdAsync(CancellationToken.None));

        Assert.Equal("127.0.0.1:9443", Assert.Single(second.List).Uri.Authority);
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_lookup()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new ScriptedTransport(async (r, _) =>
        {
            if (r.Uri.AbsolutePath != "/v3/projects") return ScriptedTransport.Json(200, TestClients.EmptyNicsJson);
            await gate.Task;
            return ScriptedTransport.Json(200, ProjectsJson((LookedUp, "cn-north-4")));
        });
        using var client = LookupClient(transport, UniqueCredentials());

        var calls = Enumerable.Range(0, 5).Select(_ => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None)).ToArray();
        gate.SetResult();
        await Task.WhenAll(calls);

        Assert.Single(transport.List, r => r.Uri.AbsolutePath == "/v3/projects");
        Assert.Equal(5, transport.List.Count(r => r.Uri.AbsolutePath.EndsWith("/os-interface", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Anything_but_exactly_one_match_is_an_error_naming_the_region_and_the_count(int matches)
    {
        var projects = Enumerable.Range(0, matches).Select(i => ($"{i}a1b2c3d4e5f60718293a4b5c6d7e8f9", "cn-north-4"))
            .Append(("11111111111111111111111111111111", "cn-north-4_sub")).ToArray();
        var transport = Cloud(ProjectsJson(projects));
        using var client = LookupClient(transport, UniqueCredentials());

        var error = await Assert.ThrowsAsync<EcsException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Contains("'cn-north-4'", error.Message);
        Assert.Contains($"found {matches} matching projects", error.Message);
        Assert.Equal(1, transport.Count);
    }

    [Fact]
    public async Task A_failed_lookup_is_not_cached()
    {
        var answers = 0;
        var transport = new ScriptedTransport(r => r.Uri.AbsolutePath == "/v3/projects"
            ? ScriptedTransport.Json(200, Interlocked.Increment(ref answers) == 1 ? ProjectsJson() : ProjectsJson((LookedUp, "cn-north-4")))
            : ScriptedTransport.Json(200, TestClients.EmptyNicsJson));
        using var client = LookupClient(transport, UniqueCredentials());

        await Assert.ThrowsAsync<EcsException>(() => client.GetProjectIdAsync(CancellationToken.None));
        Assert.Equal(LookedUp, await client.GetProjectIdAsync(CancellationToken.None));

        Assert.Equal(2, transport.Count);
    }

    [Fact]
    public async Task A_project_id_from_iam_that_is_not_an_id_is_refused_before_it_reaches_a_path()
    {
        using var client = LookupClient(Cloud(ProjectsJson(("../../x", "cn-north-4"))), UniqueCredentials());

        var error = await Assert.ThrowsAsync<EcsValidationException>(() => client.ListServerNicsAsync(TestClients.ServerId, CancellationToken.None));

        Assert.Contains("returned by IAM", error.ParameterName);
    }

    [Fact]
    public async Task Without_a_region_the_project_cannot_be_looked_up()
    {
        var transport = Cloud(ProjectsJson());
        using var client = TestClients.Client(transport, new FakeClock(), UniqueCredentials(), o => o.ProjectId = null);

        var error = await Assert.ThrowsAsync<EcsValidationException>(() => client.GetProjectIdAsync(CancellationToken.None));

        Assert.Equal("Region", error.ParameterName);
        Assert.Equal(0, transport.Count);
    }

    [Fact]
    public async Task An_iam_error_surfaces_as_an_api_error_of_the_lookup()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(403,
            "{\"error\":{\"code\":\"IAM.0002\",\"message\":\"You are not authorized.\"}}", "iam-req-3"));
        using var client = LookupClient(transport, UniqueCredentials());

        var error = await Assert.ThrowsAsync<EcsApiException>(() => client.GetProjectIdAsync(CancellationToken.None));

        Assert.Equal("KeystoneListProjects", error.Operation);
        Assert.Equal("cn-north-4", error.TargetId);
        Assert.Equal("IAM.0002", error.ErrorCode);
    }

    [Fact]
    public async Task A_caller_can_stop_waiting_for_a_shared_lookup()
    {
        var gate = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new ScriptedTransport((_, _) => gate.Task);
        using var client = LookupClient(transport, UniqueCredentials());
        using var cts = new CancellationTokenSource();

        var waiting = client.GetProjectIdAsync(cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.SetResult(ScriptedTransport.Json(200, ProjectsJson((LookedUp, "cn-north-4"))));
        Assert.Equal(LookedUp, await client.GetProjectIdAsync(CancellationToken.None));
    }
}
