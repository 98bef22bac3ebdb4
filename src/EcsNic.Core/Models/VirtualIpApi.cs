
namespace EcsNic.Core.Models;

/// <summary>Which API binds and unbinds virtual IPs (docs/virtual-ip-api.md).</summary>
public enum VirtualIpApi
{
    /// <summary>The ECS call of the seed pages, <c>PUT /v1/{project_id}/cloudservers/nics/{nic_id}</c> (marked "Discarded").</summary>
    Ecs,

    /// <summary>The VPC port API Huawei documents instead: CreatePort (neutron:VIP_PORT) and UpdatePort's allowed_address_pairs.</summary>
    Vpc,
}
