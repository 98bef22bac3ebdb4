using System;
using System.Linq;
using System.Text.Json.Nodes;
using EcsNic.Emulator.Runtime;
using EcsNic.Emulator.State;

namespace EcsNic.Emulator.Http;

/// <summary>Renders state as the wire JSON, with Huawei's field names (built by hand, independent of the client's DTOs).</summary>
internal static class Views
{
    public static JsonObject InterfaceAttachment(PortRecord port, bool primary) => new()
    {
        ["port_state"] = "ACTIVE",
        ["fixed_ips"] = new JsonArray(new JsonObject { ["subnet_id"] = port.NeutronSubnetId, ["ip_address"] = port.IpAddress }),
        ["net_id"] = port.NetworkId,
        ["port_id"] = port.Id,
        ["mac_addr"] = port.MacAddress,
        ["delete_on_termination"] = primary,
        ["driver_mode"] = "virtio",
        ["min_rate"] = 0,
        ["multiqueue_num"] = 1,
        ["pci_address"] = string.Empty,
    };

    public static JsonObject ServerAddress(PortRecord port, bool primary) => new()
    {
        ["version"] = "4",
        ["addr"] = port.IpAddress,
        ["OS-EXT-IPS:type"] = "fixed",
        ["OS-EXT-IPS-MAC:mac_addr"] = port.MacAddress,
        ["OS-EXT-IPS:port_id"] = port.Id,
        ["primary"] = primary,
    };

    public static JsonObject Job(JobRecord job, DateTimeOffset realNow, EmulatorClock clock)
    {
        var status = job.StatusAt(realNow);
        var begin = EmulatorClock.JobTime(clock.Shift(job.Begin));
        JsonNode? end = job.End is { } e ? JsonValue.Create(EmulatorClock.JobTime(clock.Shift(e))) : null;
        var subs = new JsonArray();
        foreach (var sub in job.SubJobs)
        {
            var entities = new JsonObject();
            if (sub.NicId is not null && (job.Finalized || job.Kind == JobKind.DeleteNics)) entities["nic_id"] = sub.NicId;
            if (sub.FailReason is not null) entities["errorcode_message"] = sub.FailReason;
            subs.Add(new JsonObject
            {
                ["status"] = job.Finalized ? sub.Status : status,
                ["entities"] = entities,
                ["job_id"] = sub.Id,
                ["job_type"] = sub.JobType,
                ["begin_time"] = begin,
                ["end_time"] = end?.DeepClone(),
                ["error_code"] = sub.ErrorCode,
                ["fail_reason"] = sub.FailReason,
            });
        }
        return new JsonObject
        {
            ["status"] = status,
            ["entities"] = new JsonObject
            {
                ["server_id"] = job.ServerId,
                ["sub_jobs_total"] = job.SubJobs.Count,
                ["sub_jobs"] = subs,
            },
            ["job_id"] = job.Id,
            ["job_type"] = job.JobType,
            ["begin_time"] = begin,
            ["end_time"] = end,
            ["error_code"] = job.ErrorCode,
            ["fail_reason"] = job.FailReason,
        };
    }

    public static JsonObject Vpc(VpcRecord vpc, string status, string projectId, EmulatorClock clock) => new()
    {
        ["id"] = vpc.Id,
        ["name"] = vpc.Name,
        ["description"] = vpc.Description,
        ["cidr"] = vpc.Cidr.ToString(),
        ["status"] = status,
        ["routes"] = new JsonArray(),
        ["enable_shared_snat"] = false,
        ["enterprise_project_id"] = "0",
        ["tenant_id"] = projectId,
        ["created_at"] = EmulatorClock.VpcTime(clock.Shift(vpc.CreatedAt)),
        ["updated_at"] = EmulatorClock.VpcTime(clock.Shift(vpc.CreatedAt)),
    };

    public static JsonObject Subnet(SubnetRecord subnet, string status, int availableIps, string projectId, EmulatorClock clock) => new()
    {
        ["id"] = subnet.Id,
        ["name"] = subnet.Name,
        ["description"] = subnet.Description,
        ["cidr"] = subnet.Cidr.ToString(),
        ["dnsList"] = new JsonArray(subnet.PrimaryDns, subnet.SecondaryDns),
        ["status"] = status,
        ["vpc_id"] = subnet.VpcId,
        ["gateway_ip"] = Ipv4.Format(subnet.Gateway),
        ["ipv6_enable"] = false,
        ["dhcp_enable"] = subnet.DhcpEnable,
        ["primary_dns"] = subnet.PrimaryDns,
        ["secondary_dns"] = subnet.SecondaryDns,
        ["availability_zone"] = subnet.AvailabilityZone,
        ["neutron_network_id"] = subnet.Id,
        ["neutron_subnet_id"] = subnet.NeutronSubnetId,
        ["enable_network_address_usage_metrics"] = false,
        ["available_ip_address_count"] = availableIps,
        ["extra_dhcp_opts"] = new JsonArray(),
        ["tenant_id"] = projectId,
        ["created_at"] = EmulatorClock.VpcTime(clock.Shift(subnet.CreatedAt)),
        ["updated_at"] = EmulatorClock.VpcTime(clock.Shift(subnet.CreatedAt)),
    };

    public static JsonObject Port(PortRecord port, string projectId, EmulatorClock clock, string? status = null)
    {
        var pairs = new JsonArray();
        foreach (var p in port.Pairs) pairs.Add(new JsonObject { ["ip_address"] = p.IpAddress, ["mac_address"] = p.MacAddress });
        return new JsonObject
        {
            ["id"] = port.Id,
            ["name"] = port.Name,
            ["status"] = status ?? (port.IsAttached || port.IsVirtualIp ? "ACTIVE" : "DOWN"),
            ["admin_state_up"] = true,
            ["fixed_ips"] = new JsonArray(new JsonObject { ["subnet_id"] = port.NeutronSubnetId, ["ip_address"] = port.IpAddress }),
            ["dns_name"] = string.Empty,
            ["dns_assignment"] = new JsonArray(),
            ["mac_address"] = port.MacAddress,
            ["network_id"] = port.NetworkId,
            ["tenant_id"] = projectId,
            ["project_id"] = projectId,
            ["device_id"] = port.DeviceId,
            ["device_owner"] = port.DeviceOwner,
            ["security_groups"] = new JsonArray(port.SecurityGroups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
            ["extra_dhcp_opts"] = new JsonArray(),
            ["allowed_address_pairs"] = pairs,
            ["binding:vnic_type"] = "normal",
            ["binding:vif_details"] = new JsonObject(),
            ["binding:profile"] = new JsonObject(),
            ["instance_id"] = port.IsAttached ? port.DeviceId : string.Empty,
            ["instance_type"] = port.IsAttached ? "ecs" : string.Empty,
            ["port_security_enabled"] = true,
            ["enable_efi"] = false,
            ["created_at"] = EmulatorClock.VpcTime(clock.Shift(port.CreatedAt)),
        };
    }
}
