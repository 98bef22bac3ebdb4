using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace EcsNic.Core.Models;

// Wire shapes of the VPC v1 calls (CreateVpc, ShowVpc, ListVpcs, DeleteVpc, the subnet and port equivalents), with the
// field names of Huawei's VPC API reference and the official SDK's Vpc/V1 models. Unknown fields are ignored on read;
// admin_state_up is left out on purpose, because the seed page shows it as the string "true" and the reference as a boolean.

/// <summary>The <c>vpc</c> object of CreateVpc.</summary>
public sealed class CreateVpcOption
{
    /// <summary>The VPC name (0-64 characters).</summary>
    [JsonPropertyName("name")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    /// <summary>The description (0-255 characters, no angle brackets).</summary>
    [JsonPropertyName("description")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; set; }

    /// <summary>The VPC's address range, such as 192.168.0.0/16.</summary>
    [JsonPropertyName("cidr")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cidr { get; set; }
}

/// <summary>The body of POST /v1/{project_id}/vpcs.</summary>
public sealed class CreateVpcRequest
{
    /// <summary>The VPC to create.</summary>
    [JsonPropertyName("vpc")] public CreateVpcOption Vpc { get; set; } = new();
}

/// <summary>A VPC as ShowVpc, ListVpcs and CreateVpc answer it.</summary>
public sealed class VpcWire
{
    /// <summary>The VPC ID.</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary>The name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>The description.</summary>
    [JsonPropertyName("description")] public string? Description { get; set; }

    /// <summary>The address range.</summary>
    [JsonPropertyName("cidr")] public string? Cidr { get; set; }

    /// <summary>CREATING or OK.</summary>
    [JsonPropertyName("status")] public string? Status { get; set; }

    /// <summary>The enterprise project ("0" is the default one).</summary>
    [JsonPropertyName("enterprise_project_id")] public string? EnterpriseProjectId { get; set; }

    /// <summary>When it was created (UTC, ISO 8601).</summary>
    [JsonPropertyName("created_at")] public string? CreatedAt { get; set; }
}

/// <summary>The answer of CreateVpc and ShowVpc.</summary>
public sealed class VpcResponse
{
    /// <summary>The VPC.</summary>
    [JsonPropertyName("vpc")] public VpcWire? Vpc { get; set; }
}

/// <summary>The answer of ListVpcs.</summary>
public sealed class VpcListResponse
{
    /// <summary>The VPCs.</summary>
    [JsonPropertyName("vpcs")] public List<VpcWire>? Vpcs { get; set; }
}

/// <summary>The <c>subnet</c> object of CreateSubnet.</summary>
public sealed class CreateSubnetOption
{
    /// <summary>The subnet name (1-64 characters). Required.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;

    /// <summary>The description.</summary>
    [JsonPropertyName("description")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; set; }

    /// <summary>The subnet's range, inside the VPC's. Required.</summary>
    [JsonPropertyName("cidr")] public string Cidr { get; set; } = string.Empty;

    /// <summary>The gateway, an address of the subnet. Required.</summary>
    [JsonPropertyName("gateway_ip")] public string GatewayIp { get; set; } = string.Empty;

    /// <summary>Whether the subnet gets an IPv6 range too.</summary>
    [JsonPropertyName("ipv6_enable")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Ipv6Enable { get; set; }

    /// <summary>Whether DHCP is on (the service defaults to true).</summary>
    [JsonPropertyName("dhcp_enable")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? DhcpEnable { get; set; }

    /// <summary>The first DNS server.</summary>
    [JsonPropertyName("primary_dns")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PrimaryDns { get; set; }

    /// <summary>The second DNS server.</summary>
    [JsonPropertyName("secondary_dns")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SecondaryDns { get; set; }

    /// <summary>All DNS servers, when more than two are wanted.</summary>
    [JsonPropertyName("dnsList")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? DnsList { get; set; }

    /// <summary>The availability zone.</summary>
    [JsonPropertyName("availability_zone")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AvailabilityZone { get; set; }

    /// <summary>The VPC the subnet belongs to. Required.</summary>
    [JsonPropertyName("vpc_id")] public string VpcId { get; set; } = string.Empty;
}

/// <summary>The body of POST /v1/{project_id}/subnets.</summary>
public sealed class CreateSubnetRequest
{
    /// <summary>The subnet to create.</summary>
    [JsonPropertyName("subnet")] public CreateSubnetOption Subnet { get; set; } = new();
}

/// <summary>A subnet as ShowSubnet, ListSubnets and CreateSubnet answer it.</summary>
public sealed class SubnetWire
{
    /// <summary>The subnet ID, which is also the network ID (neutron_network_id) that ECS calls subnet_id.</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary>The name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>The description.</summary>
    [JsonPropertyName("description")] public string? Description { get; set; }

    /// <summary>The range.</summary>
    [JsonPropertyName("cidr")] public string? Cidr { get; set; }

    /// <summary>The gateway.</summary>
    [JsonPropertyName("gateway_ip")] public string? GatewayIp { get; set; }

    /// <summary>ACTIVE, UNKNOWN or ERROR.</summary>
    [JsonPropertyName("status")] public string? Status { get; set; }

    /// <summary>The VPC.</summary>
    [JsonPropertyName("vpc_id")] public string? VpcId { get; set; }

    /// <summary>Whether IPv6 is on.</summary>
    [JsonPropertyName("ipv6_enable")] public bool? Ipv6Enable { get; set; }

    /// <summary>The IPv6 range.</summary>
    [JsonPropertyName("cidr_v6")] public string? CidrV6 { get; set; }

    /// <summary>Whether DHCP is on.</summary>
    [JsonPropertyName("dhcp_enable")] public bool? DhcpEnable { get; set; }

    /// <summary>The first DNS server.</summary>
    [JsonPropertyName("primary_dns")] public string? PrimaryDns { get; set; }

    /// <summary>The second DNS server.</summary>
    [JsonPropertyName("secondary_dns")] public string? SecondaryDns { get; set; }

    /// <summary>The availability zone.</summary>
    [JsonPropertyName("availability_zone")] public string? AvailabilityZone { get; set; }

    /// <summary>The network ID (equal to <see cref="Id"/>).</summary>
    [JsonPropertyName("neutron_network_id")] public string? NeutronNetworkId { get; set; }

    /// <summary>The IPv4 Neutron subnet ID, which fixed_ips entries name.</summary>
    [JsonPropertyName("neutron_subnet_id")] public string? NeutronSubnetId { get; set; }

    /// <summary>Addresses still free.</summary>
    [JsonPropertyName("available_ip_address_count")] public int? AvailableIpAddressCount { get; set; }
}

/// <summary>The answer of CreateSubnet and ShowSubnet.</summary>
public sealed class SubnetResponse
{
    /// <summary>The subnet.</summary>
    [JsonPropertyName("subnet")] public SubnetWire? Subnet { get; set; }
}

/// <summary>The answer of ListSubnets.</summary>
public sealed class SubnetListResponse
{
    /// <summary>The subnets.</summary>
    [JsonPropertyName("subnets")] public List<SubnetWire>? Subnets { get; set; }
}

/// <summary>One fixed IP of a CreatePort request.</summary>
public sealed class PortFixedIpOption
{
    /// <summary>The Neutron subnet (optional).</summary>
    [JsonPropertyName("subnet_id")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SubnetId { get; set; }

    /// <summary>The address (optional: the service picks one when absent).</summary>
    [JsonPropertyName("ip_address")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IpAddress { get; set; }
}

/// <summary>The <c>port</c> object of CreatePort.</summary>
public sealed class CreatePortOption
{
    /// <summary>The port name (up to 255 characters).</summary>
    [JsonPropertyName("name")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    /// <summary>The network (VPC subnet) ID. Required.</summary>
    [JsonPropertyName("network_id")] public string NetworkId { get; set; } = string.Empty;

    /// <summary>At most one fixed IP.</summary>
    [JsonPropertyName("fixed_ips")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PortFixedIpOption>? FixedIps { get; set; }

    /// <summary>Security group IDs.</summary>
    [JsonPropertyName("security_groups")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? SecurityGroups { get; set; }

    /// <summary>Empty for a NIC, <c>neutron:VIP_PORT</c> for a virtual IP; not sent when null.</summary>
    [JsonPropertyName("device_owner")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeviceOwner { get; set; }
}

/// <summary>The body of POST /v1/{project_id}/ports.</summary>
public sealed class CreatePortRequest
{
    /// <summary>The port to create.</summary>
    [JsonPropertyName("port")] public CreatePortOption Port { get; set; } = new();
}

/// <summary>One allowed address pair of a port.</summary>
public sealed class AllowedAddressPairWire
{
    /// <summary>The address or range.</summary>
    [JsonPropertyName("ip_address")] public string? IpAddress { get; set; }

    /// <summary>The MAC address.</summary>
    [JsonPropertyName("mac_address")] public string? MacAddress { get; set; }
}

/// <summary>A port as ShowPort, ListPorts and CreatePort answer it.</summary>
public sealed class PortWire
{
    /// <summary>The port ID.</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary>The name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>ACTIVE, BUILD or DOWN.</summary>
    [JsonPropertyName("status")] public string? Status { get; set; }

    /// <summary>The network (VPC subnet) ID.</summary>
    [JsonPropertyName("network_id")] public string? NetworkId { get; set; }

    /// <summary>The port's addresses.</summary>
    [JsonPropertyName("fixed_ips")] public List<FixedIpWire>? FixedIps { get; set; }

    /// <summary>The MAC address.</summary>
    [JsonPropertyName("mac_address")] public string? MacAddress { get; set; }

    /// <summary>The device (server) using the port; empty when free.</summary>
    [JsonPropertyName("device_id")] public string? DeviceId { get; set; }

    /// <summary>Who owns the port: empty, neutron:VIP_PORT, compute:{az}, ...</summary>
    [JsonPropertyName("device_owner")] public string? DeviceOwner { get; set; }

    /// <summary>Security group IDs.</summary>
    [JsonPropertyName("security_groups")] public List<string>? SecurityGroups { get; set; }

    /// <summary>The IP/MAC pairs the port may also send from.</summary>
    [JsonPropertyName("allowed_address_pairs")] public List<AllowedAddressPairWire>? AllowedAddressPairs { get; set; }
}

/// <summary>The answer of CreatePort and ShowPort.</summary>
public sealed class PortResponse
{
    /// <summary>The port.</summary>
    [JsonPropertyName("port")] public PortWire? Port { get; set; }
}

/// <summary>The answer of ListPorts.</summary>
public sealed class PortListResponse
{
    /// <summary>The ports.</summary>
    [JsonPropertyName("ports")] public List<PortWire>? Ports { get; set; }
}
