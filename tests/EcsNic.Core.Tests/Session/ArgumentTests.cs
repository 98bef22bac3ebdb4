using System;
using System.Linq;
using EcsNic.Core.Api;
using EcsNic.Core.Completion;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Session;

public sealed class ArgumentTests
{
    private const string Uuid = "d0c1e2f3-1234-4abc-9def-0123456789ab";

    [Fact]
    public void Ids_are_trimmed_and_checked_with_the_client_rules()
    {
        Assert.Equal(Uuid, EcsArguments.ServerId("ServerId", "  " + Uuid + "\n"));
        Assert.Equal(Uuid, EcsArguments.NicId("NicId", Uuid));
        Assert.Equal(Uuid, EcsArguments.SubnetId("SubnetId", Uuid));
        Assert.Equal(Uuid, EcsArguments.PortId("PortId", Uuid));
        Assert.Equal(Uuid, EcsArguments.SecurityGroupId("SecurityGroupId", Uuid));
        Assert.Equal(Uuid, EcsArguments.BandwidthId("Ipv6BandwidthId", Uuid));
        Assert.Equal("ff8080817a1b2c3d4e5f60718293a4b5", EcsArguments.JobId("JobId", " ff8080817a1b2c3d4e5f60718293a4b5 "));
        Assert.Equal("0c6a4e5b2f3d4e1a9b8c7d6e5f4a3b2c", EcsArguments.ProjectId("ProjectId", "0c6a4e5b2f3d4e1a9b8c7d6e5f4a3b2c"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("../servers")]
    [InlineData("no-such-server")]
    [InlineData("d0c1e2f3-1234-4abc-9def-0123456789ab/x")]
    public void Non_ids_are_rejected_naming_the_parameter(string? value)
    {
        var ex = Assert.Throws<EcsValidationException>(() => EcsArguments.ServerId("InputObject.ServerId", value));
        Assert.Equal("InputObject.ServerId", ex.ParameterName);
        Assert.StartsWith(value is null ? "InputObject.ServerId is " : "InputObject.ServerId '", ex.Message);
        Assert.DoesNotContain("(null)", ex.Message);
    }

    [Fact]
    public void Job_ids_may_be_hex_or_uuids_but_nothing_else()
    {
        Assert.Equal(Uuid, EcsArguments.JobId("JobId", Uuid));
        Assert.Throws<EcsValidationException>(() => EcsArguments.JobId("JobId", "job-1"));
    }

    [Theory]
    [InlineData("192.168.0.10", "192.168.0.10")]
    [InlineData(" 10.0.0.0 ", "10.0.0.0")]
    [InlineData("10.20.30.40", "10.20.30.40")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    public void RequireIpAddress_accepts_and_canonicalises(string value, string expected)
    {
        Assert.Equal(expected, EcsArguments.RequireIpAddress("IpAddress", value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.05")]
    [InlineData("1")]
    [InlineData("10.0.0.1.2")]
    [InlineData("10.0.0.a")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:db8:::1")]
    [InlineData("10.0.0.-1")]
    public void RequireIpAddress_rejects_anything_else(string value)
    {
        var ex = Assert.Throws<EcsValidationException>(() => EcsArguments.RequireIpAddress("IpAddress", value));
        Assert.Equal("IpAddress", ex.ParameterName);
    }

    [Theory]
    [InlineData("https://ecs.cn-north-4.myhuaweicloud.com")]
    [InlineData("http://127.0.0.1:5000/")]
    public void RequireEndpoint_accepts_http_and_https(string value)
    {
        Assert.Equal(new Uri(value), EcsArguments.RequireEndpoint("Endpoint", new Uri(value)));
    }

    [Theory]
    [InlineData("ftp://example.com/")]
    [InlineData("https://example.com/?a=b")]
    [InlineData("https://example.com/#x")]
    public void RequireEndpoint_rejects_other_uris(string value)
    {
        Assert.Throws<EcsValidationException>(() => EcsArguments.RequireEndpoint("Endpoint", new Uri(value)));
    }

    [Fact]
    public void RequireEndpoint_rejects_relative_and_missing_uris()
    {
        Assert.Throws<EcsValidationException>(() => EcsArguments.RequireEndpoint("Endpoint", new Uri("/v1", UriKind.Relative)));
        Assert.Throws<EcsValidationException>(() => EcsArguments.RequireEndpoint("Endpoint", null));
    }

    [Theory]
    [InlineData("2001:db8::1")]
    [InlineData(" 2001:db8::5 ")]
    [InlineData("255.255.255.255")]
    public void RequireIpv4Address_rejects_ipv6_and_non_unicast_addresses_quoting_them(string value)
    {
        var ex = Assert.Throws<EcsValidationException>(() => EcsArguments.RequireIpv4Address("IpAddress", value));
        Assert.Equal("IpAddress", ex.ParameterName);
        Assert.StartsWith($"IpAddress '{value.Trim()}' ", ex.Message);
    }

    [Fact]
    public void Arguments_and_the_client_share_one_region_rule_that_quotes_the_value_as_typed()
    {
        var fromCmdlet = Assert.Throws<EcsValidationException>(() => EcsArguments.RequireRegion("Region", "Beijing4"));
        var fromClient = Assert.Throws<EcsValidationException>(() => Endpoints.ValidateRegion("Beijing4"));

        Assert.StartsWith("Region 'Beijing4' is not a valid region ID", fromCmdlet.Message);
        Assert.Equal(fromClient.Message, fromCmdlet.Message);
        Assert.Equal("Region is required: give a region such as cn-north-4.",
            Assert.Throws<EcsValidationException>(() => EcsArguments.RequireRegion("Region", null)).Message);
    }

    [Fact]
    public void RequireRegion_lowercases_and_rejects_odd_characters()
    {
        Assert.Equal("cn-north-4", EcsArguments.RequireRegion("Region", " CN-North-4 "));
        Assert.Equal("xx-new-9", EcsArguments.RequireRegion("Region", "xx-new-9"));
        Assert.Throws<EcsValidationException>(() => EcsArguments.RequireRegion("Region", "cn north"));
        Assert.Throws<EcsValidationException>(() => EcsArguments.RequireRegion("Region", "cn-north-4.evil.com"));
        Assert.Throws<EcsValidationException>(() => EcsArguments.RequireRegion("Region", ""));
    }

    [Fact]
    public void Bulk_keys_name_the_nic_the_virtual_ip_and_the_subnet_scopes_with_their_modes()
    {
        Assert.Equal(new[] { "nic:n1", "vip:s1/10.0.0.5", "subnet-vips:s1 (shared)", "subnet-vips:* (shared)" },
            BulkKeys.ForBind("n1", "s1", "10.0.0.5").Select(k => k.ToString()).ToArray());
        Assert.Equal(new[] { "nic:n1", "subnet-vips:*" }, BulkKeys.ForUnbind("n1").Select(k => k.ToString()).ToArray());
        Assert.Equal(new[] { "nic:n1", "subnet-vips:* (shared)", "subnet-vips:s1" },
            BulkKeys.ForUnbind("n1", "s1").Select(k => k.ToString()).ToArray());
    }

    [Fact]
    public void Equal_addresses_written_differently_give_the_same_key()
    {
        var a = BulkKeys.VirtualIp("s", EcsArguments.RequireIpAddress("IpAddress", "2001:DB8::1"));
        var b = BulkKeys.VirtualIp("s", EcsArguments.RequireIpAddress("IpAddress", "2001:db8:0::1"));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Region_completion_matches_prefixes_case_insensitively()
    {
        Assert.Equal(new[] { "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9", "cn-north-11", "cn-north-12" }, RegionNames.Complete("CN-NORTH"));
        Assert.Equal(RegionNames.Complete("ap-"), RegionNames.Complete("'ap-"));
        Assert.Equal(RegionNames.Known, RegionNames.Complete(null));
        Assert.Empty(RegionNames.Complete("zz"));
    }

    [Fact]
    public void Known_regions_are_the_endpoint_table_in_natural_order()
    {
        Assert.Equal(Endpoints.KnownRegions.OrderBy(r => r, RegionNames.NaturalOrder.Instance), RegionNames.Known);
        Assert.True(IndexOf("cn-north-2") < IndexOf("cn-north-11"));
        Assert.True(IndexOf("ap-southeast-5") < IndexOf("cn-east-2"));
        Assert.Equal(RegionNames.Known.Count, RegionNames.Known.Distinct().Count());
        foreach (var region in new[] { "cn-north-4", "cn-east-3", "ap-southeast-1", "la-south-2" })
            Assert.Contains(region, RegionNames.Known);
    }

    private static int IndexOf(string region) => RegionNames.Known.ToList().IndexOf(region);

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 10, 0)]
    [InlineData(1, 3, 33)]
    [InlineData(2, 3, 66)]
    [InlineData(3, 3, 100)]
    [InlineData(5, 3, 100)]
    [InlineData(-1, 3, 0)]
    public void Progress_percent_is_clamped(int done, int total, int percent)
    {
        Assert.Equal(percent, ProgressText.Percent(done, total));
    }

    [Fact]
    public void Progress_count_reads_n_of_m()
    {
        Assert.Equal("3 of 10 NICs", ProgressText.Count(3, 10, "NICs"));
    }
}
