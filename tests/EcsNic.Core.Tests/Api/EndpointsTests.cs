using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EcsNic.Core.Api;
using EcsNic.Core.Logging;
using EcsNic.Core.Tests.TestSupport;
using Xunit;

namespace EcsNic.Core.Tests.Api;

public sealed class EndpointsTests
{
    [Fact]
    public void The_known_regions_are_the_33_of_the_official_sdk()
    {
        Assert.Equal(33, Endpoints.KnownRegions.Count);
        Assert.Equal(33, Endpoints.KnownRegions.Distinct().Count());
        foreach (var region in new[] { "cn-north-4", "cn-east-3", "ap-southeast-1", "la-south-2", "eu-west-101", "my-kualalumpur-1" })
            Assert.Contains(region, Endpoints.KnownRegions);
        Assert.All(Endpoints.KnownRegions, r => Assert.Matches("^[a-z]{2,}-[a-z]+-[0-9]+$", r));
    }

    [Theory]
    [InlineData("cn-north-4", "https://ecs.cn-north-4.myhuaweicloud.com/", "https://iam.cn-north-4.myhuaweicloud.com/")]
    [InlineData("la-south-2", "https://ecs.la-south-2.myhuaweicloud.com/", "https://iam.la-south-2.myhuaweicloud.com/")]
    [InlineData("eu-west-101", "https://ecs.eu-west-101.myhuaweicloud.eu/", "https://iam.eu-west-101.myhuaweicloud.eu/")]
    [InlineData("eu-west-0", "https://ecs.eu-west-0.myhuaweicloud.com/", "https://iam.eu-west-0.myhuaweicloud.com/")]
    [InlineData("cn-north-12", "https://ecs.cn-north-12.myhuaweicloud.com/", "https://iam.cn-north-12.myhuaweicloud.com/")]
    // Regions missing from the SDK's IAM map use the global IAM endpoint, as the SDKs do.
    [InlineData("cn-south-4", "https://ecs.cn-south-4.myhuaweicloud.com/", "https://iam.myhuaweicloud.com/")]
    [InlineData("af-north-1", "https://ecs.af-north-1.myhuaweicloud.com/", "https://iam.myhuaweicloud.com/")]
    [InlineData("ap-southeast-5", "https://ecs.ap-southeast-5.myhuaweicloud.com/", "https://iam.myhuaweicloud.com/")]
    [InlineData("cn-north-11", "https://ecs.cn-north-11.myhuaweicloud.com/", "https://iam.myhuaweicloud.com/")]
    [InlineData("cn-southwest-3", "https://ecs.cn-southwest-3.myhuaweicloud.com/", "https://iam.myhuaweicloud.com/")]
    [InlineData("xx-newplace-7", "https://ecs.xx-newplace-7.myhuaweicloud.com/", "https://iam.myhuaweicloud.com/")]
    public void Regions_map_to_ecs_and_iam_endpoints(string region, string ecs, string iam)
    {
        var options = new EcsClientOptions { Region = region };

        Assert.Equal(ecs, Endpoints.ResolveEcs(options, _ => null).AbsoluteUri);
        Assert.Equal(iam, Endpoints.ResolveIam(options, _ => null).AbsoluteUri);
    }

    [Theory]
    [InlineData("CN-NORTH-4")]
    [InlineData("cn-north-4 ")]
    [InlineData(" Cn-North-4")]
    public void Regions_are_trimmed_and_lower_cased_by_the_one_region_rule(string region)
    {
        Assert.Equal("cn-north-4", Endpoints.ValidateRegion(region));
        Assert.Equal("https://ecs.cn-north-4.myhuaweicloud.com/",
            Endpoints.ResolveEcs(new EcsClientOptions { Region = region }, _ => null).AbsoluteUri);
    }

    [Theory]
    [InlineData("cn_north_4")]
    [InlineData("cn-north")]
    [InlineData("cn-north-4.evil.example")]
    [InlineData("cn-north-4/..")]
    [InlineData("ecs.cn-north-4")]
    [InlineData("c-north-4")]
    [InlineData("Beijing4")]
    public void Malformed_regions_are_validation_errors(string region)
    {
        var error = Assert.Throws<EcsValidationException>(() => Endpoints.ValidateRegion(region));

        Assert.Equal("Region", error.ParameterName);
        Assert.StartsWith($"Region '{region}' is not a valid region", error.Message);
        Assert.Throws<EcsValidationException>(() => new EcsClient(new EcsClientOptions { Region = region },
            new FixedCredentialProvider(TestClients.Permanent())));
    }

    [Fact]
    public void The_sdk_environment_variable_overrides_the_region_endpoint_and_the_first_entry_wins()
    {
        var variables = new Dictionary<string, string>
        {
            ["HUAWEICLOUD_SDK_REGION_ECS_CN_NORTH_4"] = " https://ecs-a.example.test , https://ecs-b.example.test",
            ["HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4"] = ",https://iam-a.example.test",
        };
        var options = new EcsClientOptions { Region = "cn-north-4" };

        Assert.Equal("https://ecs-a.example.test/", Endpoints.ResolveEcs(options, n => variables.GetValueOrDefault(n)).AbsoluteUri);
        Assert.Equal("https://iam-a.example.test/", Endpoints.ResolveIam(options, n => variables.GetValueOrDefault(n)).AbsoluteUri);
    }

