using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

/// <summary>
/// The emulator behaves as the real cloud does where the client once got it wrong: IAM on its own route, one project
/// per region, throttling and submission failures with Huawei's codes, and the attach rules for a given port.
/// </summary>
public sealed class CloudFidelityTests
{
    [Fact]
    public async Task Iam_lives_only_on_its_own_route_and_lists_a_distinct_project_per_region()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var onEcsAddress = await client.GetAsync("/v3/projects?name=" + a.Region);
        var second = await client.GetAsync("/iam/v3/projects?name=" + a.SecondRegion);

        Assert.Equal(404, onEcsAddress.Status);
        Assert.Equal("APIGW.0101", onEcsAddress.GatewayCode);
        Assert.Equal(a.SecondProjectId, Assert.Single(second.Json["projects"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.NotEqual(a.ProjectId, a.SecondProjectId);
        Assert.Equal(new System.Uri(host.BaseUri, "iam/"), host.IamBaseUri);
    }

    [Fact]
    public async Task Another_regions_project_id_gets_Ecs_0023_with_hauweis_message()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var server = a.Servers[0].Id;

        var secondProjectAtMain = await client.GetAsync(Api.Interfaces(a.SecondProjectId, server));
        var mainProjectAtSecond = await client.GetAsync($"/region/{a.SecondRegion}" + Api.Interfaces(a.ProjectId, server));
        var secondProjectAtSecond = await client.GetAsync($"/region/{a.SecondRegion}" + Api.Interfaces(a.SecondProjectId, server));
        var unknownRegion = await client.GetAsync("/region/xx-nowhere-1" + Api.Interfaces(a.ProjectId, server));

        foreach (var mismatch in new[] { secondProjectAtMain, mainProjectAtSecond })
        {
            Assert.Equal(400, mismatch.Status);
            Assert.Equal("Ecs.0023", mismatch.EcsCode);
            Assert.Equal("project_id in token mismatches with project_id in url", mismatch.Json["error"]!["message"]!.GetValue<string>());
        }
        // The second region is a region of its own: the right project is accepted there, and the main region's servers are not in it.
        Assert.Equal(404, secondProjectAtSecond.Status);
        Assert.Equal("Ecs.0114", secondProjectAtSecond.EcsCode);
        Assert.Equal(404, unknownRegion.Status);
    }

    [Fact]
    public async Task Server_limits_answer_a_signed_read_in_each_region()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;

        var main = await client.GetAsync($"/v1/{a.ProjectId}/cloudservers/limits");
        var second = await client.GetAsync($"/region/{a.SecondRegion}/v1/{a.SecondProjectId}/cloudservers/limits");
        client.Credentials = new EcsNic.Core.Auth.Credentials(a.AccessKey, "not-the-secret-key", source: "test");
        var wrongSecret = await client.GetAsync($"/v1/{a.ProjectId}/cloudservers/limits");

        Assert.Equal(200, main.Status);
        Assert.True(main.Json["absolute"]!["maxTotalInstances"]!.GetValue<int>() > 0);
        Assert.Equal(200, second.Status);
        Assert.Equal(0, second.Json["absolute"]!["totalInstancesUsed"]!.GetValue<int>());
        Assert.Equal(401, wrongSecret.Status);
        Assert.Equal("APIGW.0301", wrongSecret.GatewayCode);
        Assert.Equal(3, host.GetCounters().RequestsFor(Operations.ShowServerLimits));
    }

    [Theory]
    [InlineData(FaultKind.FlowControl, null, 202, "Common.0024")]
    [InlineData(FaultKind.FlowControl, 429, 429, "Common.0024")]
    [InlineData(FaultKind.SystemBusy, null, 503, "Common.1503")]
    [InlineData(FaultKind.TaskSubmissionFailed, null, 400, "Ecs.0002")]
    public async Task Throttling_and_submission_faults_answer_with_huaweis_codes_and_do_nothing(FaultKind kind, int? status,
        int expectedStatus, string expectedCode)
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        host.AddFault(new FaultRule { Operation = Operations.BatchAddServerNics, Kind = kind, StatusCode = status });

        var answer = await client.PostAsync(Api.Nics(a.ProjectId, a.Servers[1].Id), new JsonObject
        {
            ["nics"] = new JsonArray(new JsonObject { ["subnet_id"] = a.Subnet.Id }),
        });

        Assert.Equal(expectedStatus, answer.Status);
        Assert.Equal(expectedCode, answer.EcsCode);
        Assert.Null(answer.Json["job_id"]);
        Assert.Equal(a.Servers[1].Nics.Count, host.State.GetServerNics(a.Servers[1].Id).Count);
    }

    [Fact]
    public async Task A_given_port_needs_no_subnet_must_be_down_and_efi_enable_is_accepted()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var client = new EmulatorClient(host);
        var a = host.Account;
        var port = await client.PostAsync($"/v1/{a.ProjectId}/ports", new JsonObject
        {
            ["port"] = new JsonObject { ["network_id"] = a.Subnet.Id },
        });
        var portId = port.Json["port"]!["id"]!.GetValue<string>();

        var withoutSubnet = await client.PostAsync(Api.Nics(a.ProjectId, a.Servers[1].Id), new JsonObject
        {
            ["nics"] = new JsonArray(new JsonObject { ["port_id"] = portId, ["efi_enable"] = false }),
        });
        var attachedPort = await client.PostAsync(Api.Nics(a.ProjectId, a.Servers[2].Id), new JsonObject
        {
            ["nics"] = new JsonArray(new JsonObject { ["port_id"] = a.Servers[0].Nics[0].PortId }),
        });
        var neither = await client.PostAsync(Api.Nics(a.ProjectId, a.Servers[2].Id), new JsonObject
        {
            ["nics"] = new JsonArray(new JsonObject { ["efi_enable"] = true }),
        });

        Assert.Equal(200, withoutSubnet.Status);
        Assert.NotNull(withoutSubnet.Json["job_id"]);
        Assert.Equal(400, attachedPort.Status);
        Assert.Contains("is not DOWN", attachedPort.Body);
        Assert.Equal(400, neither.Status);
        Assert.Equal("Ecs.0005", neither.EcsCode);
        var job = host.State.GetJob(withoutSubnet.Json["job_id"]!.GetValue<string>())!;
        Assert.Equal("addNicsForServer", job.JobType);
        Assert.All(job.SubJobs, s => Assert.Equal("addNic", s.JobType));
    }

    [Fact]
    public async Task Metadata_without_an_agency_says_so_with_401()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { MetadataAgencyConfigured = false });
        using var client = new EmulatorClient(host);

        var answer = await client.RawAsync("GET", "/openstack/latest/securitykey");

        Assert.Equal(401, answer.Status);
        Assert.Equal("Please configure Cloud Service Agency first", answer.Body);
    }
}
