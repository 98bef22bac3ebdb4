using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using EcsNic.Emulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>
/// The VPC v1 calls of the attach workflow: create, show, list and delete VPCs, subnets and ports, with each resource's
/// documented status values, request checks and error codes.
/// </summary>
internal static class VpcEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime)
    {
        void Vpc(string method, string pattern, string operation, Func<EmulatorRuntime, HttpContext, Task> handler) =>
            EndpointMap.Map(routes, method, pattern, new OperationMetadata(operation, ServiceKind.Vpc), ctx => handler(runtime, ctx));

        Vpc("POST", "/v1/{project_id}/vpcs", Operations.CreateVpc, CreateVpcAsync);
        Vpc("GET", "/v1/{project_id}/vpcs", Operations.ListVpcs, ListVpcsAsync);
        Vpc("GET", "/v1/{project_id}/vpcs/{vpc_id}", Operations.ShowVpc, ShowVpcAsync);
        Vpc("DELETE", "/v1/{project_id}/vpcs/{vpc_id}", Operations.DeleteVpc,
            (r, ctx) => DeleteAsync(r, ctx, () => r.State.Vpcs.Delete(EndpointMap.Route(ctx, "vpc_id"))));
        Vpc("POST", "/v1/{project_id}/subnets", Operations.CreateSubnet, CreateSubnetAsync);
        Vpc("GET", "/v1/{project_id}/subnets", Operations.ListSubnets, ListSubnetsAsync);
        Vpc("GET", "/v1/{project_id}/subnets/{subnet_id}", Operations.ShowSubnet, ShowSubnetAsync);
        Vpc("DELETE", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", Operations.DeleteSubnet,
            (r, ctx) => DeleteAsync(r, ctx, () => r.State.Subnets.Delete(EndpointMap.Route(ctx, "vpc_id"), EndpointMap.Route(ctx, "subnet_id"))));
        Vpc("POST", "/v1/{project_id}/ports", Operations.CreatePort, CreatePortAsync);
        Vpc("GET", "/v1/{project_id}/ports", Operations.ListPorts, ListPortsAsync);
        Vpc("GET", "/v1/{project_id}/ports/{port_id}", Operations.ShowPort, ShowPortAsync);
        VpcPortUpdateEndpoint.Map(routes, runtime);
        Vpc("DELETE", "/v1/{project_id}/ports/{port_id}", Operations.DeletePort,
            (r, ctx) => DeleteAsync(r, ctx, () => r.State.Ports.Delete(EndpointMap.Route(ctx, "port_id"))));
    }

    private static Func<string, ApiError> Invalid(string code) => message => ApiError.Vpc(400, code, "Param is invalid. " + message);

    private static Task CreateVpcAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.0101");
        var spec = RequestJson.Child(RequestJson.Object(context, invalid), "vpc", invalid) ?? throw invalid("vpc is required.");
        var name = RequestJson.String(spec, "name", invalid) ?? string.Empty;
        VpcRequests.CheckName(name, allowEmpty: true, invalid);
        var cidr = RequestJson.String(spec, "cidr", invalid) ?? "192.168.0.0/16";
        // CreateVpc documents 10.0.0.0/8~24, 172.16.0.0/12~24 and 192.168.0.0/16~24.
        if (Ipv4Cidr.TryParse(cidr, out var block) && block.Prefix > 24) throw invalid("The cidr mask length must be 24 or less.");
        var description = RequestJson.String(spec, "description", invalid) ?? string.Empty;
        VpcRequests.CheckDescription(description, invalid);
        var vpc = runtime.State.Vpcs.Create(name.Length == 0 ? "vpc-" + runtime.State.Ids.NewHexId()[..4] : name, cidr, description);
        // CreateVpc answers CREATING, as the seed page shows, whatever the delay.
        return Respond.Json(context, 200, new JsonObject
        {
            ["vpc"] = Views.Vpc(vpc, "CREATING", runtime.Account.ProjectId, runtime.Clock),
        });
    }

    private static Task ShowVpcAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var vpc = runtime.State.Vpcs.Show(EndpointMap.Route(context, "vpc_id")) ??
                  throw ApiError.Vpc(404, "VPC.0003", "VPC does not exist.");
        return Respond.Json(context, 200, new JsonObject
        {
            ["vpc"] = Views.Vpc(vpc, runtime.State.Vpcs.Status(vpc), runtime.Account.ProjectId, runtime.Clock),
        });
    }

    private static Task ListVpcsAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.0101");
        var query = context.Request.Query;
        var vpcs = VpcRequests.Page(runtime.State.Vpcs.List(VpcRequests.Single(query["id"])), v => v.Id, context, invalid);
        return Respond.Json(context, 200, new JsonObject
        {
            ["vpcs"] = new JsonArray(vpcs.Select(v => (JsonNode?)Views.Vpc(v, runtime.State.Vpcs.Status(v), runtime.Account.ProjectId, runtime.Clock)).ToArray()),
        });
    }

    private static Task CreateSubnetAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.0201");
        var spec = RequestJson.Child(RequestJson.Object(context, invalid), "subnet", invalid) ?? throw invalid("subnet is required.");
        var name = RequestJson.String(spec, "name", invalid);
        var cidr = RequestJson.String(spec, "cidr", invalid);
        var gateway = RequestJson.String(spec, "gateway_ip", invalid);
        var vpcId = RequestJson.String(spec, "vpc_id", invalid);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(cidr) || string.IsNullOrEmpty(gateway) || string.IsNullOrEmpty(vpcId))
            throw invalid("name, cidr, gateway_ip and vpc_id are required.");
        VpcRequests.CheckName(name, allowEmpty: false, invalid);
        var description = RequestJson.String(spec, "description", invalid) ?? string.Empty;
        VpcRequests.CheckDescription(description, invalid);
        var primaryDns = RequestJson.String(spec, "primary_dns", invalid);
        var secondaryDns = RequestJson.String(spec, "secondary_dns", invalid);
        foreach (var dns in new[] { primaryDns, secondaryDns })
        {
            if (dns is not null && !Ipv4.TryParse(dns, out _)) throw invalid("DNS server " + dns + " is not an IPv4 address.");
        }
        var subnet = runtime.State.Subnets.Create(name, description, vpcId, cidr, gateway, primaryDns, secondaryDns,
            RequestJson.String(spec, "availability_zone", invalid), RequestJson.Bool(spec, "dhcp_enable", invalid) ?? true);
        // CreateSubnet answers UNKNOWN, as seed 004 shows, whatever the delay.
        return Respond.Json(context, 200, new JsonObject
        {
            ["subnet"] = Views.Subnet(subnet, "UNKNOWN", runtime.State.Addresses.AvailableCount(subnet), runtime.Account.ProjectId, runtime.Clock),
        });
    }

    private static Task ShowSubnetAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var id = EndpointMap.Route(context, "subnet_id");
        var subnet = runtime.State.Subnets.Find(id) ??
                     throw ApiError.Vpc(404, "VPC.0202", "Query resource by id " + id + " fail.the subnet could not be found.");
        return Respond.Json(context, 200, new JsonObject
        {
            ["subnet"] = Views.Subnet(subnet, runtime.State.Subnets.Status(subnet), runtime.State.Addresses.AvailableCount(subnet),
                runtime.Account.ProjectId, runtime.Clock),
        });
    }

    private static Task ListSubnetsAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.0201");
        var vpcId = VpcRequests.Single(context.Request.Query["vpc_id"]);
        var subnets = VpcRequests.Page(runtime.State.Subnets.List(vpcId), s => s.Id, context, invalid);
        return Respond.Json(context, 200, new JsonObject
        {
            ["subnets"] = new JsonArray(subnets.Select(s => (JsonNode?)Views.Subnet(s, runtime.State.Subnets.Status(s),
                runtime.State.Addresses.AvailableCount(s), runtime.Account.ProjectId, runtime.Clock)).ToArray()),
        });
    }

    private static Task CreatePortAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.2500");
        var spec = RequestJson.Child(RequestJson.Object(context, invalid), "port", invalid) ?? throw invalid("port is required.");
        var networkId = RequestJson.String(spec, "network_id", invalid);
        if (string.IsNullOrEmpty(networkId)) throw invalid("network_id is required.");
        if (!runtime.State.Subnets.TryGet(networkId, out var subnet)) throw invalid("network_id " + networkId + " does not exist.");

        string? ip = null;
        var fixedIps = RequestJson.Array(spec, "fixed_ips", invalid);
        if (fixedIps is { Count: > 0 })
        {
            if (fixedIps.Count > 1 || fixedIps[0] is not JsonObject first) throw invalid("fixed_ips takes one object.");
            var subnetId = RequestJson.String(first, "subnet_id", invalid);
            if (!string.IsNullOrEmpty(subnetId) && subnetId != subnet.NeutronSubnetId && subnetId != subnet.Id)
                throw invalid("fixed_ips[0].subnet_id " + subnetId + " is not a subnet of network " + networkId + ".");
            ip = RequestJson.String(first, "ip_address", invalid);
            if (ip?.Length == 0) ip = null;
        }

        var owner = RequestJson.String(spec, "device_owner", invalid) ?? string.Empty;
        if (owner.Length > 0 && owner != PortRecord.VipOwner) throw invalid("device_owner may only be empty or neutron:VIP_PORT.");
        var name = RequestJson.String(spec, "name", invalid) ?? string.Empty;
        if (name.Length > 255) throw invalid("name is longer than 255 characters.");

        var groups = VpcRequests.SecurityGroupIds(RequestJson.Array(spec, "security_groups", invalid) ?? new JsonArray(), invalid);
        var pairs = new List<AddressPair>();
        foreach (var p in RequestJson.Array(spec, "allowed_address_pairs", invalid) ?? new JsonArray())
        {
            if (p is not JsonObject pair) throw invalid("allowed_address_pairs must list objects.");
            var address = RequestJson.String(pair, "ip_address", invalid);
            if (string.IsNullOrEmpty(address)) throw invalid("allowed_address_pairs[].ip_address is required.");
            pairs.Add(new AddressPair(address, RequestJson.String(pair, "mac_address", invalid) ?? string.Empty));
        }

        var port = runtime.State.Ports.Create(networkId, ip, name, owner, groups, pairs);
        return Respond.Json(context, 200, new JsonObject
        {
            ["port"] = PortView(runtime, port),
        });
    }

    private static Task ShowPortAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        runtime.State.AdvanceJobs();
        var id = EndpointMap.Route(context, "port_id");
        if (!runtime.State.Ports.TryGet(id, out var port)) throw ApiError.Vpc(404, "VPC.2502", "Port " + id + " not found");
        return Respond.Json(context, 200, new JsonObject
        {
            ["port"] = PortView(runtime, port),
        });
    }

    private static Task ListPortsAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.2500");
        var query = context.Request.Query;
        var addresses = new List<string>();
        var subnets = new List<string>();
        // The documented form: fixed_ips=ip_address=10.0.0.5&fixed_ips=subnet_id=..., each value a "key=value" pair.
        foreach (var value in query["fixed_ips"])
        {
            var text = value ?? string.Empty;
            var eq = text.IndexOf('=');
            var key = eq < 0 ? string.Empty : text[..eq];
            var item = eq < 0 ? string.Empty : text[(eq + 1)..];
            if (key == "ip_address" && item.Length > 0) addresses.Add(item);
            else if (key == "subnet_id" && item.Length > 0) subnets.Add(item);
            else throw invalid("fixed_ips takes ip_address=... or subnet_id=..., not '" + text + "'.");
        }
        string? Value(string name) => VpcRequests.Single(query[name]);
        var filter = new PortQuery(Value("id"), Value("network_id"), Value("device_id"),
            query.ContainsKey("device_owner") ? query["device_owner"].ToString() : null, Value("name"), Value("status"), addresses, subnets);
        var ports = VpcRequests.Page(runtime.State.Ports.List(filter), p => p.Id, context, invalid);
        return Respond.Json(context, 200, new JsonObject
        {
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode?)PortView(runtime, p)).ToArray()),
        });
    }

    private static Task DeleteAsync(EmulatorRuntime runtime, HttpContext context, Action delete)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        delete();
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    /// <summary>A port as the VPC calls answer it, with its lifecycle status.</summary>
    internal static JsonObject PortView(EmulatorRuntime runtime, PortRecord port) =>
        Views.Port(port, runtime.Account.ProjectId, runtime.Clock, runtime.State.Ports.Status(port));
}
