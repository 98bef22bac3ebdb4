using System;
using System.Collections.Generic;
using EcsNic.Core.Api;
using Xunit;

namespace EcsNic.Core.Tests.Api;

/// <summary>Where the VPC calls go: the configured endpoint, the SDK's environment override, or the region's public host.</summary>
public sealed class VpcEndpointTests
{
    [Fact]
    public void The_region_selects_the_public_host_and_eu_dublin_lives_under_myhuaweicloud_eu()
    {
        Assert.Equal("https://vpc.cn-north-4.myhuaweicloud.com/", VpcEndpoint.Resolve(new EcsClientOptions { Region = "cn-north-4" }, _ => null).AbsoluteUri);
        Assert.Equal("https://vpc.eu-west-101.myhuaweicloud.eu/", VpcEndpoint.ForRegion("eu-west-101").AbsoluteUri);
        Assert.Equal("https://vpc.eu-west-0.myhuaweicloud.com/", VpcEndpoint.ForRegion("eu-west-0").AbsoluteUri);
    }

    [Fact]
    public void A_configured_endpoint_wins_then_the_environment_override()
    {
        var emulator = new Uri("http://127.0.0.1:5080/");
        Assert.Equal(emulator, VpcEndpoint.Resolve(new EcsClientOptions { Region = "cn-north-4", Endpoint = emulator }, _ => "https://ignored"));
        var environment = new Dictionary<string, string> { ["HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4"] = " https://vpc.internal.example, https://second" };
        Assert.Equal("https://vpc.internal.example/",
            VpcEndpoint.Resolve(new EcsClientOptions { Region = "cn-north-4" }, n => environment.TryGetValue(n, out var v) ? v : null).AbsoluteUri);
        var bad = Assert.Throws<EcsValidationException>(() =>
            VpcEndpoint.Resolve(new EcsClientOptions { Region = "cn-north-4" }, _ => "http://vpc.example.com"));
        Assert.Equal("HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4", bad.ParameterName);
    }
}
