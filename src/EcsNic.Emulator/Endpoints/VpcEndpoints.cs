using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using EcsNic.Emulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsNic.Emulator.Endpoints;

/// <summary>The VPC calls of the attach workflow: create and show VPCs, subnets and ports.</summary>
internal static class VpcEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime)
    {
        EndpointMap.Map(routes, "POST", "/v1/{project_id}/vpcs", new OperationMetadata(Operations.CreateVpc, ServiceKind.Vpc),
            ctx => CreateVpcAsync(runtime, ctx));
        EndpointMap.Map(routes, "GET", "/v1/{project_id}/vpcs/{vpc_id}", new OperationMetadata(Operations.ShowVpc, ServiceKind.Vpc),
            ctx => ShowVpcAsync(runtime, ctx));
        EndpointMap.Map(routes, "POST", "/v1/{project_id}/subnets", new OperationMetadata(Operations.CreateSubnet, ServiceKind.Vpc),
            ctx => CreateSubnetAsync(runtime, ctx));
        EndpointMap.Map(routes, "GET", "/v1/{project_id}/subnets/{subnet_id}",
            new OperationMetadata(Operations.ShowSubnet, ServiceKind.Vpc), ctx => ShowSubnetAsync(runtime, ctx));
        EndpointMap.Map(routes, "POST", "/v1/{project_id}/ports", new OperationMetadata(Operations.CreatePort, ServiceKind.Vpc),
            ctx => CreatePortAsync(runtime, ctx));
        EndpointMap.Map(routes, "GET", "/v1/{project_id}/ports/{port_id}", new OperationMetadata(Operations.ShowPort, ServiceKind.Vpc),
            ctx => ShowPortAsync(runtime, ctx));
    }

    private static Func<string, ApiError> Invalid(string code) => message => ApiError.Vpc(400, code, "Param is invalid. " + message);

    private static Task CreateVpcAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.0101");
        var spec = RequestJson.Child(RequestJson.Object(context, invalid), "vpc", invalid) ?? throw invalid("vpc is required.");
        var name = RequestJson.String(spec, "name", invalid);
        var cidr = RequestJson.String(spec, "cidr", invalid) ?? "192.168.0.0/16";
        var description = RequestJson.String(spec, "description", invalid) ?? string.Empty;
        var vpc = runtime.State.CreateVpc(string.IsNullOrEmpty(name) ? "vpc-" + runtime.State.NewHexId()[..4] : name, cidr, description);
        return Respond.Json(context, 200, new JsonObject
        {
            ["vpc"] = Views.Vpc(vpc, "CREATING", runtime.Account.ProjectId, runtime.Clock),
        });
    }

    private static Task ShowVpcAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var vpc = runtime.State.ShowVpc(EndpointMap.Route(context, "vpc_id")) ??
                  throw ApiError.Vpc(404, "VPC.0003", "VPC does not exist.");
        return Respond.Json(context, 200, new JsonObject { ["vpc"] = Views.Vpc(vpc, "OK", runtime.Account.ProjectId, runtime.Clock) });
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
        var subnet = runtime.State.CreateSubnet(name, RequestJson.String(spec, "description", invalid) ?? string.Empty, vpcId, cidr,
            gateway, RequestJson.String(spec, "primary_dns", invalid), RequestJson.String(spec, "secondary_dns", invalid),
            RequestJson.String(spec, "availability_zone", invalid), RequestJson.Bool(spec, "dhcp_enable", invalid) ?? true);
        return Respond.Json(context, 200, new JsonObject
        {
            ["subnet"] = Views.Subnet(subnet, "UNKNOWN", runtime.State.AvailableIpCount(subnet), runtime.Account.ProjectId, runtime.Clock),
        });
    }

    private static Task ShowSubnetAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var id = EndpointMap.Route(context, "subnet_id");
        var subnet = runtime.State.ShowSubnet(id) ??
                     throw ApiError.Vpc(404, "VPC.0202", "Query resource by id " + id + " fail.the subnet could not be found.");
        return Respond.Json(context, 200, new JsonObject
        {
            ["subnet"] = Views.Subnet(subnet, "ACTIVE", runtime.State.AvailableIpCount(subnet), runtime.Account.ProjectId, runtime.Clock),
        });
    }

    private static Task CreatePortAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var invalid = Invalid("VPC.2500");
        var spec = RequestJson.Child(RequestJson.Object(context, invalid), "port", invalid) ?? throw invalid("port is required.");
        var networkId = RequestJson.String(spec, "network_id", invalid);
        if (string.IsNullOrEmpty(networkId)) throw invalid("network_id is required.");
        if (!runtime.State.TryGetSubnet(networkId, out var subnet)) throw invalid("network_id " + networkId + " does not exist.");

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

        var groups = new List<string>();
        foreach (var g in RequestJson.Array(spec, "security_groups", invalid) ?? new JsonArray())
        {
            if (g is not JsonValue v || !v.TryGetValue<string>(out var id) || id.Length == 0)
                throw invalid("security_groups must list IDs.");
            groups.Add(id);
        }
        var pairs = new List<AddressPair>();
        foreach (var p in RequestJson.Array(spec, "allowed_address_pairs", invalid) ?? new JsonArray())
        {
            if (p is not JsonObject pair) throw invalid("allowed_address_pairs must list objects.");
            var address = RequestJson.String(pair, "ip_address", invalid);
            if (string.IsNullOrEmpty(address)) throw invalid("allowed_address_pairs[].ip_address is required.");
            pairs.Add(new AddressPair(address, RequestJson.String(pair, "mac_address", invalid) ?? string.Empty));
        }

        var port = runtime.State.CreatePort(networkId, ip, RequestJson.String(spec, "name", invalid) ?? string.Empty, owner, groups, pairs);
        return Respond.Json(context, 200, new JsonObject { ["port"] = Views.Port(port, runtime.Account.ProjectId, runtime.Clock) });
    }

    private static Task ShowPortAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        runtime.State.AdvanceJobs();
        var id = EndpointMap.Route(context, "port_id");
        // VPC.0702 for a missing port is the emulator's choice: the VPC error table we could read does not list one.
        if (!runtime.State.TryGetPort(id, out var port)) throw ApiError.Vpc(404, "VPC.0702", "Port does not exist.");
        return Respond.Json(context, 200, new JsonObject { ["port"] = Views.Port(port, runtime.Account.ProjectId, runtime.Clock) });
    }
}
