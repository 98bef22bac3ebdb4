using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Http;
using EcsNic.Core.Models;
using EcsNic.Core.Text;

namespace EcsNic.Core.Api;

// The VPC v1 calls of the attach workflow (seed 004): VPCs, subnets and ports. Creates are POSTs and are never repeated
// when their outcome is unknown; reads have a single-attempt variant for pollers, as ShowJob does.
public sealed partial class EcsClient
{
    private const int ListPageSize = 200;
    private Uri? _vpcEndpoint;

    /// <summary>The VPC endpoint the VPC calls go to (see <see cref="Api.VpcEndpoint"/>).</summary>
    public Uri VpcEndpoint => _vpcEndpoint ??= Api.VpcEndpoint.Resolve(Options);

    /// <summary>CreateVpc: creates a VPC; answers while it is still CREATING. Never retried blindly.</summary>
    public async Task<EcsVpc> CreateVpcAsync(CreateVpcOption vpc, CancellationToken cancellationToken)
    {
        if (vpc is null) throw new ArgumentNullException(nameof(vpc));
        if (vpc.Name is not null) VpcInputValidation.Name(vpc.Name, "Name", allowEmpty: true);
        if (vpc.Description is not null) VpcInputValidation.Description(vpc.Description);
        if (vpc.Cidr is not null) VpcInputValidation.VpcCidr(vpc.Cidr);
        var howToCheck = string.IsNullOrEmpty(vpc.Name)
            ? $"Run {UserWords.Task(UserTask.ListVpcs)} to list the VPCs and see whether it was created, before trying again."
            : $"Run {UserWords.Task(UserTask.ListVpcs, UserWords.With(UserInput.Name, vpc.Name))} to see whether it was created, before trying again.";
        var body = JsonSerializer.SerializeToUtf8Bytes(new CreateVpcRequest { Vpc = vpc }, VpcJsonContext.Default.CreateVpcRequest);
        var response = await CreateAsync("CreateVpc", vpc.Name, "/vpcs", body, howToCheck, VpcJsonContext.Default.VpcResponse,
            cancellationToken).ConfigureAwait(false);
        return EcsVpc.FromWire(Options.Region, RequireCreated(response.Vpc, response.Vpc?.Id, "CreateVpc", vpc.Name, "vpc", howToCheck));
    }

    /// <summary>ShowVpc: one VPC, retried like any read.</summary>
    public Task<EcsVpc> GetVpcAsync(string vpcId, CancellationToken cancellationToken) => GetVpcAsync(vpcId, null, cancellationToken);

    /// <summary>ShowVpc with a single attempt, for pollers that retry on their own schedule.</summary>
    public Task<EcsVpc> PollVpcAsync(string vpcId, CancellationToken cancellationToken) => GetVpcAsync(vpcId, 1, cancellationToken);

    /// <summary>ListVpcs: every VPC of the project, page by page.</summary>
    public async Task<IReadOnlyList<EcsVpc>> ListVpcsAsync(CancellationToken cancellationToken)
    {
        var pages = await ListAsync("ListVpcs", "/vpcs", null, VpcJsonContext.Default.VpcListResponse, r => r.Vpcs, v => v.Id,
            cancellationToken).ConfigureAwait(false);
        return pages.Select(v => EcsVpc.FromWire(Options.Region, v)).ToArray();
    }

    /// <summary>DeleteVpc: deletes a VPC that has no subnets left.</summary>
    public Task DeleteVpcAsync(string vpcId, CancellationToken cancellationToken)
    {
        VpcInputValidation.VpcId(vpcId);
        return DeleteAsync("DeleteVpc", vpcId, $"/vpcs/{Segment(vpcId)}", cancellationToken);
    }

