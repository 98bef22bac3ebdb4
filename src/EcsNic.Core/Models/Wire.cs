using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace EcsNic.Core.Models;

// Wire shapes of the ECS, VPC and IAM calls, with Huawei's snake_case names. Unknown fields are ignored on read.

/// <summary>The <c>nic</c> object of AssociateServerVirtualIp and DisassociateServerVirtualIp.</summary>
public sealed class VirtualIpNicBody
{
    /// <summary>The network (VPC subnet) ID; empty when unbinding.</summary>
    [JsonPropertyName("subnet_id")] public string SubnetId { get; set; } = string.Empty;

    /// <summary>The virtual IP address; empty when unbinding.</summary>
    [JsonPropertyName("ip_address")] public string IpAddress { get; set; } = string.Empty;

    /// <summary>Whether to add the NIC's IP/MAC pair to the virtual IP's allowed_address_pairs.</summary>
    [JsonPropertyName("reverse_binding")] public bool? ReverseBinding { get; set; }
}

/// <summary>The body of PUT /v1/{project_id}/cloudservers/nics/{nic_id}.</summary>
public sealed class VirtualIpRequest
{
    /// <summary>The NIC settings.</summary>
    [JsonPropertyName("nic")] public VirtualIpNicBody Nic { get; set; } = new();
}

/// <summary>The answer of the virtual IP bind and unbind calls.</summary>
public sealed class PortIdResponse
{
    /// <summary>The NIC (port) ID.</summary>
    [JsonPropertyName("port_id")] public string? PortId { get; set; }
}

/// <summary>A security group reference in a NIC spec.</summary>
public sealed class SecurityGroupRef
{
    /// <summary>The security group ID.</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;
}

/// <summary>A shared IPv6 bandwidth reference in a NIC spec.</summary>
public sealed class BandwidthRef
{
    /// <summary>The shared bandwidth ID.</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;
}

