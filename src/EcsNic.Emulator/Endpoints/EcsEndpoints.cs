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

/// <summary>The ECS calls: bind/unbind a virtual IP, attach/detach NICs, list NICs, show a job.</summary>
internal static class EcsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime)
    {
        EndpointMap.Map(routes, "PUT", "/v1/{project_id}/cloudservers/nics/{nic_id}",
            new OperationMetadata(Operations.AssociateServerVirtualIp, ServiceKind.Ecs, OperationMetadata.BindOrUnbind),
            ctx => UpdateNicAsync(runtime, ctx));
        EndpointMap.Map(routes, "POST", "/v1/{project_id}/cloudservers/{server_id}/nics",
            new OperationMetadata(Operations.BatchAddServerNics, ServiceKind.Ecs), ctx => BatchAddAsync(runtime, ctx));
        EndpointMap.Map(routes, "POST", "/v1/{project_id}/cloudservers/{server_id}/nics/delete",
            new OperationMetadata(Operations.BatchDeleteServerNics, ServiceKind.Ecs), ctx => BatchDeleteAsync(runtime, ctx));
        EndpointMap.Map(routes, "GET", "/v1/{project_id}/cloudservers/{server_id}/os-interface",
            new OperationMetadata(Operations.ListServerInterfaces, ServiceKind.Ecs), ctx => ListInterfacesAsync(runtime, ctx));
        EndpointMap.Map(routes, "GET", "/v1/{project_id}/jobs/{job_id}",
            new OperationMetadata(Operations.ShowJob, ServiceKind.Ecs), ctx => ShowJobAsync(runtime, ctx));
        EndpointMap.Map(routes, "GET", "/v1/{project_id}/cloudservers/{server_id}",
            new OperationMetadata(Operations.ShowServer, ServiceKind.Ecs), ctx => ShowServerAsync(runtime, ctx));
    }

    private static readonly Func<string, ApiError> Invalid = message => ApiError.InvalidEcsParameter("Invalid request body: " + message);

    // PUT /v1/{project_id}/cloudservers/nics/{nic_id}
    private static async Task UpdateNicAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Ecs);
        var state = runtime.State;
        state.AdvanceJobs();
        var nicId = EndpointMap.Route(context, "nic_id");
        var body = RequestJson.Object(context, Invalid);
        var nic = RequestJson.Child(body, "nic", Invalid) ?? throw Invalid("nic is required.");
        var subnetId = RequestJson.String(nic, "subnet_id", Invalid);
        var ip = RequestJson.String(nic, "ip_address", Invalid);
        var reverse = RequestJson.Bool(nic, "reverse_binding", Invalid) ?? false;
        if (subnetId is null || ip is null) throw Invalid("nic.subnet_id and nic.ip_address are required.");

        if (!InMainRegion(runtime, context) || !state.Ports.TryGet(nicId, out var port) || !port.IsAttached)
            throw ApiError.Ecs(400, "Ecs.0307", "Failed to view the port because port " + nicId + " could not be found.");

        if (subnetId.Length == 0 && ip.Length == 0)
        {
            await UnbindAsync(state, port).ConfigureAwait(false);
        }
        else if (subnetId.Length == 0 || ip.Length == 0)
        {
            throw ApiError.InvalidEcsParameter(
                "Invalid parameters: give both subnet_id and ip_address to bind, or both as empty strings to unbind.");
        }
        else
        {
            await BindAsync(state, port, subnetId, ip, reverse).ConfigureAwait(false);
        }
        await Respond.Json(context, 200, new JsonObject { ["port_id"] = port.Id }).ConfigureAwait(false);
    }

    private static async Task BindAsync(EmulatorState state, PortRecord nic, string subnetId, string ip, bool reverse)
    {
        if (!state.Subnets.TryGet(subnetId, out var subnet))
            throw ApiError.InvalidEcsParameter("Invalid parameters: subnet " + subnetId + " does not exist.");
        if (subnet.Id != nic.NetworkId)
            throw ApiError.InvalidEcsParameter("Invalid parameters: subnet " + subnetId + " is not the subnet of NIC " + nic.Id + ".");
        if (!subnet.TryUsableAddress(ip, out var address))
            throw ApiError.InvalidEcsParameter("Invalid parameters: ip_address " + ip + " is not a usable address of subnet " +
                                                subnet.Cidr + ".");
        var vip = state.Ports.FindOrCreateVirtualIp(subnet, address);
        await state.Pairs.UpdateAsync(nic, pairs => AddressPairUpdater.With(pairs, new AddressPair(vip.IpAddress, nic.MacAddress)))
            .ConfigureAwait(false);
        if (reverse)
        {
            await state.Pairs.UpdateAsync(vip, pairs => AddressPairUpdater.With(pairs, new AddressPair(nic.IpAddress, nic.MacAddress)))
                .ConfigureAwait(false);
        }
    }

    private static async Task UnbindAsync(EmulatorState state, PortRecord nic)
    {
        var vips = state.Ports.VirtualIpsOf(nic.NetworkId);
        var vipAddresses = new HashSet<string>(vips.Select(v => v.IpAddress), StringComparer.Ordinal);
        if (nic.Pairs.Any(p => vipAddresses.Contains(p.IpAddress)))
        {
            await state.Pairs.UpdateAsync(nic, pairs => AddressPairUpdater.Without(pairs, p => vipAddresses.Contains(p.IpAddress)))
                .ConfigureAwait(false);
        }
        var reversePair = new AddressPair(nic.IpAddress, nic.MacAddress);
        foreach (var vip in vips)
        {
            if (!vip.Pairs.Contains(reversePair)) continue;
            await state.Pairs.UpdateAsync(vip, pairs => AddressPairUpdater.Without(pairs, p => p == reversePair)).ConfigureAwait(false);
        }
    }

    // POST /v1/{project_id}/cloudservers/{server_id}/nics
    private static Task BatchAddAsync(EmulatorRuntime runtime, HttpContext context) =>
        SubmitNicJobAsync(runtime, context, (server, nics) => runtime.State.Jobs.CreateAddNics(server, NicsToAdd(runtime, nics)));

    // POST /v1/{project_id}/cloudservers/{server_id}/nics/delete
    private static Task BatchDeleteAsync(EmulatorRuntime runtime, HttpContext context) =>
        SubmitNicJobAsync(runtime, context, (server, nics) => runtime.State.Jobs.CreateDeleteNics(server, NicsToDelete(nics)));

    // Both batch calls take {"nics": [...]} for a server and answer the job they submitted.
    private static Task SubmitNicJobAsync(EmulatorRuntime runtime, HttpContext context, Func<ServerRecord, JsonArray, JobRecord> submit)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Ecs);
        var server = FindServer(runtime, context);
        var nics = RequestJson.Array(RequestJson.Object(context, Invalid), "nics", Invalid);
        if (nics is null || nics.Count == 0) throw Invalid("nics must list at least one NIC.");
        var job = submit(server, nics);
        return Respond.Json(context, 200, new JsonObject { ["job_id"] = job.Id });
    }

    private static List<(string, string?, string?, IReadOnlyList<string>)> NicsToAdd(EmulatorRuntime runtime, JsonArray nics)
    {
        var specs = new List<(string, string?, string?, IReadOnlyList<string>)>(nics.Count);
        foreach (var item in nics)
        {
            if (item is not JsonObject spec) throw Invalid("every entry of nics must be an object.");
            var subnetId = RequestJson.String(spec, "subnet_id", Invalid);
            var portId = RequestJson.String(spec, "port_id", Invalid);
            RequestJson.Bool(spec, "efi_enable", Invalid);
            if (!string.IsNullOrEmpty(portId))
            {
                // The port wins (ecs_02_0501): subnet_id may be left out, and security_groups and ip_address are ignored;
                // the port must be free (DOWN) to be attached.
                if (!runtime.State.Ports.TryGet(portId, out var port))
                    throw ApiError.InvalidEcsParameter("Invalid parameters: port " + portId + " does not exist.");
                if (port.IsAttached || port.IsVirtualIp)
                    throw ApiError.InvalidEcsParameter("Invalid parameters: port " + portId + " is not DOWN: it is in use.");
                subnetId = port.NetworkId;
            }
            if (string.IsNullOrEmpty(subnetId)) throw Invalid("nics[].subnet_id is required unless nics[].port_id is given.");
            if (!runtime.State.Subnets.TryGet(subnetId, out _))
                throw ApiError.InvalidEcsParameter("Invalid parameters: subnet " + subnetId + " does not exist.");
            var ip = string.IsNullOrEmpty(portId) ? RequestJson.String(spec, "ip_address", Invalid) : null;
            var groups = new List<string>();
            foreach (var g in RequestJson.Array(spec, "security_groups", Invalid) ?? new JsonArray())
            {
                var id = g is JsonObject o ? RequestJson.String(o, "id", Invalid) : null;
                if (string.IsNullOrEmpty(id)) throw Invalid("nics[].security_groups[].id is required.");
                groups.Add(id);
            }
            RequestJson.Bool(spec, "ipv6_enable", Invalid);
            specs.Add((subnetId, string.IsNullOrEmpty(portId) ? null : portId, string.IsNullOrEmpty(ip) ? null : ip, groups));
        }
        return specs;
    }

    private static List<string> NicsToDelete(JsonArray nics)
    {
        var ids = new List<string>(nics.Count);
        foreach (var item in nics)
        {
            var id = item is JsonObject o ? RequestJson.String(o, "id", Invalid) : null;
            if (string.IsNullOrEmpty(id)) throw Invalid("nics[].id is required.");
            ids.Add(id);
        }
        return ids;
    }

    // GET /v1/{project_id}/cloudservers/{server_id}/os-interface
    private static Task ListInterfacesAsync(EmulatorRuntime runtime, HttpContext context)
    {
        var (server, list) = ServerNics(runtime, context, Views.InterfaceAttachment);
        return Respond.Json(context, 200, new JsonObject
        {
            ["interfaceAttachments"] = list,
            ["attachableQuantity"] = new JsonObject { ["free_nic"] = runtime.State.Servers.FreeNicSlots(server) },
        });
    }

    // GET /v1/{project_id}/jobs/{job_id}
    private static Task ShowJobAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Ecs);
        var jobId = EndpointMap.Route(context, "job_id");
        var view = (InMainRegion(runtime, context) ? runtime.State.Jobs.Read(jobId, (job, now) => Views.Job(job, now, runtime.Clock)) : null)
                   ?? throw ApiError.Ecs(400, "Common.0011", "Failed to obtain the job.");
        return Respond.Json(context, 200, view);
    }

    // The seeded servers, NICs and jobs live in the main region; the other region is empty, as another region's ECS would be.
    private static bool InMainRegion(EmulatorRuntime runtime, HttpContext context) =>
        RegionRouting.RegionOf(runtime, context) == runtime.Account.Region;

    // GET /v1/{project_id}/cloudservers/{server_id}: only the fields EcsNic reads. As in Huawei's ServerDetail, each
    // address of "addresses" (keyed by VPC ID) names its port and says whether that port is the primary NIC.
    private static Task ShowServerAsync(EmulatorRuntime runtime, HttpContext context)
    {
        var (server, addresses) = ServerNics(runtime, context, Views.ServerAddress);
        return Respond.Json(context, 200, new JsonObject
        {
            ["server"] = new JsonObject
            {
                ["id"] = server.Id,
                ["name"] = server.Name,
                ["status"] = "ACTIVE",
                ["addresses"] = new JsonObject { [server.VpcId] = addresses },
            },
        });
    }

    // The NICs in attachment order, each rendered with whether it is the primary (first) NIC.
    private static (ServerRecord Server, JsonArray Nics) ServerNics(EmulatorRuntime runtime, HttpContext context,
        Func<PortRecord, bool, JsonObject> view)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Ecs);
        var server = FindServer(runtime, context);
        var nics = runtime.State.Servers.NicsOf(server);
        var list = new JsonArray();
        for (var i = 0; i < nics.Count; i++) list.Add(view(nics[i], i == 0));
        return (server, list);
    }

    private static ServerRecord FindServer(EmulatorRuntime runtime, HttpContext context)
    {
        var serverId = EndpointMap.Route(context, "server_id");
        return InMainRegion(runtime, context) && runtime.State.Servers.TryGet(serverId, out var server)
            ? server
            : throw ApiError.Ecs(404, "Ecs.0114", "ECS [" + serverId + "] could not be found.");
    }
}
