using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Http;
using EcsNic.Core.Models;

namespace EcsNic.Core.Api;

// The VPC port route for virtual IPs (docs/virtual-ip-api.md), which Huawei documents in place of the "(Discarded)" ECS
// bind call: the virtual IP is a neutron:VIP_PORT port whose allowed_address_pairs list the backend NICs, and each bound
// NIC's port carries 1.1.1.1/0 (source/destination check off). UpdatePort replaces a list as a whole, so every change is a
// read-modify-write; the bulk runner's per-NIC and per-virtual-IP keys keep two of them from overlapping on one port.
public sealed partial class EcsClient
{
    /// <summary>The pair that switches a port's source/destination check off (vpc_port01_0004).</summary>
    public const string SourceDestinationCheckOff = "1.1.1.1/0";

    /// <summary>UpdatePort: name and/or the whole allowed_address_pairs list of a port. A PUT, retried like the ECS bind.</summary>
    public async Task<VpcPort> UpdatePortAsync(string portId, UpdatePortOption port, CancellationToken cancellationToken)
    {
        InputValidation.PortId(portId);
        if (port is null) throw new ArgumentNullException(nameof(port));
        if (port.Name is not null) VpcInputValidation.PortName(port.Name);
        if (port.Name is null && port.AllowedAddressPairs is null)
            throw new EcsValidationException("Port", null, "is empty: give a name or allowed address pairs to update.");
        foreach (var pair in port.AllowedAddressPairs ?? new List<AddressPairOption>()) AddressPairProblem(pair);
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(new UpdatePortRequest { Port = port }, VpcJsonContext.Default.UpdatePortRequest);
        var context = new EcsRequestContext("UpdatePort", portId, isIdempotent: true, null, projectId, body);
        var (response, status, requestId) = await SendAsync(HttpMethod.Put,
            Endpoints.Combine(VpcEndpoint, $"/v1/{Segment(projectId)}/ports/{Segment(portId)}"), context,
            VpcJsonContext.Default.PortResponse, cancellationToken).ConfigureAwait(false);
        return VpcPort.FromWire(Options.Region, response.Port ?? throw MissingVpcField(status, "port", requestId, "UpdatePort", portId));
    }

    /// <summary>
    /// Binds a virtual IP to a NIC through the VPC port API: finds the subnet's neutron:VIP_PORT port with that address
    /// or creates it (a POST, never repeated when its outcome is unknown), adds the NIC's IP/MAC to its
    /// allowed_address_pairs, and adds 1.1.1.1/0 to the NIC's own pairs beside any it already has.
    /// </summary>
    public async Task<VirtualIpBinding> BindVirtualIpThroughVpcAsync(string nicId, string subnetId, string ipAddress,
        CancellationToken cancellationToken)
    {
        InputValidation.NicId(nicId);
        InputValidation.SubnetId(subnetId);
        InputValidation.Ipv4Address(ipAddress);
        var nic = await GetPortAsync(nicId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(nic.SubnetId, subnetId, StringComparison.OrdinalIgnoreCase))
            throw new EcsValidationException("SubnetId", subnetId, $"is not the subnet of NIC {nicId} (its subnet is {nic.SubnetId}).");
        var (nicIp, nicMac) = NicAddress(nic);

        var vip = await FindVirtualIpPortAsync(subnetId, ipAddress, cancellationToken).ConfigureAwait(false) ??
                  await CreatePortAsync(new CreatePortOption
                  {
                      NetworkId = subnetId,
                      DeviceOwner = VpcPort.VirtualIpOwner,
                      FixedIps = new List<PortFixedIpOption> { new() { IpAddress = ipAddress } },
                  }, cancellationToken).ConfigureAwait(false);

        if (!vip.AllowedAddressPairs.Any(p => p.IpAddress == nicIp))
        {
            var pairs = vip.AllowedAddressPairs.Select(Option).ToList();
            pairs.Add(new AddressPairOption { IpAddress = nicIp, MacAddress = nicMac });
            await UpdatePortAsync(vip.PortId, new UpdatePortOption { AllowedAddressPairs = pairs }, cancellationToken).ConfigureAwait(false);
        }
        if (!nic.AllowedAddressPairs.Any(p => p.IpAddress == SourceDestinationCheckOff))
        {
            var pairs = nic.AllowedAddressPairs.Select(Option).ToList();
            pairs.Add(new AddressPairOption { IpAddress = SourceDestinationCheckOff });
            await UpdatePortAsync(nicId, new UpdatePortOption { AllowedAddressPairs = pairs }, cancellationToken).ConfigureAwait(false);
        }
        return new VirtualIpBinding(nicId, ipAddress, subnetId, true, VirtualIpAction.Bound, ServerOf(nic), virtualIpPortId: vip.PortId);
    }