/// <summary>One NIC to attach in BatchAddServerNics; also the typed spec that Add-EcsServerNic -Nic accepts.</summary>
public sealed class NicSpec
{
    /// <summary>The network (VPC subnet) ID the NIC belongs to; required unless <see cref="PortId"/> is given.</summary>
    [JsonPropertyName("subnet_id")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SubnetId { get; set; }

    /// <summary>An existing port to attach instead of creating one; it must be free (DOWN), and its subnet wins.</summary>
    [JsonPropertyName("port_id")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PortId { get; set; }

    /// <summary>Security groups for the new NIC.</summary>
    [JsonPropertyName("security_groups")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<SecurityGroupRef>? SecurityGroups { get; set; }

    /// <summary>A fixed IPv4 address for the new NIC.</summary>
    [JsonPropertyName("ip_address")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IpAddress { get; set; }

    /// <summary>Whether the NIC gets an IPv6 address.</summary>
    [JsonPropertyName("ipv6_enable")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Ipv6Enable { get; set; }

    /// <summary>The shared bandwidth for the IPv6 address.</summary>
    [JsonPropertyName("ipv6_bandwidth")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BandwidthRef? Ipv6Bandwidth { get; set; }

    /// <summary>Enables the NIC's vRoCE capability (secondary NICs only): efi_enable of the SDK's BatchAddServerNicOption.</summary>
    [JsonPropertyName("efi_enable")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EfiEnable { get; set; }

    /// <inheritdoc />
    public override string ToString() => PortId is null ? $"NIC in subnet {SubnetId}"
        : SubnetId is null ? $"port {PortId}" : $"port {PortId} (subnet {SubnetId})";
}

/// <summary>The body of POST /v1/{project_id}/cloudservers/{server_id}/nics.</summary>
public sealed class BatchAddNicsRequest
{
    /// <summary>The NICs to attach.</summary>
    [JsonPropertyName("nics")] public List<NicSpec> Nics { get; set; } = new();
}

/// <summary>A NIC reference in BatchDeleteServerNics.</summary>
public sealed class NicRef
{
    /// <summary>The NIC (port) ID.</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;
}

/// <summary>The body of POST /v1/{project_id}/cloudservers/{server_id}/nics/delete.</summary>
public sealed class BatchDeleteNicsRequest
{
    /// <summary>The NICs to detach.</summary>
    [JsonPropertyName("nics")] public List<NicRef> Nics { get; set; } = new();
}

/// <summary>The answer of the asynchronous calls.</summary>
public sealed class JobIdResponse
{
    /// <summary>The job to poll.</summary>
    [JsonPropertyName("job_id")] public string? JobId { get; set; }
}

/// <summary>One fixed IP of a NIC.</summary>
public sealed class FixedIpWire
{
    /// <summary>The IPv4/IPv6 subnet ID (Neutron subnet).</summary>
    [JsonPropertyName("subnet_id")] public string? SubnetId { get; set; }

    /// <summary>The address.</summary>
    [JsonPropertyName("ip_address")] public string? IpAddress { get; set; }
}

/// <summary>One NIC of ListServerInterfaces.</summary>
public sealed class InterfaceAttachmentWire
{
    /// <summary>The NIC state, such as ACTIVE.</summary>
    [JsonPropertyName("port_state")] public string? PortState { get; set; }

    /// <summary>The NIC's addresses.</summary>
    [JsonPropertyName("fixed_ips")] public List<FixedIpWire>? FixedIps { get; set; }

    /// <summary>The network ID: the subnet_id to use in a bind call.</summary>
    [JsonPropertyName("net_id")] public string? NetId { get; set; }

    /// <summary>The NIC (port) ID.</summary>
    [JsonPropertyName("port_id")] public string? PortId { get; set; }

    /// <summary>The MAC address.</summary>
    [JsonPropertyName("mac_addr")] public string? MacAddr { get; set; }

    /// <summary>Whether the NIC is deleted with the server.</summary>
    [JsonPropertyName("delete_on_termination")] public bool? DeleteOnTermination { get; set; }

    /// <summary>The driver mode, such as virtio.</summary>
    [JsonPropertyName("driver_mode")] public string? DriverMode { get; set; }

    /// <summary>The bandwidth floor in Mbit/s.</summary>
    [JsonPropertyName("min_rate")] public int? MinRate { get; set; }

    /// <summary>The number of NIC queues.</summary>
    [JsonPropertyName("multiqueue_num")] public int? MultiqueueNum { get; set; }

    /// <summary>The PCI address of the NIC in the guest.</summary>
    [JsonPropertyName("pci_address")] public string? PciAddress { get; set; }
}

/// <summary>How many more NICs a server can take.</summary>
public sealed class AttachableQuantityWire
{
    /// <summary>Free NIC slots.</summary>
    [JsonPropertyName("free_nic")] public int? FreeNic { get; set; }
}

/// <summary>The answer of GET /v1/{project_id}/cloudservers/{server_id}/os-interface.</summary>
public sealed class InterfaceAttachmentsResponse
{
    /// <summary>The NICs.</summary>
    [JsonPropertyName("interfaceAttachments")] public List<InterfaceAttachmentWire>? InterfaceAttachments { get; set; }

    /// <summary>Free NIC slots.</summary>
    [JsonPropertyName("attachableQuantity")] public AttachableQuantityWire? AttachableQuantity { get; set; }
}

/// <summary>The entities of a sub-job.</summary>
public sealed class SubJobEntitiesWire
{
    /// <summary>The server.</summary>
    [JsonPropertyName("server_id")] public string? ServerId { get; set; }

    /// <summary>The NIC the sub-job created or removed.</summary>
    [JsonPropertyName("nic_id")] public string? NicId { get; set; }

    /// <summary>The error text of a failed sub-job, when the service puts it here.</summary>
    [JsonPropertyName("errorcode_message")] public string? ErrorcodeMessage { get; set; }
}

/// <summary>What a job and each of its sub-jobs carry alike in ShowJob's answer.</summary>
public abstract class JobFieldsWire
{
    /// <summary>The job or sub-job ID.</summary>
    [JsonPropertyName("job_id")] public string? JobId { get; set; }

    /// <summary>The job type, such as batchAddNics.</summary>
    [JsonPropertyName("job_type")] public string? JobType { get; set; }

    /// <summary>INIT, RUNNING, SUCCESS, FAIL or PENDING_PAYMENT.</summary>
    [JsonPropertyName("status")] public string? Status { get; set; }

    /// <summary>When it started.</summary>
    [JsonPropertyName("begin_time")] public string? BeginTime { get; set; }

    /// <summary>When it ended.</summary>
    [JsonPropertyName("end_time")] public string? EndTime { get; set; }

    /// <summary>The error code of a failure.</summary>
    [JsonPropertyName("error_code")] public string? ErrorCode { get; set; }

    /// <summary>Why it failed.</summary>
    [JsonPropertyName("fail_reason")] public string? FailReason { get; set; }
}

/// <summary>A sub-job of ShowJob.</summary>
public sealed class SubJobWire : JobFieldsWire
{

    /// <summary>What the sub-job acted on.</summary>
    [JsonPropertyName("entities")] public SubJobEntitiesWire? Entities { get; set; }
}

/// <summary>The entities of a job.</summary>
public sealed class JobEntitiesWire
{
    /// <summary>The server.</summary>
    [JsonPropertyName("server_id")] public string? ServerId { get; set; }

    /// <summary>The NIC, for single-NIC jobs.</summary>
    [JsonPropertyName("nic_id")] public string? NicId { get; set; }

    /// <summary>How many sub-jobs there are.</summary>
    [JsonPropertyName("sub_jobs_total")] public int? SubJobsTotal { get; set; }

    /// <summary>The sub-jobs.</summary>
    [JsonPropertyName("sub_jobs")] public List<SubJobWire>? SubJobs { get; set; }
}

/// <summary>The answer of GET /v1/{project_id}/jobs/{job_id}.</summary>
public sealed class JobResponse : JobFieldsWire
{
    /// <summary>An error code returned in place of a job.</summary>
    [JsonPropertyName("code")] public string? Code { get; set; }

    /// <summary>An error message returned in place of a job.</summary>
    [JsonPropertyName("message")] public string? Message { get; set; }

    /// <summary>What the job acted on.</summary>
    [JsonPropertyName("entities")] public JobEntitiesWire? Entities { get; set; }
}

/// <summary>One IAM project.</summary>
public sealed class ProjectWire
{
    /// <summary>The project ID.</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary>The project name, which for a region's default project is the region ID.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>The account ID.</summary>
    [JsonPropertyName("domain_id")] public string? DomainId { get; set; }

    /// <summary>Whether the project is enabled.</summary>
    [JsonPropertyName("enabled")] public bool? Enabled { get; set; }
}

/// <summary>The answer of GET /v3/projects.</summary>
public sealed class ProjectsResponse
{
    /// <summary>The matching projects.</summary>
    [JsonPropertyName("projects")] public List<ProjectWire>? Projects { get; set; }
}

/// <summary>The inner object of an ECS error body.</summary>
public sealed class EcsErrorDetailWire
{
    /// <summary>The code, such as Ecs.0005.</summary>
    [JsonPropertyName("code")] public string? Code { get; set; }

    /// <summary>The message.</summary>
    [JsonPropertyName("message")] public string? Message { get; set; }
}

/// <summary>Both error shapes: ECS's <c>{"error":{code,message}}</c> and the gateway's <c>{error_code,error_msg}</c>.</summary>
public sealed class ErrorBodyWire
{
    /// <summary>The ECS error object.</summary>
    [JsonPropertyName("error")] public EcsErrorDetailWire? Error { get; set; }

    /// <summary>The gateway's error code.</summary>
    [JsonPropertyName("error_code")] public string? ErrorCode { get; set; }

    /// <summary>The gateway's error message.</summary>
    [JsonPropertyName("error_msg")] public string? ErrorMsg { get; set; }
}

/// <summary>The ECS metadata security key answer.</summary>
public sealed class MetadataSecurityKeyResponse
{
    /// <summary>The temporary credential.</summary>
    [JsonPropertyName("credential")] public MetadataCredentialWire? Credential { get; set; }
}

/// <summary>A temporary credential from the ECS metadata service.</summary>
public sealed class MetadataCredentialWire
{
    /// <summary>The AK.</summary>
    [JsonPropertyName("access")] public string? Access { get; set; }

    /// <summary>The SK. Secret.</summary>
    [JsonPropertyName("secret")] public string? Secret { get; set; }

    /// <summary>The security token. Secret.</summary>
    [JsonPropertyName("securitytoken")] public string? SecurityToken { get; set; }

    /// <summary>When it expires, ISO 8601.</summary>
    [JsonPropertyName("expires_at")] public string? ExpiresAt { get; set; }
}