    [Fact]
    public void An_explicit_endpoint_wins_over_the_environment_but_never_serves_iam()
    {
        var options = new EcsClientOptions { Region = "cn-north-4", Endpoint = new Uri("http://127.0.0.1:5000/") };

        Assert.Equal("http://127.0.0.1:5000/", Endpoints.ResolveEcs(options, _ => "https://ignored.example.test").AbsoluteUri);
        Assert.Equal("https://iam.cn-north-4.myhuaweicloud.com/", Endpoints.ResolveIam(options, _ => null).AbsoluteUri);
        options.IamEndpoint = new Uri("http://127.0.0.1:6000/");
        Assert.Equal("http://127.0.0.1:6000/", Endpoints.ResolveIam(options, _ => "https://ignored.example.test").AbsoluteUri);
    }

    [Fact]
    public void The_sdk_iam_endpoint_variable_is_used_below_the_region_variable()
    {
        var variables = new Dictionary<string, string> { [Endpoints.IamEndpointVariable] = "https://iam-global.example.test" };
        var options = new EcsClientOptions { Region = "cn-north-4", Endpoint = new Uri("http://127.0.0.1:5000/") };

        Assert.Equal("https://iam-global.example.test/", Endpoints.ResolveIam(options, n => variables.GetValueOrDefault(n)).AbsoluteUri);
        variables["HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4"] = "https://iam-region.example.test";
        Assert.Equal("https://iam-region.example.test/", Endpoints.ResolveIam(options, n => variables.GetValueOrDefault(n)).AbsoluteUri);
    }

    [Fact]
    public void An_insecure_environment_endpoint_is_rejected_naming_the_variable()
    {
        var error = Assert.Throws<EcsValidationException>(() =>
            Endpoints.ResolveEcs(new EcsClientOptions { Region = "ap-southeast-1" }, _ => "http://ecs.example.test"));

        Assert.Equal("HUAWEICLOUD_SDK_REGION_ECS_AP_SOUTHEAST_1", error.ParameterName);
    }

    [Theory]
    [InlineData("http://ecs.example.test/", "plain http://")]
    [InlineData("http://10.1.2.3:8080/", "plain http://")]
    [InlineData("ftp://ecs.example.test/", "https://")]
    [InlineData("https://user:pass@ecs.example.test/", "user name")]
    [InlineData("https://ecs.example.test/?x=1", "query")]
    [InlineData("https://ecs.example.test/#x", "fragment")]
    public void Unsafe_endpoints_are_rejected(string endpoint, string reason)
    {
        var error = Assert.Throws<EcsValidationException>(() => Endpoints.ValidateEndpoint(new Uri(endpoint), false));

        Assert.Contains(reason, error.Message);
        Assert.Throws<EcsValidationException>(() => new EcsClient(new EcsClientOptions { Endpoint = new Uri(endpoint) },
            new FixedCredentialProvider(TestClients.Permanent())));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/")]
    [InlineData("http://127.8.9.10:9/")]
    [InlineData("http://localhost:9/")]
    [InlineData("http://[::1]:9/")]
    public void Plain_http_is_accepted_for_loopback_without_a_warning(string endpoint)
    {
        var logger = new CapturingLogger();
        using var client = new EcsClient(new EcsClientOptions { Endpoint = new Uri(endpoint), Logger = logger },
            new FixedCredentialProvider(TestClients.Permanent()));

        Assert.Equal(new Uri(endpoint), client.Endpoint);
        Assert.Empty(logger.At(EcsLogLevel.Warning));
    }

    [Fact]
    public void Plain_http_elsewhere_needs_an_explicit_opt_in_and_logs_a_warning()
    {
        var logger = new CapturingLogger();
        using var client = new EcsClient(
            new EcsClientOptions { Endpoint = new Uri("http://ecs.example.test:8080/"), AllowInsecureHttp = true, Logger = logger },
            new FixedCredentialProvider(TestClients.Permanent()));

        var warning = Assert.Single(logger.At(EcsLogLevel.Warning));
        Assert.Contains("http://ecs.example.test:8080", warning);
        Assert.Contains("unencrypted", warning);
    }

    [Fact]
    public void An_explicit_iam_endpoint_is_checked_when_the_client_is_created()
    {
        Assert.Equal("IamEndpoint", Assert.Throws<EcsValidationException>(() => new EcsClient(
            new EcsClientOptions { Region = "cn-north-4", IamEndpoint = new Uri("http://iam.example.test/") },
            new FixedCredentialProvider(TestClients.Permanent()))).ParameterName);

        var logger = new CapturingLogger();
        using var client = new EcsClient(new EcsClientOptions
        {
            Region = "cn-north-4", IamEndpoint = new Uri("http://iam.example.test/"), AllowInsecureHttp = true, Logger = logger,
        }, new FixedCredentialProvider(TestClients.Permanent()));
        Assert.Contains("http://iam.example.test", Assert.Single(logger.At(EcsLogLevel.Warning)));
    }

    [Fact]
    public void A_client_needs_a_region_or_an_endpoint()
    {
        var error = Assert.Throws<EcsValidationException>(() =>
            new EcsClient(new EcsClientOptions(), new FixedCredentialProvider(TestClients.Permanent())));

        Assert.Equal("Region", error.ParameterName);
    }

    [Fact]
    public void The_derived_endpoint_is_used_when_nothing_overrides_it()
    {
        var name = Endpoints.EnvironmentVariableName(Endpoints.EcsEnvironmentPrefix, "tr-west-1");
        Assert.Equal("HUAWEICLOUD_SDK_REGION_ECS_TR_WEST_1", name);
        Assert.Matches(new Regex("^https://ecs\\.tr-west-1\\.myhuaweicloud\\.com/$"),
            Endpoints.ResolveEcs(new EcsClientOptions { Region = "tr-west-1" }, _ => null).AbsoluteUri);
    }
}