    /// <summary>
    /// Unbinds a NIC through the VPC port API: removes its IP from every virtual IP port of its subnet that lists it,
    /// then takes 1.1.1.1/0 off the NIC's own port, leaving its other pairs as they were.
    /// </summary>
    public async Task<VirtualIpBinding> UnbindVirtualIpThroughVpcAsync(string nicId, CancellationToken cancellationToken)
    {
        InputValidation.NicId(nicId);
        var nic = await GetPortAsync(nicId, cancellationToken).ConfigureAwait(false);
        var (nicIp, _) = NicAddress(nic);
        var vips = await ListPortsAsync(new PortFilter { NetworkId = nic.SubnetId, DeviceOwner = VpcPort.VirtualIpOwner },
            cancellationToken).ConfigureAwait(false);
        var removed = new List<string>();
        foreach (var vip in vips.Where(v => v.AllowedAddressPairs.Any(p => p.IpAddress == nicIp)))
        {
            removed.AddRange(vip.FixedIps);
            var pairs = vip.AllowedAddressPairs.Where(p => p.IpAddress != nicIp).Select(Option).ToList();
            await UpdatePortAsync(vip.PortId, new UpdatePortOption { AllowedAddressPairs = pairs }, cancellationToken).ConfigureAwait(false);
        }
        if (nic.AllowedAddressPairs.Any(p => p.IpAddress == SourceDestinationCheckOff))
        {
            var pairs = nic.AllowedAddressPairs.Where(p => p.IpAddress != SourceDestinationCheckOff).Select(Option).ToList();
            await UpdatePortAsync(nicId, new UpdatePortOption { AllowedAddressPairs = pairs }, cancellationToken).ConfigureAwait(false);
        }
        return new VirtualIpBinding(nicId, null, nic.SubnetId, false,
            removed.Count == 0 ? VirtualIpAction.NotBound : VirtualIpAction.Unbound, ServerOf(nic), removed);
    }

    private static string? ServerOf(VpcPort nic) => string.IsNullOrEmpty(nic.DeviceId) ? null : nic.DeviceId;

    private async Task<VpcPort?> FindVirtualIpPortAsync(string subnetId, string ipAddress, CancellationToken cancellationToken)
    {
        var holders = await ListPortsAsync(new PortFilter { NetworkId = subnetId, FixedIpAddress = ipAddress }, cancellationToken)
            .ConfigureAwait(false);
        var other = holders.FirstOrDefault(p => !p.IsVirtualIp);
        if (other is not null)
            throw new EcsValidationException("IpAddress", ipAddress, $"is used by port {other.PortId}, which is not a virtual IP.");
        return holders.FirstOrDefault();
    }

    private static (string Ip, string? Mac) NicAddress(VpcPort nic)
    {
        var ip = nic.FixedIps.FirstOrDefault(a => a.Length > 0);
        if (ip is null) throw new EcsApiException(200, ErrorResponse.MissingFieldCode, "The port has no fixed IP.", null, "ShowPort", nic.PortId);
        return (ip, nic.MacAddress);
    }

    private static AddressPairOption Option(PortAddressPair pair) => new() { IpAddress = pair.IpAddress, MacAddress = pair.MacAddress };

    private static void AddressPairProblem(AddressPairOption? pair)
    {
        if (pair is null || string.IsNullOrEmpty(pair.IpAddress))
            throw new EcsValidationException("AllowedAddressPairs", null, "is missing: every pair needs an IP address.");
        // vpc_port01_0004: 0.0.0.0/0 is not supported.
        if (pair.IpAddress.Trim() is "0.0.0.0/0" or "0.0.0.0")
            throw new EcsValidationException("AllowedAddressPairs", pair.IpAddress, "is not allowed: the VPC API refuses 0.0.0.0/0.");
    }
}
