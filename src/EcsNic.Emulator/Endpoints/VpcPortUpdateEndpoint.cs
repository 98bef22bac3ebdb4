using System;
using System.Collections.Generic;
using System.Globalization;
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
/// UpdatePort (vpc_port01_0004), the VPC route for binding a virtual IP: <c>allowed_address_pairs</c> replaces the
/// port's list as a whole, so adding a pair is the caller's read-modify-write, and the race model applies to the write.
/// </summary>
internal static class VpcPortUpdateEndpoint
{
    /// <summary>The documented default limit of allowed address pairs on one port.</summary>
    public const int MaxAddressPairs = 10;

    public static void Map(IEndpointRouteBuilder routes, EmulatorRuntime runtime) =>
        EndpointMap.Map(routes, "PUT", "/v1/{project_id}/ports/{port_id}", new OperationMetadata(Operations.UpdatePort, ServiceKind.Vpc),
            ctx => UpdatePortAsync(runtime, ctx));

    private static readonly Func<string, ApiError> Invalid = message => ApiError.Vpc(400, "VPC.2500", "Param is invalid. " + message);

    private static async Task UpdatePortAsync(EmulatorRuntime runtime, HttpContext context)
    {
        EndpointMap.CheckProject(runtime, context, ErrorStyle.Vpc);
        var state = runtime.State;
        state.AdvanceJobs();
        var id = EndpointMap.Route(context, "port_id");
        var spec = RequestJson.Child(RequestJson.Object(context, Invalid), "port", Invalid) ?? throw Invalid("port is required.");
        if (!state.Ports.TryGet(id, out var port)) throw ApiError.Vpc(404, "VPC.2502", "Port " + id + " not found");

        // "At least one attribute must be given" (更新操作时至少指定一项属性).
        var name = RequestJson.String(spec, "name", Invalid);
        if (name is { Length: > 255 }) throw Invalid("name is longer than 255 characters.");
        var groups = ReadSecurityGroups(spec);
        var pairs = ReadPairs(spec, port);
        if (name is null && groups is null && pairs is null)
            throw Invalid("give at least one of name, security_groups and allowed_address_pairs.");

        if (pairs is not null) await state.Pairs.UpdateAsync(port, _ => pairs).ConfigureAwait(false);
        if (name is not null) port.Name = name;
        if (groups is not null) port.SecurityGroups = groups;
        await Respond.Json(context, 200, new JsonObject
        {
            ["port"] = VpcEndpoints.PortView(runtime, port),
        }).ConfigureAwait(false);
    }

    private static IReadOnlyList<string>? ReadSecurityGroups(JsonObject spec)
    {
        var array = RequestJson.Array(spec, "security_groups", Invalid);
        if (array is null) return null;
        // "Cannot be updated to empty" (不支持更新为空).
        if (array.Count == 0) throw Invalid("security_groups cannot be empty.");
        return VpcRequests.SecurityGroupIds(array, Invalid);
    }

    private static AddressPair[]? ReadPairs(JsonObject spec, PortRecord port)
    {
        var array = RequestJson.Array(spec, "allowed_address_pairs", Invalid);
        if (array is null) return null;
        var pairs = new List<AddressPair>();
        foreach (var item in array)
        {
            if (item is not JsonObject pair) throw Invalid("allowed_address_pairs must list objects.");
            var ip = RequestJson.String(pair, "ip_address", Invalid);
            if (string.IsNullOrEmpty(ip)) throw Invalid("allowed_address_pairs[].ip_address is required.");
            if (!IsAddressOrCidr(ip, out var prefix, out var address))
                throw Invalid("allowed_address_pairs[].ip_address " + ip + " is not an IPv4 address or CIDR.");
            if (address == 0 && (prefix == 0 || prefix == 32)) throw Invalid("allowed_address_pairs[].ip_address cannot be " + ip + ".");
            var mac = RequestJson.String(pair, "mac_address", Invalid);
            if (mac is { Length: > 0 } && !IsMac(mac)) throw Invalid("allowed_address_pairs[].mac_address " + mac + " is not a MAC address.");
            // "Defaults to the port's own MAC address" (默认使用当前端口的MAC地址).
            pairs.Add(new AddressPair(ip, string.IsNullOrEmpty(mac) ? port.MacAddress : mac.ToLowerInvariant()));
        }
        var distinct = pairs.Distinct().ToArray();
        if (distinct.Length > MaxAddressPairs)
            throw ApiError.Vpc(400, "VPC.2500", "Quota exceeded for resources: ['allowed_address_pairs']: at most " +
                                                 MaxAddressPairs.ToString(CultureInfo.InvariantCulture) + " per port.");
        return distinct;
    }

    private static bool IsAddressOrCidr(string text, out int prefix, out uint address)
    {
        prefix = 32;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text : text[..slash];
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32))
        {
            address = 0;
            return false;
        }
        return Ipv4.TryParse(host, out address);
    }

    private static bool IsMac(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 6 && parts.All(p => p.Length == 2 && p.All(Uri.IsHexDigit));
    }
}
