namespace EcsNic.Emulator.Runtime;

/// <summary>The operation names counters, faults and latency use: the official SDK's names.</summary>
public static class Operations
{
    /// <summary>PUT /v1/{project_id}/cloudservers/nics/{nic_id} with a subnet and address.</summary>
    public const string AssociateServerVirtualIp = nameof(AssociateServerVirtualIp);

    /// <summary>The same call with empty subnet_id and ip_address.</summary>
    public const string DisassociateServerVirtualIp = nameof(DisassociateServerVirtualIp);

    /// <summary>POST /v1/{project_id}/cloudservers/{server_id}/nics.</summary>
    public const string BatchAddServerNics = nameof(BatchAddServerNics);

    /// <summary>POST /v1/{project_id}/cloudservers/{server_id}/nics/delete.</summary>
    public const string BatchDeleteServerNics = nameof(BatchDeleteServerNics);

    /// <summary>GET /v1/{project_id}/cloudservers/{server_id}/os-interface.</summary>
    public const string ListServerInterfaces = nameof(ListServerInterfaces);

    /// <summary>GET /v1/{project_id}/jobs/{job_id}.</summary>
    public const string ShowJob = nameof(ShowJob);

    /// <summary>GET /v1/{project_id}/cloudservers/limits (the cheap signed call Connect-EcsCloud validates with).</summary>
    public const string ShowServerLimits = nameof(ShowServerLimits);

    /// <summary>GET /v1/{project_id}/cloudservers/{server_id}: the server, whose addresses mark the primary NIC.</summary>
    public const string ShowServer = nameof(ShowServer);

    /// <summary>GET /v3/projects.</summary>
    public const string KeystoneListProjects = nameof(KeystoneListProjects);

    /// <summary>POST /v1/{project_id}/vpcs.</summary>
    public const string CreateVpc = nameof(CreateVpc);

    /// <summary>GET /v1/{project_id}/vpcs/{vpc_id}.</summary>
    public const string ShowVpc = nameof(ShowVpc);

    /// <summary>POST /v1/{project_id}/subnets.</summary>
    public const string CreateSubnet = nameof(CreateSubnet);

    /// <summary>GET /v1/{project_id}/subnets/{subnet_id}.</summary>
    public const string ShowSubnet = nameof(ShowSubnet);

    /// <summary>POST /v1/{project_id}/ports.</summary>
    public const string CreatePort = nameof(CreatePort);

    /// <summary>GET /v1/{project_id}/ports/{port_id}.</summary>
    public const string ShowPort = nameof(ShowPort);

    /// <summary>PUT /v1/{project_id}/ports/{port_id}: name, security groups, allowed_address_pairs.</summary>
    public const string UpdatePort = nameof(UpdatePort);

    /// <summary>GET /v1/{project_id}/vpcs.</summary>
    public const string ListVpcs = nameof(ListVpcs);

    /// <summary>DELETE /v1/{project_id}/vpcs/{vpc_id}.</summary>
    public const string DeleteVpc = nameof(DeleteVpc);

    /// <summary>GET /v1/{project_id}/subnets.</summary>
    public const string ListSubnets = nameof(ListSubnets);

    /// <summary>DELETE /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}.</summary>
    public const string DeleteSubnet = nameof(DeleteSubnet);

    /// <summary>GET /v1/{project_id}/ports.</summary>
    public const string ListPorts = nameof(ListPorts);

    /// <summary>DELETE /v1/{project_id}/ports/{port_id}.</summary>
    public const string DeletePort = nameof(DeletePort);

    /// <summary>PUT /meta-data/latest/api/token (unsigned; faults must name it).</summary>
    public const string MetadataApiToken = nameof(MetadataApiToken);

    /// <summary>GET /openstack/latest/securitykey (unsigned; faults must name it).</summary>
    public const string MetadataSecurityKey = nameof(MetadataSecurityKey);

    /// <summary>A request no route matched.</summary>
    public const string Unknown = nameof(Unknown);
}
