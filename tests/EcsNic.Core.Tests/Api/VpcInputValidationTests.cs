using System;
using EcsNic.Core.Api;
using Xunit;

namespace EcsNic.Core.Tests.Api;

/// <summary>The documented VPC limits: private ranges per block, /24 for VPCs, /28 for subnets, host addresses, five groups.</summary>
public sealed class VpcInputValidationTests
{
    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.20.0.0/16")]
    [InlineData("172.16.0.0/12")]
    [InlineData("172.31.255.0/24")]
    [InlineData("192.168.0.0/16")]
    [InlineData("192.168.10.0/24")]
    public void A_private_vpc_range_of_an_allowed_size_is_accepted(string cidr) =>
        Assert.Equal(cidr, VpcInputValidation.VpcCidr(cidr));

    [Theory]
    [InlineData("8.8.0.0/16", "private")]
    [InlineData("172.32.0.0/16", "private")]
    [InlineData("192.168.0.0/15", "private")]
    [InlineData("11.0.0.0/8", "private")]
    [InlineData("10.0.0.0/25", "/24")]
    [InlineData("192.168.0.0/28", "/24")]
    [InlineData("192.168.0.1/16", "host bits")]
    [InlineData("192.168.0.0", "CIDR")]
    [InlineData("192.168.0.0/", "prefix")]
    [InlineData("192.168.0.0/033", "prefix")]
    [InlineData("192.168.00.0/16", "IPv4")]
    [InlineData("192.168.0.0/33", "1 to 32")]
    public void Other_vpc_ranges_are_rejected_naming_the_value_and_the_rule(string cidr, string rule)
    {
        var ex = Assert.Throws<EcsValidationException>(() => VpcInputValidation.VpcCidr(cidr));
        Assert.Equal("Cidr", ex.ParameterName);
        Assert.StartsWith($"Cidr '{cidr}' ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(rule, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subnet_must_lie_inside_its_vpc_and_be_at_most_a_slash_28()
    {
        Assert.Equal("192.168.20.0/24", VpcInputValidation.SubnetCidr("192.168.20.0/24", "192.168.0.0/16"));
        Assert.Equal("192.168.20.16/28", VpcInputValidation.SubnetCidr("192.168.20.16/28", "192.168.0.0/16"));
        Assert.Contains("not inside the VPC's range 192.168.0.0/16",
            Assert.Throws<EcsValidationException>(() => VpcInputValidation.SubnetCidr("10.0.0.0/24", "192.168.0.0/16")).Message);
        Assert.Contains("/28", Assert.Throws<EcsValidationException>(() => VpcInputValidation.SubnetCidr("192.168.20.0/29", "192.168.0.0/16")).Message);
        Assert.Contains("private", Assert.Throws<EcsValidationException>(() => VpcInputValidation.SubnetCidr("8.8.8.0/24", null)).Message);
        Assert.Contains("not inside", Assert.Throws<EcsValidationException>(() => VpcInputValidation.SubnetCidr("192.168.0.0/15", "192.168.0.0/16")).Message);
    }

    [Fact]
    public void A_gateway_is_a_host_address_of_the_subnet_and_defaults_to_the_first()
    {
        Assert.Equal("192.168.20.1", VpcInputValidation.DefaultGateway("192.168.20.0/24"));
        Assert.Equal("192.168.20.254", VpcInputValidation.GatewayIp("192.168.20.254", "192.168.20.0/24"));
        Assert.Contains("not inside the subnet", Assert.Throws<EcsValidationException>(() => VpcInputValidation.GatewayIp("192.168.21.1", "192.168.20.0/24")).Message);
        Assert.Contains("network address", Assert.Throws<EcsValidationException>(() => VpcInputValidation.GatewayIp("192.168.20.0", "192.168.20.0/24")).Message);
        Assert.Contains("broadcast address", Assert.Throws<EcsValidationException>(() => VpcInputValidation.GatewayIp("192.168.20.255", "192.168.20.0/24")).Message);
        Assert.Equal("GatewayIp", Assert.Throws<EcsValidationException>(() => VpcInputValidation.GatewayIp("gw", "192.168.20.0/24")).ParameterName);
    }

    [Fact]
    public void A_fixed_ip_is_a_host_address_of_the_subnet_and_not_its_gateway()
    {
        Assert.Equal("192.168.20.38", VpcInputValidation.FixedIp("192.168.20.38", "192.168.20.0/24", "192.168.20.1"));
        Assert.Contains("gateway", Assert.Throws<EcsValidationException>(() => VpcInputValidation.FixedIp("192.168.20.1", "192.168.20.0/24", "192.168.20.1")).Message);
        Assert.Contains("not inside", Assert.Throws<EcsValidationException>(() => VpcInputValidation.FixedIp("192.168.2.38", "192.168.20.0/24", "192.168.20.1")).Message);
        Assert.Contains("broadcast", Assert.Throws<EcsValidationException>(() => VpcInputValidation.FixedIp("192.168.20.255", "192.168.20.0/24", null)).Message);
        // Without a known range only the address itself is checked.
        Assert.Equal("10.0.0.5", VpcInputValidation.FixedIp("10.0.0.5", null, null));
    }

    [Fact]
    public void At_most_five_distinct_security_groups()
    {
        var five = new[] { G(1), G(2), G(3), G(4), G(5), G(5).ToUpperInvariant() };
        Assert.Equal(5, VpcInputValidation.SecurityGroupIds(five).Count);
        var ex = Assert.Throws<EcsValidationException>(() => VpcInputValidation.SecurityGroupIds(new[] { G(1), G(2), G(3), G(4), G(5), G(6) }));
        Assert.Equal("SecurityGroupId", ex.ParameterName);
        Assert.Contains("at most 5", ex.Message, StringComparison.Ordinal);
        Assert.Throws<EcsValidationException>(() => VpcInputValidation.SecurityGroupIds(new[] { "sg-1" }));
    }

    [Theory]
    [InlineData("vpc-prod_1.a", true)]
    [InlineData("生产网络", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    public void Names_are_1_to_64_letters_digits_underscores_hyphens_or_dots(string name, bool valid)
    {
        if (valid) Assert.Equal(name, VpcInputValidation.Name(name));
        else Assert.Equal("Name", Assert.Throws<EcsValidationException>(() => VpcInputValidation.Name(name)).ParameterName);
        Assert.Throws<EcsValidationException>(() => VpcInputValidation.Name(new string('a', 65)));
        Assert.Throws<EcsValidationException>(() => VpcInputValidation.Description("<script>"));
    }

    private static string G(int n) => $"f2c5b3fc-b971-4a86-87b9-03258626000{n}";
}
