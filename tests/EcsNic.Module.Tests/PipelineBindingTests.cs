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
        // The seed-004 workflow: VPC -> subnet -> NIC -> attach -> bind, and its teardown.
        { "New-EcsVpc", "EcsVpc", "New-EcsSubnet", "Name Cidr", "ByVpc: Vpc<-(value)" },
        { "Get-EcsVpc", "EcsVpc", "New-EcsSubnet", "Name Cidr", "ByVpc: Vpc<-(value)" },
        { "New-EcsSubnet", "EcsSubnet", "New-EcsNic", "", "BySubnet: Subnet<-(value)" },
        { "New-EcsNic", "VpcPort", "Add-EcsServerNic", "ServerId", "Port: PortId<-PortId" },
        { "Get-EcsVpc", "EcsVpc", "Get-EcsSubnet", "", "__AllParameterSets: VpcId<-VpcId" },
        { "Get-EcsSubnet", "EcsSubnet", "Get-EcsNic", "", "__AllParameterSets: SubnetId<-SubnetId" },
        { "Get-EcsNic", "VpcPort", "Remove-EcsNic", "", "__AllParameterSets: PortId<-PortId" },
        { "Get-EcsSubnet", "EcsSubnet", "Remove-EcsSubnet", "", "__AllParameterSets: SubnetId<-SubnetId VpcId<-VpcId" },
        { "Get-EcsVpc", "EcsVpc", "Remove-EcsVpc", "", "__AllParameterSets: VpcId<-VpcId" },
        { "New-EcsNic", "VpcPort", "Remove-EcsNic", "", "__AllParameterSets: PortId<-PortId" },
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
        var records = new[] { "ServerNic", "VirtualIpBinding", "EcsJob", "EcsSubJob", "NicSpec", "EcsVpc", "EcsSubnet", "VpcPort" }
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
            "EcsSubJob.NicId -> Get-EcsNic -PortId",
            "EcsSubJob.NicId -> Remove-EcsNic -PortId",
            "EcsSubJob.NicId -> Remove-EcsNicVirtualIp -NicId",
            "EcsSubJob.NicId -> Remove-EcsServerNic -NicId",
            "EcsSubJob.NicId -> Set-EcsNicVirtualIp -NicId",
            "EcsSubnet.SubnetId -> Get-EcsNic -SubnetId",
            "EcsSubnet.SubnetId -> Get-EcsSubnet -SubnetId",
            "EcsSubnet.SubnetId -> New-EcsNic -SubnetId",
            "EcsSubnet.SubnetId -> Remove-EcsSubnet -SubnetId",
            "EcsSubnet.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "EcsSubnet.VpcId -> Get-EcsSubnet -VpcId",
            "EcsSubnet.VpcId -> Get-EcsVpc -VpcId",
            "EcsSubnet.VpcId -> New-EcsSubnet -VpcId",
            "EcsSubnet.VpcId -> Remove-EcsSubnet -VpcId",
            "EcsSubnet.VpcId -> Remove-EcsVpc -VpcId",
            "EcsVpc.VpcId -> Get-EcsSubnet -VpcId",
            "EcsVpc.VpcId -> Get-EcsVpc -VpcId",
            "EcsVpc.VpcId -> New-EcsSubnet -VpcId",
            "EcsVpc.VpcId -> Remove-EcsSubnet -VpcId",
            "EcsVpc.VpcId -> Remove-EcsVpc -VpcId",
            "NicSpec.IpAddress -> Set-EcsNicVirtualIp -IpAddress",
            "NicSpec.PortId -> Add-EcsServerNic -PortId",
            "NicSpec.PortId -> Get-EcsNic -PortId",
            "NicSpec.PortId -> Remove-EcsNic -PortId",
            "NicSpec.PortId -> Remove-EcsNicVirtualIp -NicId",
            "NicSpec.PortId -> Remove-EcsServerNic -NicId",
            "NicSpec.PortId -> Set-EcsNicVirtualIp -NicId",
            "NicSpec.SubnetId -> Get-EcsNic -SubnetId",
            "NicSpec.SubnetId -> Get-EcsSubnet -SubnetId",
            "NicSpec.SubnetId -> New-EcsNic -SubnetId",
            "NicSpec.SubnetId -> Remove-EcsSubnet -SubnetId",
            "NicSpec.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "ServerNic.PortId -> Add-EcsServerNic -PortId",
            "ServerNic.PortId -> Get-EcsNic -PortId",
            "ServerNic.PortId -> Remove-EcsNic -PortId",
            "ServerNic.PortId -> Remove-EcsNicVirtualIp -NicId",
            "ServerNic.PortId -> Remove-EcsServerNic -NicId",
            "ServerNic.PortId -> Set-EcsNicVirtualIp -NicId",
            "ServerNic.ServerId -> Add-EcsServerNic -ServerId",
            "ServerNic.ServerId -> Get-EcsServerNic -ServerId",
            "ServerNic.ServerId -> Remove-EcsServerNic -ServerId",
            "ServerNic.SubnetId -> Get-EcsNic -SubnetId",
            "ServerNic.SubnetId -> Get-EcsSubnet -SubnetId",
            "ServerNic.SubnetId -> New-EcsNic -SubnetId",
            "ServerNic.SubnetId -> Remove-EcsSubnet -SubnetId",
            "ServerNic.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "VirtualIpBinding.IpAddress -> Set-EcsNicVirtualIp -IpAddress",
            "VirtualIpBinding.NicId -> Get-EcsNic -PortId",
            "VirtualIpBinding.NicId -> Remove-EcsNic -PortId",
            "VirtualIpBinding.NicId -> Remove-EcsNicVirtualIp -NicId",
            "VirtualIpBinding.NicId -> Remove-EcsServerNic -NicId",
            "VirtualIpBinding.NicId -> Set-EcsNicVirtualIp -NicId",
            "VirtualIpBinding.PortId -> Add-EcsServerNic -PortId",
            "VirtualIpBinding.SubnetId -> Get-EcsNic -SubnetId",
            "VirtualIpBinding.SubnetId -> Get-EcsSubnet -SubnetId",
            "VirtualIpBinding.SubnetId -> New-EcsNic -SubnetId",
            "VirtualIpBinding.SubnetId -> Remove-EcsSubnet -SubnetId",
            "VirtualIpBinding.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "VpcPort.PortId -> Add-EcsServerNic -PortId",
            "VpcPort.PortId -> Get-EcsNic -PortId",
            "VpcPort.PortId -> Remove-EcsNic -PortId",
            "VpcPort.PortId -> Remove-EcsNicVirtualIp -NicId",
            "VpcPort.PortId -> Remove-EcsServerNic -NicId",
            "VpcPort.PortId -> Set-EcsNicVirtualIp -NicId",
            "VpcPort.SubnetId -> Get-EcsNic -SubnetId",
            "VpcPort.SubnetId -> Get-EcsSubnet -SubnetId",
            "VpcPort.SubnetId -> New-EcsNic -SubnetId",
            "VpcPort.SubnetId -> Remove-EcsSubnet -SubnetId",
            "VpcPort.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
        };
        Assert.Equal(expected, actual.OrderBy(a => a, StringComparer.Ordinal));
    }

    // A simplified PowerShell binder: for one parameter set, binds each parameter not given on the command line from the
    // record by value or by property name; returns null when a mandatory parameter stays unbound or nothing binds.
    private static Dictionary<string, string>? Bind(CmdletDefinition cmdlet, string set, Type record, IReadOnlyCollection<string> commandLine)
    {
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        var inSet = cmdlet.Parameters.Where(p => p.In(set).Any()).ToArray();
        // A parameter given on the command line rules out every set it is not in, before the pipeline binds anything.
        if (commandLine.Any(name => !inSet.Any(p => p.Name == name))) return null;
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
