using System;
using System.Collections.Generic;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using Xunit;

namespace EcsNic.Core.Tests.Api;

public sealed class InputValidationTests
{
    private const string Uuid = "d4e5f6a7-1234-4bcd-9ef0-123456789abc";
    private static readonly string TenMegabytes = new('a', 10 * 1024 * 1024);

    public static TheoryData<string?> BadUuids() => new()
    {
        null,
        "",
        "../../jobs/x",
        "%2F",
        Uuid + "%2F..",
        "d4e5f6a7-1234-4bcd-9ef0-123456789ab%2F",
        Uuid + "?x=1",
        Uuid + "#top",
        "d4e5f6a7-1234-4bcd-9ef0-12345678?abc",
        "d4e5f6a7-1234-4bcd-9ef0-12345678#abc",
        " " + Uuid,
        Uuid + " ",
        Uuid + "\n",
        "d4e5f6a7-1234-4bcd-9ef0 123456789abc",
        "\uff44" + Uuid.Substring(1),
        "d4e5f6a7-1234-4bcd-9ef0-12345678\u0661abc",
        "d4e5f6a7-1234-4bcd-9ef0-123456789abç",
        "{" + Uuid + "}",
        "d4e5f6a71234-4bcd-9ef0-123456789abc-",
        "d4e5f6a712344bcd9ef0123456789abc",
        "g4e5f6a7-1234-4bcd-9ef0-123456789abc",
        TenMegabytes,
    };

    [Theory]
    [MemberData(nameof(BadUuids))]
    public void Nic_ids_must_be_uuids_and_the_error_names_parameter_and_value(string? value)
    {
        var error = Assert.Throws<EcsValidationException>(() => InputValidation.NicId(value));

        Assert.Equal("NicId", error.ParameterName);
        Assert.Equal(value, error.Value);
        // A missing value is named, never quoted as '(null)'.
        Assert.StartsWith(value is null ? "NicId is not a valid NIC ID: expected a UUID such as "
            : $"NicId '{EcsValidationException.Shorten(value)}' is not a valid NIC ID: expected a UUID such as ", error.Message);
        Assert.DoesNotContain("(null)", error.Message);
        Assert.True(error.Message.Length < 300);
    }

    [Fact]
    public void The_message_quotes_the_offending_value()
    {
        var error = Assert.Throws<EcsValidationException>(() => InputValidation.NicId("../../jobs/x"));

        Assert.Equal($"NicId '../../jobs/x' is not a valid NIC ID: expected a UUID such as {InputValidation.ExampleUuid}.", error.Message);
    }

    [Theory]
    [InlineData(Uuid)]
    [InlineData("D4E5F6A7-1234-4BCD-9EF0-123456789ABC")]
    public void Uuids_are_accepted_unchanged(string value)
    {
        Assert.Same(value, InputValidation.NicId(value));
        Assert.Same(value, InputValidation.ServerId(value));
        Assert.Same(value, InputValidation.SubnetId(value));
        Assert.Same(value, InputValidation.PortId(value));
        Assert.Same(value, InputValidation.SecurityGroupId(value));
        Assert.Same(value, InputValidation.BandwidthId(value));
    }

    [Fact]
    public void Every_id_kind_names_its_own_parameter()
    {
        Assert.Equal("ServerId", Assert.Throws<EcsValidationException>(() => InputValidation.ServerId("x")).ParameterName);
        Assert.Equal("SubnetId", Assert.Throws<EcsValidationException>(() => InputValidation.SubnetId("x")).ParameterName);
        Assert.Equal("PortId", Assert.Throws<EcsValidationException>(() => InputValidation.PortId("x")).ParameterName);
        Assert.Equal("SecurityGroupId", Assert.Throws<EcsValidationException>(() => InputValidation.SecurityGroupId("x")).ParameterName);
        Assert.Equal("BandwidthId", Assert.Throws<EcsValidationException>(() => InputValidation.BandwidthId("x")).ParameterName);
        Assert.Contains("server ID", Assert.Throws<EcsValidationException>(() => InputValidation.ServerId("x")).Message);
    }

