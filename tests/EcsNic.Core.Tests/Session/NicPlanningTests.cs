using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Api;
using EcsNic.Core.Jobs;
using EcsNic.Core.Models;
using EcsNic.Core.Workflows;
using Xunit;

namespace EcsNic.Core.Tests.Session;

public sealed class NicPlanningTests
{
    [Fact]
    public void A_spec_is_built_from_flat_parameters()
    {
        var spec = NicSpecs.Build(" 51111111-1111-4111-8111-111111111111 ", new[] { "61111111-1111-4111-8111-111111111111", "62222222-2222-4222-8222-222222222222", "61111111-1111-4111-8111-111111111111" }, "192.168.0.20", null, true, "71111111-1111-4111-8111-111111111111");
        Assert.Equal("51111111-1111-4111-8111-111111111111", spec.SubnetId);
        Assert.Equal(new[] { "61111111-1111-4111-8111-111111111111", "62222222-2222-4222-8222-222222222222" }, spec.SecurityGroups!.Select(g => g.Id));
        Assert.Equal("192.168.0.20", spec.IpAddress);
        Assert.Null(spec.PortId);
        Assert.True(spec.Ipv6Enable);
        Assert.Equal("71111111-1111-4111-8111-111111111111", spec.Ipv6Bandwidth!.Id);
    }

    [Fact]
    public void Optional_fields_stay_null_so_they_are_left_out_of_the_request()
    {
        var spec = NicSpecs.Build("51111111-1111-4111-8111-111111111111", null, null, null, false, null);
        Assert.Null(spec.SecurityGroups);
        Assert.Null(spec.IpAddress);
        Assert.Null(spec.Ipv6Enable);
        Assert.Null(spec.Ipv6Bandwidth);
    }

    [Fact]
    public void A_bandwidth_without_ipv6_is_rejected()
    {
        var ex = Assert.Throws<EcsValidationException>(() => NicSpecs.Build("51111111-1111-4111-8111-111111111111", null, null, null, false, "71111111-1111-4111-8111-111111111111"));
        Assert.Equal("Ipv6BandwidthId", ex.ParameterName);
        Assert.Contains("needs Ipv6Enable", ex.Message);
    }

    [Theory]
    [InlineData(null, null, "SubnetId")]
    [InlineData("51111111-1111-4111-8111-111111111111", "10.0.0.300", "IpAddress")]
    public void Bad_flat_parameters_name_themselves(string? subnet, string? ip, string parameter)
    {
        Assert.Equal(parameter, Assert.Throws<EcsValidationException>(() => NicSpecs.Build(subnet, null, ip, null, false, null)).ParameterName);
    }

    [Fact]
    public void A_spec_with_a_port_needs_no_subnet_but_one_without_either_names_the_missing_subnet()
    {
        var withPort = NicSpecs.Check(new NicSpec?[] { new() { PortId = " 81111111-1111-4111-8111-111111111111 " } });
        var neither = Assert.Throws<EcsValidationException>(() => NicSpecs.Check(new NicSpec?[] { new() { EfiEnable = true } }));

        Assert.Null(withPort[0].SubnetId);
        Assert.Equal("81111111-1111-4111-8111-111111111111", withPort[0].PortId);
        InputValidation.NicSpecs(withPort);
        Assert.Equal("Nic[0].SubnetId", neither.ParameterName);
        Assert.StartsWith("Nic[0].SubnetId is not a valid subnet ID", neither.Message);
    }

    [Fact]
    public void Checked_specs_are_normalised_copies()
    {
        var given = new NicSpec { SubnetId = " 51111111-1111-4111-8111-111111111111 ", PortId = "81111111-1111-4111-8111-111111111111" };
        var checkedSpecs = NicSpecs.Check(new NicSpec?[] { given });
        Assert.Equal("51111111-1111-4111-8111-111111111111", checkedSpecs[0].SubnetId);
        Assert.Equal("81111111-1111-4111-8111-111111111111", checkedSpecs[0].PortId);
        Assert.Equal(" 51111111-1111-4111-8111-111111111111 ", given.SubnetId);
    }

    [Fact]
    public void A_bad_spec_is_named_by_its_index()
    {
        var ex = Assert.Throws<EcsValidationException>(() => NicSpecs.Check(new NicSpec?[]
        {
            new() { SubnetId = "51111111-1111-4111-8111-111111111111" },
            new() { SubnetId = "52222222-2222-4222-8222-222222222222", IpAddress = "10.0.0" },
        }));
        Assert.Equal("Nic[1].IpAddress", ex.ParameterName);
        Assert.StartsWith("Nic[1].IpAddress '10.0.0' is not a valid IP address: expected an IPv4 address", ex.Message);
    }

    [Fact]
    public void Empty_or_null_specs_are_rejected()
    {
        Assert.Throws<EcsValidationException>(() => NicSpecs.Check(Array.Empty<NicSpec?>()));
        Assert.Equal("Nic[0]", Assert.Throws<EcsValidationException>(() => NicSpecs.Check(new NicSpec?[] { null })).ParameterName);
    }

    [Fact]
    public void Specs_are_described_for_whatif()
    {
        var text = NicSpecs.Describe(new[]
        {
            NicSpecs.Build("51111111-1111-4111-8111-111111111111", new[] { "61111111-1111-4111-8111-111111111111" }, "10.0.0.9", null, true, null),
            NicSpecs.Build("52222222-2222-4222-8222-222222222222", null, null, "87777777-7777-4777-8777-777777777777", false, null),
        });
        Assert.Equal("new NIC in subnet 51111111-1111-4111-8111-111111111111, IP 10.0.0.9, security groups 61111111-1111-4111-8111-111111111111, IPv6; " +
            "port 87777777-7777-4777-8777-777777777777 (subnet 52222222-2222-4222-8222-222222222222)", text);
    }

