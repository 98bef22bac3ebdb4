using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>
/// The pipelines the module promises work without Select-Object: for each, some parameter set of the receiver gets every
/// mandatory parameter either from the command line (only the ones listed) or from the sender's output record, by value
/// or by property name (or alias). And no record binds into a parameter it should not.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class PipelineBindingTests
{
    private const string Models = "EcsNic.Core.Models.";

    private readonly ModuleMetadata _module;

    public PipelineBindingTests(ModuleMetadata module) => _module = module;

    public static TheoryData<string, string, string, string, string> Chains() => new()
    {
        // sender, the sender's record type, receiver, parameters given on the command line, expected bindings in the chosen set.
        { "Get-EcsServerNic", "ServerNic", "Set-EcsNicVirtualIp", "IpAddress", "ById: NicId<-PortId SubnetId<-SubnetId" },
        { "Get-EcsServerNic", "ServerNic", "Remove-EcsNicVirtualIp", "", "ById: NicId<-PortId" },
        { "Add-EcsServerNic", "EcsJob", "Wait-EcsJob", "", "ById: JobId<-JobId" },
        { "Remove-EcsServerNic", "EcsJob", "Wait-EcsJob", "", "ById: JobId<-JobId" },
        { "Get-EcsServerNic", "ServerNic", "Remove-EcsServerNic", "", "ById: NicId<-PortId ServerId<-ServerId" },
        { "Add-EcsServerNic", "ServerNic", "Set-EcsNicVirtualIp", "IpAddress", "ById: NicId<-PortId SubnetId<-SubnetId" },
        { "Set-EcsNicVirtualIp", "VirtualIpBinding", "Remove-EcsNicVirtualIp", "", "ById: NicId<-NicId" },
        { "Wait-EcsJob", "EcsJob", "Get-EcsServerNic", "", "__AllParameterSets: ServerId<-ServerId" },
        { "Get-EcsJob", "EcsJob", "Wait-EcsJob", "", "ById: JobId<-JobId" },
        { "Get-EcsServerNic", "ServerNic", "Add-EcsServerNic", "SubnetId", "Single: ServerId<-ServerId" },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void Pipeline_binds_without_select_object(string sender, string record, string receiver, string commandLine, string expected)
    {
        var recordType = _module.CoreType(Models + record);
        Assert.Contains(_module.Cmdlet(sender).OutputTypes, t => t.FullName == recordType.FullName);

        var given = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cmdlet = _module.Cmdlet(receiver);
        var sets = cmdlet.ParameterSets.Select(set => (Set: set, Bound: Bind(cmdlet, set, recordType, given))).Where(s => s.Bound is not null).ToArray();
        Assert.True(sets.Length > 0, $"{sender} | {receiver} {commandLine}: no parameter set of {receiver} can bind a {record}.");

        // PowerShell tries the default set first, so that is the one the expectation describes.
        var chosen = sets.FirstOrDefault(s => s.Set == cmdlet.DefaultParameterSet);
        if (chosen.Bound is null) chosen = sets[0];
        Assert.Equal(expected, $"{chosen.Set}: {string.Join(" ", chosen.Bound!.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}<-{b.Value}"))}");
    }

    [Fact]
    public void A_nic_record_alone_never_supplies_the_virtual_ip()
    {
        var cmdlet = _module.Cmdlet("Set-EcsNicVirtualIp");
        var nic = _module.CoreType(Models + "ServerNic");
        Assert.All(cmdlet.ParameterSets, set => Assert.Null(Bind(cmdlet, set, nic, Array.Empty<string>())));
    }

    [Fact]
    public void Every_property_to_parameter_binding_between_module_records_and_cmdlets_is_intended()
    {
        var records = new[] { "ServerNic", "VirtualIpBinding", "EcsJob", "EcsSubJob", "NicSpec" }
            .Select(r => _module.CoreType(Models + r))
            .Append(_module.CoreType("EcsNic.Core.Session.EcsConnectionInfo"));
        var actual = new List<string>();
        foreach (var record in records)
        foreach (var cmdlet in _module.Cmdlets)
        foreach (var parameter in cmdlet.Parameters.Where(p => p.Bindings.Any(b => b.ByName)))
        {
            var property = FindProperty(record, parameter);
            if (property is not null) actual.Add($"{record.Name}.{property.Name} -> {cmdlet.Name} -{parameter.Name}");
        }

        var expected = new[]
        {
            "EcsJob.JobId -> Get-EcsJob -JobId",
            "EcsJob.JobId -> Wait-EcsJob -JobId",
            "EcsJob.ServerId -> Add-EcsServerNic -ServerId",
            "EcsJob.ServerId -> Get-EcsServerNic -ServerId",
            "EcsJob.ServerId -> Remove-EcsServerNic -ServerId",
            "EcsSubJob.JobId -> Get-EcsJob -JobId",
            "EcsSubJob.JobId -> Wait-EcsJob -JobId",
            "EcsSubJob.NicId -> Remove-EcsNicVirtualIp -NicId",
            "EcsSubJob.NicId -> Remove-EcsServerNic -NicId",
            "EcsSubJob.NicId -> Set-EcsNicVirtualIp -NicId",
            "NicSpec.IpAddress -> Set-EcsNicVirtualIp -IpAddress",
            "NicSpec.PortId -> Remove-EcsNicVirtualIp -NicId",
            "NicSpec.PortId -> Remove-EcsServerNic -NicId",
            "NicSpec.PortId -> Set-EcsNicVirtualIp -NicId",
            "NicSpec.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "ServerNic.PortId -> Remove-EcsNicVirtualIp -NicId",
            "ServerNic.PortId -> Remove-EcsServerNic -NicId",
            "ServerNic.PortId -> Set-EcsNicVirtualIp -NicId",
            "ServerNic.ServerId -> Add-EcsServerNic -ServerId",
            "ServerNic.ServerId -> Get-EcsServerNic -ServerId",
            "ServerNic.ServerId -> Remove-EcsServerNic -ServerId",
            "ServerNic.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "VirtualIpBinding.IpAddress -> Set-EcsNicVirtualIp -IpAddress",
            "VirtualIpBinding.NicId -> Remove-EcsNicVirtualIp -NicId",
            "VirtualIpBinding.NicId -> Remove-EcsServerNic -NicId",
            "VirtualIpBinding.NicId -> Set-EcsNicVirtualIp -NicId",
            "VirtualIpBinding.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
        };
        Assert.Equal(expected, actual.OrderBy(a => a, StringComparer.Ordinal));
    }

    // A simplified PowerShell binder: for one parameter set, binds each parameter not given on the command line from the
    // record by value or by property name; returns null when a mandatory parameter stays unbound or nothing binds.
    private static Dictionary<string, string>? Bind(CmdletDefinition cmdlet, string set, Type record, IReadOnlyCollection<string> commandLine)
    {
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        var inSet = cmdlet.Parameters.Where(p => p.In(set).Any()).ToArray();
        foreach (var parameter in inSet.Where(p => !commandLine.Contains(p.Name)))
        {
            var binding = parameter.In(set).First();
            if (binding.ByValue && Accepts(parameter.Type, record))
                bound[parameter.Name] = "(value)";
            else if (binding.ByName && FindProperty(record, parameter) is { } property)
                bound[parameter.Name] = property.Name;
        }
        var unbound = inSet.Where(p => p.In(set).Any(b => b.Mandatory) && !commandLine.Contains(p.Name) && !bound.ContainsKey(p.Name));
        return unbound.Any() || bound.Count == 0 ? null : bound;
    }

    private static PropertyInfo? FindProperty(Type record, CmdletParameter parameter) =>
        record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => parameter.NamesAndAliases.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
            .FirstOrDefault(p => Accepts(parameter.Type, p.PropertyType));

    // The same type, a base type, or an array parameter taking one element or an array of elements.
    private static bool Accepts(Type parameter, Type value)
    {
        if (parameter.IsAssignableFrom(value)) return true;
        if (!parameter.IsArray) return false;
        var element = parameter.GetElementType()!;
        return element.IsAssignableFrom(value) || (value.IsArray && element.IsAssignableFrom(value.GetElementType()!));
    }
}
