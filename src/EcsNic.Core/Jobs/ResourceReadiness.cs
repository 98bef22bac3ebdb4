using System;
using EcsNic.Core.Models;

namespace EcsNic.Core.Jobs;

/// <summary>
/// Tells the state of a VPC, subnet or port as an <see cref="EcsJob"/> keyed by the resource ID, so that the one-loop,
/// budgeted <see cref="JobWaiter"/> can wait for "usable" as it waits for jobs: SUCCESS when usable, FAIL when it can never
/// become so, RUNNING otherwise.
/// </summary>
public static class ResourceReadiness
{
    /// <summary>The job type of a VPC wait.</summary>
    public const string VpcJobType = "vpc";

    /// <summary>The job type of a subnet wait.</summary>
    public const string SubnetJobType = "subnet";

    /// <summary>The job type of a port wait.</summary>
    public const string PortJobType = "port";

    /// <summary>A VPC is usable once it reads OK.</summary>
    public static EcsJob Of(EcsVpc vpc)
    {
        if (vpc is null) throw new ArgumentNullException(nameof(vpc));
        return As(vpc.VpcId, VpcJobType, Is(vpc.Status, "OK") ? JobStatus.Success : JobStatus.Running, null, null);
    }

    /// <summary>A subnet is usable once it reads ACTIVE; ERROR never becomes usable.</summary>
    public static EcsJob Of(EcsSubnet subnet)
    {
        if (subnet is null) throw new ArgumentNullException(nameof(subnet));
        if (Is(subnet.Status, "ACTIVE")) return As(subnet.SubnetId, SubnetJobType, JobStatus.Success, null, null);
        if (Is(subnet.Status, "ERROR"))
            return As(subnet.SubnetId, SubnetJobType, JobStatus.Fail, "EcsNic.SubnetError", $"Subnet {subnet.SubnetId} reads ERROR.");
        return As(subnet.SubnetId, SubnetJobType, JobStatus.Running, null, null);
    }

    /// <summary>
    /// A port can be attached once it reads DOWN with no device; one that a server or another device already uses, or a
    /// virtual IP port, never can.
    /// </summary>
    public static EcsJob Of(VpcPort port)
    {
        if (port is null) throw new ArgumentNullException(nameof(port));
        if (port.IsAttachable) return As(port.PortId, PortJobType, JobStatus.Success, null, null);
        if (port.IsAttached || port.IsVirtualIp || !string.IsNullOrEmpty(port.DeviceOwner))
        {
            var user = port.IsAttached ? $"device {port.DeviceId}" : port.DeviceOwner;
            return As(port.PortId, PortJobType, JobStatus.Fail, "EcsNic.PortInUse",
                $"Port {port.PortId} reads {port.Status ?? "no status"} and is used by {user}: it cannot be attached.");
        }
        return As(port.PortId, PortJobType, JobStatus.Running, null, null);
    }

    private static bool Is(string? status, string expected) => string.Equals(status, expected, StringComparison.OrdinalIgnoreCase);

    private static EcsJob As(string id, string type, JobStatus status, string? errorCode, string? reason) =>
        new(id, type, status, null, null, null, errorCode, reason, Array.Empty<EcsSubJob>());
}