    [Theory]
    [InlineData("ff80808288d41e1b018990260955686a", true)]
    [InlineData("FF80808288D41E1B018990260955686A", true)]
    [InlineData(Uuid, true)]
    [InlineData("ff80808288d41e1b018990260955686", false)]
    [InlineData("ff80808288d41e1b018990260955686ab", false)]
    [InlineData("ff80808288d41e1b018990260955686g", false)]
    [InlineData("../ff80808288d41e1b018990260955", false)]
    [InlineData(" ff80808288d41e1b018990260955686a", false)]
    public void Job_ids_are_32_hex_digits_or_a_uuid(string value, bool valid)
    {
        if (valid) Assert.Equal(value, InputValidation.JobId(value));
        else Assert.Equal("JobId", Assert.Throws<EcsValidationException>(() => InputValidation.JobId(value)).ParameterName);
    }

    [Theory]
    [InlineData("0a1b2c3d4e5f60718293a4b5c6d7e8f9", true)]
    [InlineData(Uuid, true)]
    [InlineData("0a1b2c3d4e5f60718293a4b5c6d7e8f", false)]
    [InlineData("cn-north-4", false)]
    [InlineData("0a1b2c3d4e5f60718293a4b5c6d7e8f9/", false)]
    public void Project_ids_are_32_hex_digits_or_a_uuid(string value, bool valid)
    {
        if (valid) Assert.Equal(value, InputValidation.ProjectId(value));
        else Assert.Throws<EcsValidationException>(() => InputValidation.ProjectId(value));
    }

