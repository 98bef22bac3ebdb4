using System;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using Xunit;

namespace EcsNic.Core.Tests.Jobs;

/// <summary>What "usable" means to the resource waits: OK, ACTIVE, DOWN and free.</summary>
public sealed class ResourceReadinessTests
{
    private const string Id = "d4e5f6a7-1234-4bcd-9ef0-123456789abc";

    [Theory]
    [InlineData("CREATING", JobStatus.Running)]
    [InlineData("OK", JobStatus.Success)]
    public void A_vpc_is_usable_once_OK(string status, JobStatus expected) =>
        Assert.Equal(expected, ResourceReadiness.Of(new EcsVpc("cn-north-4", Id, "v", "10.0.0.0/16", status, null)).Status);

    [Theory]
    [InlineData("UNKNOWN", JobStatus.Running)]
    [InlineData("ACTIVE", JobStatus.Success)]
    [InlineData("ERROR", JobStatus.Fail)]
    public void A_subnet_is_usable_once_ACTIVE_and_never_after_ERROR(string status, JobStatus expected)
    {
        var job = ResourceReadiness.Of(new EcsSubnet(null, Id, null, null, "s", "10.0.0.0/24", "10.0.0.1", status, null, null, null, null, null, null, null));
        Assert.Equal(expected, job.Status);
        Assert.Equal(Id, job.JobId);
    }

    [Theory]
    [InlineData("BUILD", "", "", JobStatus.Running)]
    [InlineData("DOWN", "", "", JobStatus.Success)]
    [InlineData("ACTIVE", "compute:cn-north-4a", "31d232fd-e292-43a1-8fc5-f0e71d98afd1", JobStatus.Fail)]
    [InlineData("ACTIVE", "neutron:VIP_PORT", "", JobStatus.Fail)]
    [InlineData("DOWN", "", "31d232fd-e292-43a1-8fc5-f0e71d98afd1", JobStatus.Fail)]
    public void A_port_is_attachable_when_DOWN_and_free(string status, string owner, string device, JobStatus expected)
    {
        var port = new VpcPort(null, Id, null, Id, new[] { "10.0.0.5" }, new[] { Id }, null, status, device, owner,
            Array.Empty<string>(), Array.Empty<PortAddressPair>());
        var job = ResourceReadiness.Of(port);
        Assert.Equal(expected, job.Status);
        if (expected == JobStatus.Fail) Assert.Contains("cannot be attached", job.FailReason, StringComparison.Ordinal);
    }
}
