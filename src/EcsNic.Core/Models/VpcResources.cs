using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsNic.Core.Models;

/// <summary>
/// A VPC, as New-EcsVpc and Get-EcsVpc emit it. <see cref="VpcId"/> binds by name into New-EcsSubnet and Remove-EcsVpc;
/// <see cref="Region"/> lets the next cmdlet refuse a VPC of another region before sending anything.
/// </summary>
public sealed class EcsVpc
{
    /// <summary>Creates the record.</summary>
    public EcsVpc(string? region, string vpcId, string? name, string? cidr, string? status, string? description)
    {
        Region = region;
        VpcId = vpcId;
        Name = name;
        Cidr = cidr;
        Status = status;
        Description = description;
    }

    /// <summary>The region the VPC was read in.</summary>
    public string? Region { get; }

    /// <summary>The VPC ID.</summary>
    public string VpcId { get; }

    /// <summary>The name.</summary>
    public string? Name { get; }

    /// <summary>The address range, such as 192.168.0.0/16.</summary>
    public string? Cidr { get; }

    /// <summary>CREATING or OK.</summary>
    public string? Status { get; }

    /// <summary>The description.</summary>
    public string? Description { get; }

    /// <summary>Builds the record from the wire shape.</summary>
    public static EcsVpc FromWire(string? region, VpcWire wire)
    {
        if (wire is null) throw new ArgumentNullException(nameof(wire));
        return new EcsVpc(region, wire.Id ?? string.Empty, wire.Name, wire.Cidr, wire.Status, wire.Description);
    }

    /// <inheritdoc />
    public override string ToString() => $"{VpcId} ({Name}, {Cidr})";
}

/// <summary>
/// A VPC subnet, as New-EcsSubnet and Get-EcsSubnet emit it. <see cref="SubnetId"/> is the network ID that ECS calls
/// subnet_id and that New-EcsNic, Add-EcsServerNic and Set-EcsNicVirtualIp take; it binds by name into them.
/// </summary>
public sealed class EcsSubnet
{
    /// <summary>Creates the record.</summary>
    public EcsSubnet(string? region, string subnetId, string? vpcId, string? neutronSubnetId, string? name, string? cidr,
        string? gatewayIp, string? status, string? availabilityZone, string? primaryDns, string? secondaryDns, bool? dhcpEnable,
        bool? ipv6Enable, string? cidrV6, int? availableIpCount)
    {
        Region = region;
        SubnetId = subnetId;
        VpcId = vpcId;
        NeutronSubnetId = neutronSubnetId;
        Name = name;
        Cidr = cidr;
        GatewayIp = gatewayIp;
        Status = status;
        AvailabilityZone = availabilityZone;
        PrimaryDns = primaryDns;
        SecondaryDns = secondaryDns;
        DhcpEnable = dhcpEnable;
        Ipv6Enable = ipv6Enable;
        CidrV6 = cidrV6;
        AvailableIpCount = availableIpCount;
    }

    /// <summary>The region the subnet was read in.</summary>
    public string? Region { get; }

    /// <summary>The subnet (network) ID.</summary>
    public string SubnetId { get; }

    /// <summary>The VPC the subnet belongs to.</summary>
    public string? VpcId { get; }

    /// <summary>The IPv4 Neutron subnet ID, which the fixed IPs of ports name.</summary>
    public string? NeutronSubnetId { get; }

    /// <summary>The name.</summary>
    public string? Name { get; }

    /// <summary>The range.</summary>
    public string? Cidr { get; }

    /// <summary>The gateway address.</summary>
    public string? GatewayIp { get; }

    /// <summary>ACTIVE, UNKNOWN (just created) or ERROR.</summary>
    public string? Status { get; }

    /// <summary>The availability zone.</summary>
    public string? AvailabilityZone { get; }

    /// <summary>The first DNS server.</summary>
    public string? PrimaryDns { get; }

    /// <summary>The second DNS server.</summary>
    public string? SecondaryDns { get; }

    /// <summary>Whether DHCP is on.</summary>
    public bool? DhcpEnable { get; }

    /// <summary>Whether IPv6 is on.</summary>
    public bool? Ipv6Enable { get; }

    /// <summary>The IPv6 range, when IPv6 is on.</summary>
    public string? CidrV6 { get; }

    /// <summary>How many addresses are still free.</summary>
    public int? AvailableIpCount { get; }

    /// <summary>Builds the record from the wire shape.</summary>
    public static EcsSubnet FromWire(string? region, SubnetWire wire)
    {
        if (wire is null) throw new ArgumentNullException(nameof(wire));
        return new EcsSubnet(region, wire.Id ?? wire.NeutronNetworkId ?? string.Empty, wire.VpcId, wire.NeutronSubnetId, wire.Name,
            wire.Cidr, wire.GatewayIp, wire.Status, wire.AvailabilityZone, wire.PrimaryDns, wire.SecondaryDns, wire.DhcpEnable,
            wire.Ipv6Enable, wire.CidrV6, wire.AvailableIpAddressCount);
    }

    /// <inheritdoc />
    public override string ToString() => $"{SubnetId} ({Name}, {Cidr})";
}

/// <summary>One entry of a port's allowed_address_pairs.</summary>
public sealed class PortAddressPair
{
    /// <summary>Creates the record.</summary>
    public PortAddressPair(string ipAddress, string? macAddress)
    {
        IpAddress = ipAddress;
        MacAddress = macAddress;
    }

    /// <summary>The address or range.</summary>
    public string IpAddress { get; }

    /// <summary>The MAC address, if any.</summary>
    public string? MacAddress { get; }

    /// <inheritdoc />
    public override string ToString() => MacAddress is null ? IpAddress : $"{IpAddress} ({MacAddress})";
}