    [Theory]
    [InlineData("192.168.0.7")]
    [InlineData("10.0.0.1")]
    [InlineData("1.2.3.4")]
    [InlineData("255.255.255.254")]
    [InlineData("100.64.0.1")]
    [InlineData("2001:db8::7")]
    [InlineData("2001:DB8::7")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0007")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:192.168.0.7")]
    public void Unicast_addresses_are_accepted_unchanged(string value)
    {
        Assert.Same(value, InputValidation.IpAddress(value));
    }

    public static TheoryData<string?, string> BadAddresses() => new()
    {
        { null, "not a valid IP address" },
        { "", "not a valid IP address" },
        { "1", "not a valid IP address" },
        { "192.168.1", "not a valid IP address" },
        { "1.2.3.4.5", "not a valid IP address" },
        { "1..2.3", "not a valid IP address" },
        { "192.168.0.", "not a valid IP address" },
        { "010.1.1.1", "leading zero" },
        { "192.168.01.1", "leading zero" },
        { "00.1.1.1", "leading zero" },
        { "256.1.1.1", "0 to 255" },
        { "1.2.3.1000", "0 to 255" },
        { " 192.168.0.7", "not a valid IP address" },
        { "192.168.0.7 ", "not a valid IP address" },
        { "192.168.0.7\n", "not a valid IP address" },
        { "192.168.0.7/24", "not a valid IP address" },
        { "0x7f.0.0.1", "not a valid IP address" },
        { "\uff11\uff19\uff12.168.0.7", "not a valid IP address" },
        { "192.168.0.\u0667", "not a valid IP address" },
        { "0.0.0.0", "this network" },
        { "0.1.2.3", "this network" },
        { "255.255.255.255", "broadcast" },
        { "127.0.0.1", "loopback" },
        { "127.255.0.9", "loopback" },
        { "224.0.0.1", "multicast" },
        { "239.255.255.250", "multicast" },
        { "::", "unspecified" },
        { "::1", "loopback" },
        { "ff02::1", "multicast" },
        { "fe80::1%eth0", "zone" },
        { "fe80::1%25eth0", "zone" },
        { "[2001:db8::1]", "not a valid IP address" },
        { "2001:db8::1/64", "not a valid IP address" },
        { "2001:db8:::1", "not a valid IP address" },
        { "2001:db8::g", "not a valid IP address" },
        { " 2001:db8::1", "not a valid IP address" },
        { "::ffff:127.0.0.1", "loopback" },
        { "example.com", "not a valid IP address" },
        { TenMegabytes, "not a valid IP address" },
    };

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public void Malformed_and_unusable_addresses_are_rejected_with_the_reason(string? value, string reason)
    {
        var error = Assert.Throws<EcsValidationException>(() => InputValidation.IpAddress(value));

        Assert.Equal("IpAddress", error.ParameterName);
        Assert.Contains(reason, error.Message);
        Assert.True(error.Message.Length < 400);
    }

    [Fact]
    public void Ipv4_only_checks_reject_ipv6()
    {
        Assert.Contains("not an IPv4 address", Assert.Throws<EcsValidationException>(() => InputValidation.Ipv4Address("2001:db8::7")).Message);
        Assert.Equal("10.1.2.3", InputValidation.Ipv4Address("10.1.2.3"));
    }

    public static TheoryData<string, List<NicSpec>?> BadSpecs() => new()
    {
        { "Nic", null },
        { "Nic", new List<NicSpec>() },
        { "Nic[1]", new List<NicSpec> { new() { SubnetId = Uuid }, null! } },
        { "Nic[0].SubnetId", new List<NicSpec> { new() { SubnetId = "" } } },
        { "Nic[1].SubnetId", new List<NicSpec> { new() { SubnetId = Uuid }, new() { SubnetId = "../x" } } },
        { "Nic[0].PortId", new List<NicSpec> { new() { SubnetId = Uuid, PortId = "port" } } },
        { "Nic[0].IpAddress", new List<NicSpec> { new() { SubnetId = Uuid, IpAddress = "10.0.0.01" } } },
        { "Nic[0].IpAddress", new List<NicSpec> { new() { SubnetId = Uuid, IpAddress = "2001:db8::1" } } },
        { "Nic[0].SecurityGroups[1].Id", new List<NicSpec> { new() { SubnetId = Uuid, SecurityGroups = new() { new() { Id = Uuid }, new() { Id = "sg" } } } } },
        { "Nic[0].SecurityGroups[0]", new List<NicSpec> { new() { SubnetId = Uuid, SecurityGroups = new() { null! } } } },
        { "Nic[0].Ipv6Bandwidth.Id", new List<NicSpec> { new() { SubnetId = Uuid, Ipv6Bandwidth = new() { Id = "bw" } } } },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Nic_specs_are_checked_field_by_field(string parameter, List<NicSpec>? specs)
    {
        var error = Assert.Throws<EcsValidationException>(() => InputValidation.NicSpecs(specs));

        Assert.Equal(parameter, error.ParameterName);
    }

    [Fact]
    public void A_complete_nic_spec_is_accepted()
    {
        InputValidation.NicSpecs(new List<NicSpec>
        {
            new() { SubnetId = Uuid, PortId = Uuid, IpAddress = "10.0.0.5", Ipv6Enable = true, Ipv6Bandwidth = new() { Id = Uuid },
                SecurityGroups = new() { new() { Id = Uuid } } },
        });
    }

    [Fact]
    public void Nic_id_lists_must_be_non_empty_valid_and_without_duplicates()
    {
        Assert.Throws<EcsValidationException>(() => InputValidation.NicIds(null));
        Assert.Throws<EcsValidationException>(() => InputValidation.NicIds(Array.Empty<string>()));
        Assert.Equal("NicId[1]", Assert.Throws<EcsValidationException>(() => InputValidation.NicIds(new[] { Uuid, "x" })).ParameterName);
        Assert.Contains("more than once", Assert.Throws<EcsValidationException>(() =>
            InputValidation.NicIds(new[] { Uuid, Uuid.ToUpperInvariant() })).Message);
        InputValidation.NicIds(new[] { Uuid });
    }

    [Theory]
    [InlineData("a/b?c#d e", "a%2Fb%3Fc%23d%20e")]
    [InlineData("%2F", "%252F")]
    [InlineData(Uuid, Uuid)]
    public void Path_segments_are_escaped_so_they_cannot_change_the_path(string value, string expected)
    {
        Assert.Equal(expected, InputValidation.PathSegment(value));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("")]
    public void Dot_segments_are_refused(string value)
    {
        Assert.Throws<EcsValidationException>(() => InputValidation.PathSegment(value));
    }
}