    /// <summary>CreateSubnet: creates a subnet; answers while it is still UNKNOWN. Never retried blindly.</summary>
    public async Task<EcsSubnet> CreateSubnetAsync(CreateSubnetOption subnet, CancellationToken cancellationToken)
    {
        if (subnet is null) throw new ArgumentNullException(nameof(subnet));
        VpcInputValidation.VpcId(subnet.VpcId);
        VpcInputValidation.Name(subnet.Name);
        if (subnet.Description is not null) VpcInputValidation.Description(subnet.Description);
        var cidr = VpcInputValidation.SubnetCidr(subnet.Cidr, null);
        VpcInputValidation.GatewayIp(subnet.GatewayIp, cidr);
        if (subnet.PrimaryDns is not null) VpcInputValidation.DnsServer(subnet.PrimaryDns, "PrimaryDns");
        if (subnet.SecondaryDns is not null) VpcInputValidation.DnsServer(subnet.SecondaryDns, "SecondaryDns");
        foreach (var dns in subnet.DnsList ?? new List<string>()) VpcInputValidation.DnsServer(dns, "DnsList");
        var howToCheck = $"Run {UserWords.Task(UserTask.ListSubnets, UserWords.With(UserInput.VpcId, subnet.VpcId), UserWords.With(UserInput.Name, subnet.Name))} " +
                         "to see whether it was created, before trying again.";
        var body = JsonSerializer.SerializeToUtf8Bytes(new CreateSubnetRequest { Subnet = subnet }, VpcJsonContext.Default.CreateSubnetRequest);
        var response = await CreateAsync("CreateSubnet", subnet.Name, "/subnets", body, howToCheck,
            VpcJsonContext.Default.SubnetResponse, cancellationToken).ConfigureAwait(false);
        return EcsSubnet.FromWire(Options.Region,
            RequireCreated(response.Subnet, response.Subnet?.Id, "CreateSubnet", subnet.Name, "subnet", howToCheck));
    }

    /// <summary>ShowSubnet: one subnet, retried like any read.</summary>
    public Task<EcsSubnet> GetSubnetAsync(string subnetId, CancellationToken cancellationToken) =>
        GetSubnetAsync(subnetId, null, cancellationToken);

    /// <summary>ShowSubnet with a single attempt, for pollers that retry on their own schedule.</summary>
    public Task<EcsSubnet> PollSubnetAsync(string subnetId, CancellationToken cancellationToken) =>
        GetSubnetAsync(subnetId, 1, cancellationToken);

    /// <summary>ListSubnets: every subnet of the project, or of one VPC.</summary>
    public async Task<IReadOnlyList<EcsSubnet>> ListSubnetsAsync(string? vpcId, CancellationToken cancellationToken)
    {
        if (vpcId is not null) VpcInputValidation.VpcId(vpcId);
        var query = vpcId is null ? null : "vpc_id=" + Uri.EscapeDataString(vpcId);
        var pages = await ListAsync("ListSubnets", "/subnets", query, VpcJsonContext.Default.SubnetListResponse, r => r.Subnets,
            s => s.Id, cancellationToken).ConfigureAwait(false);
        return pages.Select(s => EcsSubnet.FromWire(Options.Region, s)).ToArray();
    }

    /// <summary>DeleteSubnet: deletes a subnet that no port uses any more; the path names its VPC.</summary>
    public Task DeleteSubnetAsync(string vpcId, string subnetId, CancellationToken cancellationToken)
    {
        VpcInputValidation.VpcId(vpcId);
        InputValidation.SubnetId(subnetId);
        return DeleteAsync("DeleteSubnet", subnetId, $"/vpcs/{Segment(vpcId)}/subnets/{Segment(subnetId)}", cancellationToken);
    }

    /// <summary>CreatePort: creates a port (a NIC not attached yet); it answers DOWN. Never retried blindly.</summary>
    public async Task<VpcPort> CreatePortAsync(CreatePortOption port, CancellationToken cancellationToken)
    {
        if (port is null) throw new ArgumentNullException(nameof(port));
        InputValidation.SubnetId(port.NetworkId, "SubnetId");
        if (port.Name is not null) VpcInputValidation.PortName(port.Name);
        if (port.FixedIps is { Count: > 1 })
            throw new EcsValidationException("IpAddress", string.Join(",", port.FixedIps.Select(f => f?.IpAddress)),
                "names more than one address; a port takes one fixed IP.");
        var fixedIp = port.FixedIps?.FirstOrDefault()?.IpAddress;
        if (fixedIp is not null) InputValidation.Ipv4Address(fixedIp);
        if (port.SecurityGroups is not null) VpcInputValidation.SecurityGroupIds(port.SecurityGroups.ToArray());
        var howToCheck = fixedIp is null
            ? $"Run {UserWords.Task(UserTask.ListPorts, UserWords.With(UserInput.SubnetId, port.NetworkId))} to see whether it was created, before trying again."
            : $"Run {UserWords.Task(UserTask.ListPorts, UserWords.With(UserInput.SubnetId, port.NetworkId), UserWords.With(UserInput.IpAddress, fixedIp))} " +
              "to see whether it was created, before trying again.";
        var body = JsonSerializer.SerializeToUtf8Bytes(new CreatePortRequest { Port = port }, VpcJsonContext.Default.CreatePortRequest);
        var response = await CreateAsync("CreatePort", port.NetworkId, "/ports", body, howToCheck,
            VpcJsonContext.Default.PortResponse, cancellationToken).ConfigureAwait(false);
        return VpcPort.FromWire(Options.Region,
            RequireCreated(response.Port, response.Port?.Id, "CreatePort", port.NetworkId, "port", howToCheck));
    }

