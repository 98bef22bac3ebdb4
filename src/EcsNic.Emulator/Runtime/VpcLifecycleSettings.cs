using System;

namespace EcsNic.Emulator.Runtime;

/// <summary>
/// How the emulated VPC resources live: how long a new VPC reads CREATING, a new subnet UNKNOWN and a new port BUILD,
/// and the quotas whose excess answers the documented conflict codes. All zero delays by default, so a resource is usable
/// at its first read, as the seed page shows; tests raise them to exercise the -Wait loops.
/// </summary>
public sealed class VpcLifecycleSettings
{
    private readonly object _gate = new();
    private TimeSpan _vpcCreatingDelay;
    private TimeSpan _subnetActivationDelay;
    private TimeSpan _portBuildDelay;
    private int _vpcQuota;
    private int _subnetQuota;
    private int _portQuota;

    internal VpcLifecycleSettings() => Reset();

    /// <summary>How long a new VPC reads CREATING before it reads OK.</summary>
    public TimeSpan VpcCreatingDelay { get { lock (_gate) return _vpcCreatingDelay; } set { lock (_gate) _vpcCreatingDelay = NonNegative(value); } }

    /// <summary>How long a new subnet reads UNKNOWN before it reads ACTIVE.</summary>
    public TimeSpan SubnetActivationDelay { get { lock (_gate) return _subnetActivationDelay; } set { lock (_gate) _subnetActivationDelay = NonNegative(value); } }

    /// <summary>How long a new port reads BUILD before it reads DOWN (attachable).</summary>
    public TimeSpan PortBuildDelay { get { lock (_gate) return _portBuildDelay; } set { lock (_gate) _portBuildDelay = NonNegative(value); } }

    /// <summary>The most VPCs the project may have (Huawei's default quota is 5); beyond it CreateVpc answers 409 VPC.0114.</summary>
    public int VpcQuota { get { lock (_gate) return _vpcQuota; } set { lock (_gate) _vpcQuota = Math.Max(0, value); } }

    /// <summary>The most subnets the project may have; beyond it CreateSubnet answers 409.</summary>
    public int SubnetQuota { get { lock (_gate) return _subnetQuota; } set { lock (_gate) _subnetQuota = Math.Max(0, value); } }

    /// <summary>The most ports the project may have; beyond it CreatePort answers 409.</summary>
    public int PortQuota { get { lock (_gate) return _portQuota; } set { lock (_gate) _portQuota = Math.Max(0, value); } }

    /// <summary>Back to the defaults: no delays, quotas of 5 VPCs, 100 subnets and 500 ports.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _vpcCreatingDelay = TimeSpan.Zero;
            _subnetActivationDelay = TimeSpan.Zero;
            _portBuildDelay = TimeSpan.Zero;
            _vpcQuota = 5;
            _subnetQuota = 100;
            _portQuota = 500;
        }
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