    [Fact]
    public void New_nics_are_the_ones_the_job_names_in_the_job_order()
    {
        var job = JobNaming("nic-3", "nic-2");
        var after = new[] { Nic("nic-1"), Nic("nic-2"), Nic("nic-3") };
        Assert.Equal(new[] { "nic-3", "nic-2" }, NewNicSelector.Select(job, Specs(1), null, after).Select(n => n.PortId));
    }

    [Fact]
    public void Named_nics_not_listed_yet_are_left_out()
    {
        var job = JobNaming("nic-3", "nic-4");
        Assert.Equal(new[] { "nic-3" }, NewNicSelector.Select(job, Specs(2), null, new[] { Nic("nic-3") }).Select(n => n.PortId));
    }

    [Fact]
    public void Attached_ports_are_found_by_their_ids()
    {
        var specs = new[] { new NicSpec { SubnetId = "s", PortId = "port-9" } };
        var after = new[] { Nic("nic-1"), Nic("port-9") };
        Assert.Equal(new[] { "port-9" }, NewNicSelector.Select(JobNaming(), specs, null, after).Select(n => n.PortId));
    }

    [Fact]
    public void Without_names_the_nics_missing_before_are_new()
    {
        var before = new[] { Nic("nic-1") };
        var after = new[] { Nic("nic-1"), Nic("nic-5"), Nic("nic-6") };
        Assert.Equal(new[] { "nic-5", "nic-6" }, NewNicSelector.Select(JobNaming(), Specs(2), before, after).Select(n => n.PortId));
        Assert.Empty(NewNicSelector.Select(JobNaming(), Specs(2), null, after));
    }

    [Fact]
    public void Wait_settings_keep_the_waiter_defaults_when_nothing_is_given()
    {
        var defaults = new JobWaiterOptions();
        var options = JobWaitSettings.Create(null, null, null, null);
        Assert.Equal(defaults.FirstDelay, options.FirstDelay);
        Assert.Equal(defaults.MaxInterval, options.MaxInterval);
        Assert.Equal(defaults.MaxRequestsPerSecond, options.MaxRequestsPerSecond);
        Assert.Equal(defaults.Timeout, options.Timeout);
    }

    [Fact]
    public void Wait_settings_map_seconds_to_the_waiter_options()
    {
        var options = JobWaitSettings.Create(120, 2, 15, 4);
        Assert.Equal(TimeSpan.FromSeconds(120), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.FirstDelay);
        Assert.Equal(TimeSpan.FromSeconds(15), options.MaxInterval);
        Assert.Equal(4, options.MaxRequestsPerSecond);
    }

    [Fact]
    public void A_first_poll_later_than_the_default_cap_raises_the_cap()
    {
        var options = JobWaitSettings.Create(null, 10, null, null);
        Assert.Equal(TimeSpan.FromSeconds(10), options.FirstDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxInterval);
    }

    [Fact]
    public void A_first_poll_later_than_a_given_cap_is_an_error()
    {
        var ex = Assert.Throws<EcsValidationException>(() => JobWaitSettings.Create(null, 10, 5, null));
        Assert.Equal("PollIntervalSec", ex.ParameterName);
        Assert.Contains("greater than MaxPollIntervalSec (5)", ex.Message);
    }

    [Theory]
    [InlineData(0.0, null, null, null, "TimeoutSec")]
    [InlineData(null, -1.0, null, null, "PollIntervalSec")]
    [InlineData(null, null, double.NaN, null, "MaxPollIntervalSec")]
    [InlineData(null, null, null, 0.0, "MaxRequestsPerSecond")]
    public void Wait_settings_must_be_positive(double? timeout, double? poll, double? max, double? rps, string parameter)
    {
        Assert.Equal(parameter, Assert.Throws<EcsValidationException>(() => JobWaitSettings.Create(timeout, poll, max, rps)).ParameterName);
    }

    [Fact]
    public void The_timeout_message_names_every_pending_job_and_its_state()
    {
        var outcomes = new[]
        {
            new JobOutcome("job-1", JobOutcomeKind.TimedOut, JobNaming().WithStatus(JobStatus.Running), null, 4),
            new JobOutcome("job-2", JobOutcomeKind.TimedOut, null, null, 0),
        };
        var text = JobWaitSettings.DescribeTimeout(outcomes, TimeSpan.FromSeconds(90));
        Assert.StartsWith("Timed out after 90 s with 2 job(s) still pending: job-1 (Running), job-2 (never read).", text);
    }

    private static IReadOnlyList<NicSpec> Specs(int count) =>
        Enumerable.Range(0, count).Select(_ => new NicSpec { SubnetId = "s" }).ToArray();

    private static ServerNic Nic(string id) =>
        new("srv", id, "subnet", new[] { "10.0.0.1" }, new[] { "v4" }, "fa:16:3e:00:00:01", "ACTIVE", false, "virtio", null);

    private static EcsJob JobNaming(params string[] nicIds) =>
        new("job-1", "batchAddNics", JobStatus.Success, "srv", null, null, null, null,
            nicIds.Select((id, i) => new EcsSubJob("sub-" + i, "attachNic", JobStatus.Success, id, null, null)).ToArray());
}

internal static class EcsJobTestExtensions
{
    public static EcsJob WithStatus(this EcsJob job, JobStatus status) =>
        new(job.JobId, job.JobType, status, job.ServerId, job.BeginTime, job.EndTime, job.ErrorCode, job.FailReason, job.SubJobs);
}
