using System.Linq;
using System.Text.Json.Nodes;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using EcsNic.Emulator.State;

namespace EcsNic.Emulator.Endpoints;

/// <summary>The JSON documents the control API answers: the account, the state dump, counters, rules and settings.</summary>
internal static class ControlDocuments
{
    public static JsonObject Info(EmulatorRuntime runtime)
    {
        var baseUrl = runtime.BaseUri?.ToString() ?? string.Empty;
        return new JsonObject
        {
            ["base_url"] = baseUrl,
            ["control_url"] = baseUrl + "_emulator/",
            ["account"] = AccountJson(runtime.Account),
            ["settings"] = SettingsJson(runtime.Settings),
        };
    }

    public static JsonObject AccountJson(DemoAccount a) => new()
    {
        ["access_key"] = a.AccessKey,
        ["secret_key"] = a.SecretKey,
        ["project_id"] = a.ProjectId,
        ["domain_id"] = a.DomainId,
        ["region"] = a.Region,
        ["second_region"] = a.SecondRegion,
        ["second_project_id"] = a.SecondProjectId,
        ["vpcs"] = new JsonArray(a.Vpcs.Select(v => (JsonNode?)new JsonObject { ["id"] = v.Id, ["name"] = v.Name, ["cidr"] = v.Cidr }).ToArray()),
        ["subnets"] = new JsonArray(a.Subnets.Select(s => (JsonNode?)new JsonObject
        {
            ["id"] = s.Id,
            ["neutron_subnet_id"] = s.NeutronSubnetId,
            ["name"] = s.Name,
            ["cidr"] = s.Cidr,
            ["gateway_ip"] = s.GatewayIp,
            ["vpc_id"] = s.VpcId,
        }).ToArray()),
        ["servers"] = new JsonArray(a.Servers.Append(a.OtherServer).Select(s => (JsonNode?)new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["vpc_id"] = s.VpcId,
            ["nics"] = new JsonArray(s.Nics.Select(n => (JsonNode?)new JsonObject
            {
                ["port_id"] = n.PortId,
                ["subnet_id"] = n.SubnetId,
                ["ip_address"] = n.IpAddress,
                ["mac_address"] = n.MacAddress,
            }).ToArray()),
        }).ToArray()),
    };

    public static JsonObject StateJson(EmulatorRuntime runtime)
    {
        var state = runtime.State;
        var jobs = new JsonArray();
        foreach (var j in state.GetJobs())
        {
            jobs.Add(state.Jobs.Read(j.Id, (job, now) => Views.Job(job, now, runtime.Clock)));
        }
        return new JsonObject
        {
            ["vpcs"] = new JsonArray(state.GetVpcs().Select(v => (JsonNode?)new JsonObject
            {
                ["id"] = v.Id, ["name"] = v.Name, ["cidr"] = v.Cidr, ["status"] = v.Status,
            }).ToArray()),
            ["subnets"] = new JsonArray(state.GetSubnets().Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id, ["neutron_subnet_id"] = s.NeutronSubnetId, ["name"] = s.Name, ["cidr"] = s.Cidr,
                ["gateway_ip"] = s.GatewayIp, ["vpc_id"] = s.VpcId,
            }).ToArray()),
            ["servers"] = new JsonArray(state.GetServers().Select(s => (JsonNode?)ServerJson(s)).ToArray()),
            ["ports"] = new JsonArray(state.GetPorts().Select(p => (JsonNode?)PortJson(p)).ToArray()),
            ["jobs"] = jobs,
        };
    }

    public static JsonObject ServerJson(ServerSnapshot s) => new()
    {
        ["id"] = s.Id,
        ["name"] = s.Name,
        ["vpc_id"] = s.VpcId,
        ["nics"] = new JsonArray(s.Nics.Select(p => (JsonNode?)PortJson(p)).ToArray()),
    };

    private static JsonObject PortJson(PortSnapshot p) => new()
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["network_id"] = p.NetworkId,
        ["neutron_subnet_id"] = p.NeutronSubnetId,
        ["ip_address"] = p.IpAddress,
        ["mac_address"] = p.MacAddress,
        ["device_owner"] = p.DeviceOwner,
        ["device_id"] = p.DeviceId,
        ["allowed_address_pairs"] = new JsonArray(p.AllowedAddressPairs.Select(a => (JsonNode?)new JsonObject
        {
            ["ip_address"] = a.IpAddress, ["mac_address"] = a.MacAddress,
        }).ToArray()),
    };

    public static JsonObject CountersJson(CountersSnapshot c)
    {
        var requests = new JsonObject();
        foreach (var (op, n) in c.Requests) requests[op] = n;
        var faults = new JsonObject();
        foreach (var (kind, n) in c.Faults) faults[FaultKindNames.NameOf(kind)] = n;
        return new JsonObject
        {
            ["total_requests"] = c.TotalRequests,
            ["requests"] = requests,
            ["faults"] = faults,
            ["auth_failures"] = c.AuthFailures,
            ["paths"] = new JsonArray(c.Paths.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        };
    }

    public static JsonObject FaultsJson(FaultInjector faults) => new()
    {
        ["rules"] = new JsonArray(faults.Faults.Select(f => (JsonNode?)new JsonObject
        {
            ["operation"] = f.Operation,
            ["kind"] = FaultKindNames.NameOf(f.Kind),
            ["count"] = f.Count,
            ["rate"] = f.Rate,
            ["retry_after_seconds"] = f.RetryAfterSeconds,
            ["status"] = f.StatusCode,
        }).ToArray()),
    };

    public static JsonObject LatencyJson(FaultInjector faults) => new()
    {
        ["rules"] = new JsonArray(faults.Latency.Select(l => (JsonNode?)new JsonObject
        {
            ["operation"] = l.Operation,
            ["fixed_ms"] = l.Fixed?.TotalMilliseconds,
            ["min_ms"] = l.Min.TotalMilliseconds,
            ["max_ms"] = l.Max.TotalMilliseconds,
            ["count"] = l.Count,
            ["rate"] = l.Rate,
        }).ToArray()),
    };

    public static JsonObject SettingsJson(EmulatorSettings s) => new()
    {
        ["race_model"] = new JsonObject { ["enabled"] = s.RaceModelEnabled, ["pause_ms"] = s.RacePause.TotalMilliseconds },
        ["job_duration_ms"] = s.JobDuration.TotalMilliseconds,
        ["queued_job_durations_ms"] = new JsonArray(s.QueuedJobDurations.Select(d => (JsonNode?)JsonValue.Create(d.TotalMilliseconds)).ToArray()),
        ["clock_offset_seconds"] = s.ClockOffset.TotalSeconds,
        ["max_nics_per_server"] = s.MaxNicsPerServer,
        ["require_metadata_token"] = s.RequireMetadataToken,
        ["metadata_agency_configured"] = s.MetadataAgencyConfigured,
        ["temporary_credential_lifetime_seconds"] = s.TemporaryCredentialLifetime.TotalSeconds,
    };
}