/// <summary>
/// A VPC port (a NIC that is not attached yet, an attached NIC, or a virtual IP), as New-EcsNic and Get-EcsNic emit it.
/// <see cref="PortId"/> binds by name into Add-EcsServerNic and Remove-EcsNic. Like <see cref="ServerNic"/> it has no
/// IpAddress property, so that piping a port never binds its own address as a virtual IP.
/// </summary>
public sealed class VpcPort
{
    /// <summary>The device_owner of a virtual IP port.</summary>
    public const string VirtualIpOwner = "neutron:VIP_PORT";

    /// <summary>Creates the record.</summary>
    public VpcPort(string? region, string portId, string? name, string? subnetId, IReadOnlyList<string> fixedIps,
        IReadOnlyList<string> fixedIpSubnetIds, string? macAddress, string? status, string? deviceId, string? deviceOwner,
        IReadOnlyList<string> securityGroupIds, IReadOnlyList<PortAddressPair> allowedAddressPairs)
    {
        Region = region;
        PortId = portId;
        Name = name;
        SubnetId = subnetId;
        FixedIps = fixedIps.ToArray();
        FixedIpSubnetIds = fixedIpSubnetIds.ToArray();
        MacAddress = macAddress;
        Status = status;
        DeviceId = deviceId;
        DeviceOwner = deviceOwner;
        SecurityGroupIds = securityGroupIds.ToArray();
        AllowedAddressPairs = allowedAddressPairs.ToArray();
    }

    /// <summary>The region the port was read in.</summary>
    public string? Region { get; }

    /// <summary>The port (NIC) ID.</summary>
    public string PortId { get; }

    /// <summary>The name.</summary>
    public string? Name { get; }

    /// <summary>The network (VPC subnet) ID.</summary>
    public string? SubnetId { get; }

    /// <summary>The port's own addresses.</summary>
    public string[] FixedIps { get; }

    /// <summary>The Neutron subnet of each fixed IP, in the same order.</summary>
    public string[] FixedIpSubnetIds { get; }

    /// <summary>The first fixed IP, or null.</summary>
    public string? PrimaryIp => FixedIps.Length > 0 ? FixedIps[0] : null;

    /// <summary>The MAC address.</summary>
    public string? MacAddress { get; }

    /// <summary>ACTIVE, BUILD or DOWN.</summary>
    public string? Status { get; }

    /// <summary>The server (or other device) using the port; empty when it is free.</summary>
    public string? DeviceId { get; }

    /// <summary>Who owns the port: empty for a free NIC, neutron:VIP_PORT for a virtual IP, compute:{az} when attached.</summary>
    public string? DeviceOwner { get; }

    /// <summary>The security groups.</summary>
    public string[] SecurityGroupIds { get; }

    /// <summary>The IP/MAC pairs the port may also send from; on a virtual IP port, the NICs it is bound to.</summary>
    public PortAddressPair[] AllowedAddressPairs { get; }

    /// <summary>True for a virtual IP port.</summary>
    public bool IsVirtualIp => string.Equals(DeviceOwner, VirtualIpOwner, StringComparison.Ordinal);

    /// <summary>True when a server uses the port.</summary>
    public bool IsAttached => !string.IsNullOrEmpty(DeviceId);

    /// <summary>True when the port can be attached to a server: DOWN, not a virtual IP, and used by nothing.</summary>
    public bool IsAttachable =>
        string.Equals(Status, "DOWN", StringComparison.OrdinalIgnoreCase) && !IsAttached && !IsVirtualIp &&
        string.IsNullOrEmpty(DeviceOwner);

    /// <summary>Builds the record from the wire shape.</summary>
    public static VpcPort FromWire(string? region, PortWire wire)
    {
        if (wire is null) throw new ArgumentNullException(nameof(wire));
        var ips = (wire.FixedIps ?? new List<FixedIpWire>()).Where(i => i is not null).ToList();
        var pairs = (wire.AllowedAddressPairs ?? new List<AllowedAddressPairWire>())
            .Where(p => p is not null && !string.IsNullOrEmpty(p.IpAddress))
            .Select(p => new PortAddressPair(p.IpAddress!, string.IsNullOrEmpty(p.MacAddress) ? null : p.MacAddress))
            .ToArray();
        return new VpcPort(region, wire.Id ?? string.Empty, wire.Name, wire.NetworkId,
            ips.Select(i => i.IpAddress ?? string.Empty).ToArray(), ips.Select(i => i.SubnetId ?? string.Empty).ToArray(),
            wire.MacAddress, wire.Status, wire.DeviceId, wire.DeviceOwner,
            (wire.SecurityGroups ?? new List<string>()).Where(g => !string.IsNullOrEmpty(g)).ToArray(), pairs);
    }

    /// <inheritdoc />
    public override string ToString() => $"{PortId} ({string.Join(", ", FixedIps)})";
}

/// <summary>The filters of ListPorts; null members are not sent.</summary>
public sealed class PortFilter
{
    /// <summary>Only ports of this network (VPC subnet).</summary>
    public string? NetworkId { get; set; }

    /// <summary>Only ports with this device_owner, such as neutron:VIP_PORT; an empty string asks for free ports.</summary>
    public string? DeviceOwner { get; set; }

    /// <summary>Only ports used by this device (server).</summary>
    public string? DeviceId { get; set; }

    /// <summary>Only ports with this fixed IP address (sent as <c>fixed_ips=ip_address={value}</c>).</summary>
    public string? FixedIpAddress { get; set; }

    /// <summary>Only ports with a fixed IP in this Neutron subnet (sent as <c>fixed_ips=subnet_id={value}</c>).</summary>
    public string? FixedIpSubnetId { get; set; }

    /// <summary>Only ports with this name.</summary>
    public string? Name { get; set; }
}