    /// <summary>ShowPort: one port, retried like any read.</summary>
    public Task<VpcPort> GetPortAsync(string portId, CancellationToken cancellationToken) => GetPortAsync(portId, null, cancellationToken);

    /// <summary>ShowPort with a single attempt, for pollers that retry on their own schedule.</summary>
    public Task<VpcPort> PollPortAsync(string portId, CancellationToken cancellationToken) => GetPortAsync(portId, 1, cancellationToken);

    /// <summary>ListPorts: the ports that match every given filter (device_owner, fixed_ips, network_id, ...).</summary>
    public async Task<IReadOnlyList<VpcPort>> ListPortsAsync(PortFilter? filter, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        if (filter is not null)
        {
            if (filter.NetworkId is not null) parts.Add("network_id=" + Uri.EscapeDataString(InputValidation.SubnetId(filter.NetworkId, "NetworkId")));
            if (filter.DeviceId is not null) parts.Add("device_id=" + Uri.EscapeDataString(filter.DeviceId));
            if (filter.DeviceOwner is not null) parts.Add("device_owner=" + Uri.EscapeDataString(filter.DeviceOwner));
            if (filter.Name is not null) parts.Add("name=" + Uri.EscapeDataString(filter.Name));
            // The documented form repeats fixed_ips with "key=value" as its value: fixed_ips=ip_address%3D10.0.0.5.
            if (filter.FixedIpAddress is not null)
                parts.Add("fixed_ips=" + Uri.EscapeDataString("ip_address=" + InputValidation.IpAddress(filter.FixedIpAddress, "FixedIpAddress")));
            if (filter.FixedIpSubnetId is not null)
                parts.Add("fixed_ips=" + Uri.EscapeDataString("subnet_id=" + InputValidation.SubnetId(filter.FixedIpSubnetId, "FixedIpSubnetId")));
        }
        var pages = await ListAsync("ListPorts", "/ports", parts.Count == 0 ? null : string.Join("&", parts),
            VpcJsonContext.Default.PortListResponse, r => r.Ports, p => p.Id, cancellationToken).ConfigureAwait(false);
        return pages.Select(p => VpcPort.FromWire(Options.Region, p)).ToArray();
    }

    /// <summary>DeletePort: deletes a port that no server uses.</summary>
    public Task DeletePortAsync(string portId, CancellationToken cancellationToken)
    {
        InputValidation.PortId(portId);
        return DeleteAsync("DeletePort", portId, $"/ports/{Segment(portId)}", cancellationToken);
    }

    private Task<EcsVpc> GetVpcAsync(string vpcId, int? maxAttempts, CancellationToken cancellationToken) =>
        ShowAsync("ShowVpc", VpcInputValidation.VpcId(vpcId), "/vpcs/", "vpc", maxAttempts, VpcJsonContext.Default.VpcResponse,
            r => r.Vpc, w => EcsVpc.FromWire(Options.Region, w), cancellationToken);

    private Task<EcsSubnet> GetSubnetAsync(string subnetId, int? maxAttempts, CancellationToken cancellationToken) =>
        ShowAsync("ShowSubnet", InputValidation.SubnetId(subnetId), "/subnets/", "subnet", maxAttempts,
            VpcJsonContext.Default.SubnetResponse, r => r.Subnet, w => EcsSubnet.FromWire(Options.Region, w), cancellationToken);

    private Task<VpcPort> GetPortAsync(string portId, int? maxAttempts, CancellationToken cancellationToken) =>
        ShowAsync("ShowPort", InputValidation.PortId(portId), "/ports/", "port", maxAttempts, VpcJsonContext.Default.PortResponse,
            r => r.Port, w => VpcPort.FromWire(Options.Region, w), cancellationToken);

