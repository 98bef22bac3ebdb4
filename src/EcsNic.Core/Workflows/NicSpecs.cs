using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Api;
using EcsNic.Core.Models;
using EcsNic.Core.Text;

namespace EcsNic.Core.Workflows;

/// <summary>Builds and checks the NIC specs of Add-EcsServerNic, from its flat parameters or from -Nic.</summary>
public static class NicSpecs
{
    /// <summary>
    /// Builds one spec from -SubnetId, -SecurityGroupId, -IpAddress, -PortId, -Ipv6Enable and -Ipv6BandwidthId.
    /// A shared IPv6 bandwidth needs IPv6 on the NIC.
    /// </summary>
    /// <remarks>
    /// With a port, the subnet may be left out: the service takes the port's (BatchAddServerNics, ecs_02_0501: the port
    /// wins, and its security groups and address are the port's).
    /// </remarks>
    public static NicSpec Build(string? subnetId, IReadOnlyList<string?>? securityGroupIds, string? ipAddress, string? portId,
        bool ipv6Enable, string? ipv6BandwidthId, bool? efiEnable = null)
    {
        var port = portId is null ? null : EcsArguments.PortId("PortId", portId);
        var spec = new NicSpec
        {
            SubnetId = port is not null && string.IsNullOrWhiteSpace(subnetId) ? null : EcsArguments.SubnetId("SubnetId", subnetId),
            PortId = port,
            EfiEnable = efiEnable,
            IpAddress = ipAddress is null ? null : EcsArguments.RequireIpv4Address("IpAddress", ipAddress),
            Ipv6Enable = ipv6Enable ? true : null,
        };
        if (securityGroupIds is { Count: > 0 })
        {
            spec.SecurityGroups = securityGroupIds
                .Select(id => EcsArguments.SecurityGroupId("SecurityGroupId", id))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(id => new SecurityGroupRef { Id = id })
                .ToList();
        }
        if (ipv6BandwidthId is not null)
        {
            if (!ipv6Enable)
                throw new EcsValidationException("Ipv6BandwidthId", ipv6BandwidthId, $"needs {UserWords.Input(UserInput.Ipv6Enable)}: a shared IPv6 bandwidth applies to the NIC's IPv6 address.");
            spec.Ipv6Bandwidth = new BandwidthRef { Id = EcsArguments.BandwidthId("Ipv6BandwidthId", ipv6BandwidthId) };
        }
        return spec;
    }

    /// <summary>Checks the specs given with -Nic and returns normalised copies; the caller's objects are not changed.</summary>
    public static IReadOnlyList<NicSpec> Check(IReadOnlyList<NicSpec?>? specs)
    {
        if (specs is null || specs.Count == 0)
            throw new EcsValidationException("Nic", null, "is empty; give at least one NIC spec.");
        var result = new List<NicSpec>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i] ?? throw new EcsValidationException($"Nic[{i}]", null, "is null.");
            var bandwidth = spec.Ipv6Bandwidth?.Id;
            try
            {
                result.Add(Build(spec.SubnetId, spec.SecurityGroups?.Select(g => g?.Id).ToArray(), spec.IpAddress, spec.PortId,
                    spec.Ipv6Enable == true, bandwidth, spec.EfiEnable));
            }
            catch (EcsValidationException ex)
            {
                throw new EcsValidationException($"Nic[{i}].{ex.ParameterName}", ex.Value, ProblemOf(ex));
            }
        }
        return result;
    }

    /// <summary>A short description of the specs for -WhatIf and confirmation prompts.</summary>
    public static string Describe(IReadOnlyList<NicSpec> specs)
    {
        if (specs is null) throw new ArgumentNullException(nameof(specs));
        return string.Join("; ", specs.Select(s =>
        {
            var parts = new List<string> { s.PortId is null ? "new " + s : s.ToString() };
            if (s.IpAddress is not null) parts.Add("IP " + s.IpAddress);
            if (s.SecurityGroups is { Count: > 0 }) parts.Add("security groups " + string.Join(",", s.SecurityGroups.Select(g => g.Id)));
            if (s.Ipv6Enable == true) parts.Add(s.Ipv6Bandwidth is null ? "IPv6" : $"IPv6 (bandwidth {s.Ipv6Bandwidth.Id})");
            return string.Join(", ", parts);
        }));
    }

    private static string ProblemOf(EcsValidationException ex) => ex.Problem;
}
