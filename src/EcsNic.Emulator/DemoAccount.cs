using System.Collections.Generic;
using EcsNic.Core.Auth;

namespace EcsNic.Emulator;

/// <summary>The account an emulator starts with: credentials, project, and the IDs of everything seeded.</summary>
public sealed class DemoAccount
{
    /// <summary>The default permanent access key.</summary>
    public const string DefaultAccessKey = "EMULATORDEMOACCESSK1";

    /// <summary>The default secret key. It only opens this emulator.</summary>
    public const string DefaultSecretKey = "EmulatorDemoSecretKey0000000000000000001";

    /// <summary>The default project ID.</summary>
    public const string DefaultProjectId = "0c6a4e5b2f3d4e1a9b8c7d6e5f4a3b2c";

    /// <summary>The default account (domain) ID.</summary>
    public const string DefaultDomainId = "d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6";

    /// <summary>The default region.</summary>
    public const string DefaultRegion = "cn-north-4";

    internal DemoAccount(EmulatorOptions options, IReadOnlyList<DemoVpc> vpcs, IReadOnlyList<DemoSubnet> subnets,
        IReadOnlyList<DemoServer> servers, DemoServer otherServer)
    {
        AccessKey = options.AccessKey;
        SecretKey = options.SecretKey;
        ProjectId = options.ProjectId;
        DomainId = options.DomainId;
        Region = options.Region;
        SecondRegion = options.Region == "ap-southeast-1" ? "la-south-2" : "ap-southeast-1";
        SecondProjectId = DerivedProjectId(options.ProjectId, 1);
        Vpcs = vpcs;
        Subnets = subnets;
        Servers = servers;
        OtherServer = otherServer;
    }

    /// <summary>The permanent access key.</summary>
    public string AccessKey { get; }

    /// <summary>The secret key (fake; it only opens this emulator).</summary>
    public string SecretKey { get; }

    /// <summary>The project ID.</summary>
    public string ProjectId { get; }

    /// <summary>The account (domain) ID.</summary>
    public string DomainId { get; }

    /// <summary>The region (and project name).</summary>
    public string Region { get; }

    /// <summary>
    /// A second region of the account, with a project of its own (<see cref="SecondProjectId"/>) and no servers; its ECS and
    /// VPC live under <c>{BaseUri}region/{SecondRegion}/</c>. It is ap-southeast-1, or la-south-2 when that is the main region.
    /// </summary>
    public string SecondRegion { get; }

    /// <summary>The project ID of <see cref="SecondRegion"/>; the main region's services answer it with Ecs.0023.</summary>
    public string SecondProjectId { get; }

    /// <summary>The project ID of a region the emulator serves, or null.</summary>
    public string? ProjectIdOf(string region) =>
        region == Region ? ProjectId : region == SecondRegion ? SecondProjectId : null;

    /// <summary>A stable 32-hex-digit ID derived from the main project ID, for the other IAM projects.</summary>
    internal static string DerivedProjectId(string projectId, int n) =>
        new string(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Reverse(projectId)))[..^1] +
        n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The demo VPC (192.168.0.0/16) and the other VPC (10.0.0.0/16).</summary>
    public IReadOnlyList<DemoVpc> Vpcs { get; }

    /// <summary>The seeded subnets: demo-a, demo-b (both in the demo VPC) and other (in the other VPC).</summary>
    public IReadOnlyList<DemoSubnet> Subnets { get; }

    /// <summary>The servers in the demo VPC. Server 1 has two NICs (subnets demo-a and demo-b); the others one each in demo-a.</summary>
    public IReadOnlyList<DemoServer> Servers { get; }

    /// <summary>A server in the other VPC.</summary>
    public DemoServer OtherServer { get; }

    /// <summary>The demo VPC's ID.</summary>
    public string VpcId => Vpcs[0].Id;

    /// <summary>The other VPC's ID.</summary>
    public string OtherVpcId => Vpcs[1].Id;

    /// <summary>Subnet demo-a (192.168.0.0/24), where every demo server's primary NIC lives.</summary>
    public DemoSubnet Subnet => Subnets[0];

    /// <summary>Subnet demo-b (192.168.1.0/24) in the demo VPC.</summary>
    public DemoSubnet SecondSubnet => Subnets[1];

    /// <summary>Subnet other (10.0.0.0/24) in the other VPC.</summary>
    public DemoSubnet OtherSubnet => Subnets[2];

    /// <summary>Credentials for the permanent AK/SK, carrying the project and domain IDs.</summary>
    public Credentials CreateCredentials() =>
        new(AccessKey, SecretKey, projectId: ProjectId, domainId: DomainId, source: "emulator");
}