    private async Task<TRecord> ShowAsync<TResponse, TWire, TRecord>(string operation, string id, string collectionPath, string field,
        int? maxAttempts, JsonTypeInfo<TResponse> typeInfo, Func<TResponse, TWire?> wireOf, Func<TWire, TRecord> toRecord,
        CancellationToken cancellationToken)
        where TWire : class
    {
        var (body, status, requestId) = await ReadAsync(operation, id, collectionPath + Segment(id), maxAttempts, typeInfo,
            cancellationToken).ConfigureAwait(false);
        var wire = wireOf(body) ?? throw MissingVpcField(status, field, requestId, operation, id);
        return toRecord(wire);
    }

    private async Task<(T Body, int Status, string? RequestId)> ReadAsync<T>(string operation, string targetId, string pathAfterProject,
        int? maxAttempts, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, targetId, isIdempotent: true, null, projectId, null, maxAttempts);
        return await SendAsync(HttpMethod.Get, Endpoints.Combine(VpcEndpoint, $"/v1/{Segment(projectId)}{pathAfterProject}"), context,
            typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<TItem>> ListAsync<TPage, TItem>(string operation, string pathAfterProject, string? query,
        JsonTypeInfo<TPage> typeInfo, Func<TPage, List<TItem>?> items, Func<TItem, string?> idOf, CancellationToken cancellationToken)
        where TItem : class
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<TItem>();
        string? marker = null;
        while (true)
        {
            var pageQuery = "limit=" + ListPageSize + (marker is null ? string.Empty : "&marker=" + Uri.EscapeDataString(marker)) +
                            (query is null ? string.Empty : "&" + query);
            var context = new EcsRequestContext(operation, null, isIdempotent: true, null, projectId, null);
            var (page, status, requestId) = await SendAsync(HttpMethod.Get,
                Endpoints.Combine(VpcEndpoint, $"/v1/{Segment(projectId)}{pathAfterProject}?{pageQuery}"), context, typeInfo,
                cancellationToken).ConfigureAwait(false);
            var list = items(page) ?? throw MissingVpcField(status, operation == "ListVpcs" ? "vpcs" : operation == "ListSubnets" ? "subnets" : "ports",
                requestId, operation, null);
            all.AddRange(list.Where(i => i is not null));
            var last = list.Count > 0 ? idOf(list[list.Count - 1]) : null;
            // A short page is the last one; a page that repeats the marker would loop for ever.
            if (list.Count < ListPageSize || string.IsNullOrEmpty(last) || last == marker) return all;
            marker = last;
        }
    }

    private async Task<T> CreateAsync<T>(string operation, string? targetId, string pathAfterProject, byte[] body, string howToCheck,
        JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, targetId, isIdempotent: false, howToCheck, projectId, body);
        try
        {
            var (response, _, _) = await SendAsync(HttpMethod.Post,
                Endpoints.Combine(VpcEndpoint, $"/v1/{Segment(projectId)}{pathAfterProject}"), context, typeInfo,
                cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (EcsApiException ex) when (ex.ErrorCode == ErrorResponse.UnreadableCode && ex.StatusCode is >= 200 and < 300)
        {
            // Accepted, but we cannot tell what was created: it may exist now.
            throw new OutcomeUnknownException(operation, targetId, howToCheck, ex);
        }
    }

    private async Task DeleteAsync(string operation, string targetId, string pathAfterProject, CancellationToken cancellationToken)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var context = new EcsRequestContext(operation, targetId, isIdempotent: true, null, projectId, null);
        try
        {
            await SendAsync(HttpMethod.Delete, Endpoints.Combine(VpcEndpoint, $"/v1/{Segment(projectId)}{pathAfterProject}"), context,
                VpcJsonContext.Default.VpcResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (EcsApiException ex) when (ex.StatusCode == 404 && ex.Attempts > 1)
        {
            // An earlier attempt's answer was lost after the resource was deleted: gone is what was asked for.
        }
    }

    private static TWire RequireCreated<TWire>(TWire? wire, string? id, string operation, string? targetId, string field, string howToCheck)
        where TWire : class
    {
        if (wire is not null && !string.IsNullOrEmpty(id)) return wire;
        throw new OutcomeUnknownException(operation, targetId, howToCheck,
            new EcsApiException(200, ErrorResponse.MissingFieldCode, $"The answer has no '{field}' with an 'id'.", null, operation, targetId));
    }

    private static EcsApiException MissingVpcField(int status, string field, string? requestId, string operation, string? targetId) =>
        new(status, ErrorResponse.MissingFieldCode, $"The answer has no '{field}' field.", requestId, operation, targetId);
}
