using System;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Text;

namespace EcsNic.Core.Workflows;

/// <summary>The waits of the VPC resources: a VPC is usable once OK, a subnet once ACTIVE, a port once ready to attach.</summary>
public static class ResourceWaits
{
    /// <summary>The ErrorId of a wait that ran out while resources were still not usable.</summary>
    public const string TimeoutErrorId = "EcsNic.ResourceWaitTimeout";

    /// <summary>The first poll of a resource wait, in seconds: new subnets and ports are usable within seconds.</summary>
    public const double FirstPollSec = 1;

    /// <summary>The longest interval between two polls of one resource, in seconds.</summary>
    public const double MaxPollSec = 3;

    /// <summary>Waiting for VPCs to read OK.</summary>
    public static ResourceWait<EcsVpc> Vpcs(EcsClient client)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        return new ResourceWait<EcsVpc>("VPC", "OK", v => v.VpcId, client.PollVpcAsync, ResourceReadiness.Of,
            v => $"'{v.Name}', {v.Status ?? "no status"}", v => CheckWith(UserTask.ListVpcs, UserInput.VpcId, v.VpcId));
    }

    /// <summary>Waiting for subnets to read ACTIVE.</summary>
    public static ResourceWait<EcsSubnet> Subnets(EcsClient client)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        return new ResourceWait<EcsSubnet>("subnet", "ACTIVE", s => s.SubnetId, client.PollSubnetAsync, ResourceReadiness.Of,
            s => $"'{s.Name}', {s.Status ?? "no status"}", s => CheckWith(UserTask.ListSubnets, UserInput.SubnetId, s.SubnetId));
    }

    /// <summary>Waiting for ports to read DOWN with no device, ready to attach.</summary>
    public static ResourceWait<VpcPort> Ports(EcsClient client)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        return new ResourceWait<VpcPort>("NIC", "DOWN (ready to attach)", p => p.PortId, client.PollPortAsync, ResourceReadiness.Of,
            p => $"{p.PrimaryIp ?? "no address"}, {p.Status ?? "no status"}", p => CheckWith(UserTask.ListPorts, UserInput.PortId, p.PortId));
    }

    private static string CheckWith(UserTask task, UserInput input, string id) =>
        $"Check it with {UserWords.Task(task, UserWords.With(input, id))}.";
}
