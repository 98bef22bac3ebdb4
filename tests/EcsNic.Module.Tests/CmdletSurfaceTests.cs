using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Module.Tests.TestSupport;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>
/// The cmdlet surface as users see it: names, verbs, output types, ShouldProcess, and every parameter's type, aliases,
/// parameter sets, pipeline binding and validation. A change here is a change to the module's public contract.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class CmdletSurfaceTests
{
    // Get-Verb in PowerShell 7.4.
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip",
        "Split", "Step", "Switch", "Undo", "Unlock", "Watch", "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
        "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
        "Unpublish", "Update", "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable",
        "Install", "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall",
        "Unregister", "Wait", "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace", "Block", "Grant", "Protect",
        "Revoke", "Unblock", "Unprotect", "Use",
    };

    private const string Str = "System.String";
    private const string StrArray = "System.String[]";
    private const string Switch = "System.Management.Automation.SwitchParameter";
    private const string Models = "EcsNic.Core.Models.";
    private const string NotNullOrEmpty = "ValidateNotNullOrEmpty";
    private const string ServerIdCompleter = "ArgumentCompleter(ServerIdCompleter)";
    private const string NicIdCompleter = "ArgumentCompleter(NicIdCompleter)";

    // The connection parameters every cmdlet but Disconnect-EcsCloud inherits from EcsCmdlet.
    private static readonly ParamSpec[] Common =
    {
        P("Region", Str, "", "*", "ArgumentCompleter(RegionCompleter)", NotNullOrEmpty),
        P("ProjectId", Str, "", "*", NotNullOrEmpty),
        P("Credential", "System.Management.Automation.PSCredential", "", "*", "Credential"),
        P("AccessKey", Str, "", "*", NotNullOrEmpty),
        P("SecretKey", "System.Security.SecureString", "", "*", "ValidateNotNull"),
        P("ProfileName", Str, "", "*", "ArgumentCompleter(ProfileNameCompleter)", NotNullOrEmpty),
        P("Endpoint", "System.Uri", "", "*", "ValidateNotNull"),
        P("IamEndpoint", "System.Uri", "", "*", "ValidateNotNull"),
    };

    private static readonly CmdletSpec[] Expected =
    {
        new("Connect-EcsCloud", false, "Medium", null, new[] { "EcsNic.Core.Session.EcsConnectionInfo" }, Common.Concat(new[]
        {
            P("SkipValidation", Switch, "", "*"),
        })),
        new("Disconnect-EcsCloud", false, "Medium", null, new[] { "EcsNic.Core.Session.EcsConnectionInfo" }, new[]
        {
            P("PassThru", Switch, "", "*"),
        }),
        new("Get-EcsContext", false, "Medium", null, new[] { "EcsNic.Core.Session.EcsContext" }, Common),
        new("Get-EcsServerNic", false, "Medium", null, new[] { Models + "ServerNic" }, Common.Concat(new[]
        {
            P("ServerId", StrArray, "server_id", "*:MN:0", ServerIdCompleter, NotNullOrEmpty),
        })),
        new("Set-EcsNicVirtualIp", true, "Medium", "ById", new[] { Models + "VirtualIpBinding" }, Common.Concat(new[]
        {
            P("NicId", Str, "PortId,port_id,Id", "ById:MN:0", NicIdCompleter, NotNullOrEmpty),
            P("SubnetId", Str, "NetworkId,net_id,subnet_id", "ById:MN:1", NotNullOrEmpty),
            P("InputObject", Models + "ServerNic", "", "InputObject:MV", "ValidateNotNull"),
            P("IpAddress", Str, "ip_address,VirtualIp", "*:MN", NotNullOrEmpty),
            P("ReverseBinding", Switch, "", "*"),
            P("Api", Models + "VirtualIpApi", "", "*"),
            P("ThrottleLimit", "System.Int32", "", "*", "ValidateRange(1,256)"),
        })),
        new("Remove-EcsNicVirtualIp", true, "High", "ById", new[] { Models + "VirtualIpBinding" }, Common.Concat(new[]
        {
            P("NicId", Str, "PortId,port_id,Id", "ById:MN:0", NicIdCompleter, NotNullOrEmpty),
            P("InputObject", Models + "ServerNic", "", "InputObject:MV", "ValidateNotNull"),
            P("Force", Switch, "", "*"),
            P("Api", Models + "VirtualIpApi", "", "*"),
            P("ThrottleLimit", "System.Int32", "", "*", "ValidateRange(1,256)"),
        })),
        new("Get-EcsNicVirtualIp", false, "Medium", "ByNic", new[] { Models + "NicVirtualIps", Models + "VirtualIpPort" }, Common.Concat(new[]
        {
            P("NicId", Str, "PortId,port_id,Id", "ByNic:MN:0", NicIdCompleter, NotNullOrEmpty),
            P("IpAddress", Str, "ip_address,VirtualIp", "ByAddress:MN", NotNullOrEmpty),
            P("SubnetId", Str, "NetworkId,net_id,subnet_id", "ByAddress:MN", NotNullOrEmpty),
            P("ThrottleLimit", "System.Int32", "", "*", "ValidateRange(1,256)"),
        })),
        new("Add-EcsServerNic", true, "Medium", "Port", new[] { Models + "EcsJob", Models + "ServerNic" }, Common.Concat(new[]
        {
            P("ServerId", Str, "server_id", "*:MN:0", ServerIdCompleter, NotNullOrEmpty),
            P("SubnetId", Str, "NetworkId", "Single:M:1", NotNullOrEmpty),
            P("SecurityGroupId", StrArray, "", "Single", NotNullOrEmpty),
            P("IpAddress", Str, "", "Single", NotNullOrEmpty),
            P("PortId", Str, "port_id", "Single Port:MN", NotNullOrEmpty),
            P("Ipv6Enable", Switch, "", "Single"),
            P("Ipv6BandwidthId", Str, "", "Single", NotNullOrEmpty),
            P("Nic", Models + "NicSpec[]", "", "Spec:M", NotNullOrEmpty),
            P("Wait", Switch, "", "*"),
            P("TimeoutSec", "System.Int32", "", "*", "ValidateRange(1,86400)"),
        })),
        new("Remove-EcsServerNic", true, "High", "ById", new[] { Models + "EcsJob" }, Common.Concat(new[]
        {
            P("ServerId", Str, "server_id", "ById:MN:0", ServerIdCompleter, NotNullOrEmpty),
            P("NicId", StrArray, "PortId,port_id", "ById:MN:1", NicIdCompleter, NotNullOrEmpty),
            P("InputObject", Models + "ServerNic[]", "", "InputObject:MV", NotNullOrEmpty),
            P("Force", Switch, "", "*"),
            P("Wait", Switch, "", "*"),
            P("TimeoutSec", "System.Int32", "", "*", "ValidateRange(1,86400)"),
        })),
        new("New-EcsVpc", true, "Low", null, new[] { Models + "EcsVpc" }, Common.Concat(new[]
        {
            P("Name", Str, "", "*:M:0", NotNullOrEmpty),
            P("Cidr", Str, "", "*:M:1", NotNullOrEmpty),
            P("Description", Str, "", "*", "ValidateNotNull"),
            P("Wait", Switch, "", "*"),
            P("TimeoutSec", "System.Int32", "", "*", "ValidateRange(1,86400)"),
        })),
        new("Get-EcsVpc", false, "Medium", null, new[] { Models + "EcsVpc" }, Common.Concat(new[]
        {
            P("VpcId", StrArray, "vpc_id", "*:N:0", NotNullOrEmpty),
            P("Name", Str, "", "*", NotNullOrEmpty),
        })),
        new("Remove-EcsVpc", true, "High", null, new[] { Models + "EcsVpc" }, Common.Concat(new[]
        {
            P("VpcId", StrArray, "vpc_id", "*:MN:0", NotNullOrEmpty),
            P("Force", Switch, "", "*"),
            P("PassThru", Switch, "", "*"),
        })),
        new("New-EcsSubnet", true, "Low", "ByVpc", new[] { Models + "EcsSubnet" }, Common.Concat(new[]
        {
            P("Name", Str, "", "*:M:0", NotNullOrEmpty),
            P("Cidr", Str, "", "*:M:1", NotNullOrEmpty),
            P("VpcId", Str, "vpc_id", "ById:MN", NotNullOrEmpty),
            P("Vpc", Models + "EcsVpc", "", "ByVpc:MV", "ValidateNotNull"),
            P("GatewayIp", Str, "", "*", NotNullOrEmpty),
            P("Description", Str, "", "*", "ValidateNotNull"),
            P("DnsServer", StrArray, "", "*", NotNullOrEmpty),
            P("AvailabilityZone", Str, "", "*", NotNullOrEmpty),
            P("Ipv6Enable", Switch, "", "*"),
            P("Wait", Switch, "", "*"),
            P("TimeoutSec", "System.Int32", "", "*", "ValidateRange(1,86400)"),
        })),
        new("Get-EcsSubnet", false, "Medium", null, new[] { Models + "EcsSubnet" }, Common.Concat(new[]
        {
            P("SubnetId", StrArray, "NetworkId,subnet_id", "*:N:0", NotNullOrEmpty),
            P("VpcId", Str, "vpc_id", "*:N", NotNullOrEmpty),
            P("Name", Str, "", "*", NotNullOrEmpty),
        })),
        new("Remove-EcsSubnet", true, "High", null, new[] { Models + "EcsSubnet" }, Common.Concat(new[]
        {
            P("SubnetId", Str, "NetworkId,subnet_id", "*:MN:0", NotNullOrEmpty),
            P("VpcId", Str, "vpc_id", "*:N:1", NotNullOrEmpty),
            P("Force", Switch, "", "*"),
            P("PassThru", Switch, "", "*"),
        })),
        new("New-EcsNic", true, "Low", "BySubnet", new[] { Models + "VpcPort" }, Common.Concat(new[]
        {
            P("SubnetId", Str, "NetworkId,network_id", "ById:MN:0", NotNullOrEmpty),
            P("Subnet", Models + "EcsSubnet", "", "BySubnet:MV", "ValidateNotNull"),
            P("IpAddress", Str, "", "*", NotNullOrEmpty),
            P("SecurityGroupId", StrArray, "", "*", NotNullOrEmpty),
            P("Name", Str, "", "*", "ValidateNotNull"),
            P("Wait", Switch, "", "*"),
            P("TimeoutSec", "System.Int32", "", "*", "ValidateRange(1,86400)"),
        })),
        new("Get-EcsNic", false, "Medium", null, new[] { Models + "VpcPort" }, Common.Concat(new[]
        {
            P("PortId", StrArray, "NicId,port_id", "*:N:0", NicIdCompleter, NotNullOrEmpty),
            P("SubnetId", Str, "NetworkId,network_id", "*:N", NotNullOrEmpty),
            P("IpAddress", Str, "", "*", NotNullOrEmpty),
            P("DeviceOwner", Str, "", "*", "ValidateNotNull"),
            P("ServerId", Str, "", "*", ServerIdCompleter, NotNullOrEmpty),
        })),
        new("Remove-EcsNic", true, "High", null, new[] { Models + "VpcPort" }, Common.Concat(new[]
        {
            P("PortId", StrArray, "NicId,port_id", "*:MN:0", NicIdCompleter, NotNullOrEmpty),
            P("Force", Switch, "", "*"),
            P("PassThru", Switch, "", "*"),
        })),
        new("Get-EcsJob", false, "Medium", null, new[] { Models + "EcsJob" }, Common.Concat(new[]
        {
            P("JobId", StrArray, "job_id,Id", "*:MN:0", "ArgumentCompleter(JobIdCompleter)", NotNullOrEmpty),
        })),
        new("Wait-EcsJob", false, "Medium", "ById", new[] { Models + "EcsJob" }, Common.Concat(new[]
        {
            P("JobId", StrArray, "job_id,Id", "ById:MN:0", "ArgumentCompleter(JobIdCompleter)", NotNullOrEmpty),
            P("Job", Models + "EcsJob[]", "", "InputObject:MV", NotNullOrEmpty),
            P("TimeoutSec", "System.Int32", "", "*", "ValidateRange(1,86400)"),
            P("PollIntervalSec", "System.Double", "", "*", "ValidateRange(0.1,600)"),
            P("MaxPollIntervalSec", "System.Double", "", "*", "ValidateRange(0.1,600)"),
            P("MaxRequestsPerSecond", "System.Double", "", "*", "ValidateRange(0.1,100)"),
        })),
    };

    private readonly ModuleMetadata _module;

    public CmdletSurfaceTests(ModuleMetadata module) => _module = module;

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var spec in Expected) data.Add(spec.Name);
        return data;
    }

    [Fact]
    public void The_module_has_exactly_the_expected_cmdlets()
    {
        Assert.Equal(Expected.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal), _module.Cmdlets.Select(c => c.Name));
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb_and_is_a_sealed_class_named_after_itself()
    {
        Assert.All(_module.Cmdlets, c =>
        {
            Assert.Contains(c.Verb, ApprovedVerbs);
            Assert.True(c.Type.IsSealed && c.Type.IsPublic, $"{c.Type.Name} must be public and sealed.");
            Assert.Equal(c.Verb + c.Noun + "Command", c.Type.Name);
            Assert.Equal("EcsNic.Commands", c.Type.Namespace);
        });
    }

    [Fact]
    public void Every_cmdlet_declares_an_output_type()
    {
        Assert.All(_module.Cmdlets, c => Assert.NotEmpty(c.OutputTypes));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlet_attributes_match_the_contract(string name)
    {
        var expected = Expected.Single(e => e.Name == name);
        var actual = _module.Cmdlet(name);
        Assert.Equal(expected.SupportsShouldProcess, actual.SupportsShouldProcess);
        Assert.Equal(expected.ConfirmImpact, actual.ConfirmImpact);
        Assert.Equal(expected.DefaultSet, actual.DefaultParameterSet);
        Assert.Equal(expected.Outputs.OrderBy(o => o, StringComparer.Ordinal),
            actual.OutputTypes.Select(t => t.FullName!).OrderBy(o => o, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameters_match_the_contract(string name)
    {
        var expected = Expected.Single(e => e.Name == name);
        var actual = _module.Cmdlet(name);
        Assert.Equal(expected.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal),
            actual.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var spec in expected.Parameters)
        {
            var parameter = actual.Parameter(spec.Name);
            var where = $"{name} -{spec.Name}";
            Assert.True(spec.Type == parameter.Type.FullName, $"{where}: type {parameter.Type.FullName}, expected {spec.Type}.");
            Assert.True(spec.Aliases.SequenceEqual(parameter.Aliases), $"{where}: aliases [{string.Join(",", parameter.Aliases)}], expected [{string.Join(",", spec.Aliases)}].");
            Assert.True(spec.Validations.OrderBy(v => v, StringComparer.Ordinal).SequenceEqual(parameter.Validations),
                $"{where}: validation [{string.Join(",", parameter.Validations)}], expected [{string.Join(",", spec.Validations)}].");
            var bindings = parameter.Bindings.Select(Format).OrderBy(b => b, StringComparer.Ordinal).ToArray();
            Assert.True(spec.Bindings.OrderBy(b => b, StringComparer.Ordinal).SequenceEqual(bindings),
                $"{where}: bindings [{string.Join(" ", bindings)}], expected [{string.Join(" ", spec.Bindings)}].");
        }
    }

    [Fact]
    public void The_id_alias_is_only_on_nic_and_job_ids_where_it_cannot_be_mistaken()
    {
        var withId = _module.Cmdlets.SelectMany(c => c.Parameters.Where(p => p.Aliases.Contains("Id")).Select(p => $"{c.Name} -{p.Name}"));
        Assert.Equal(new[] { "Get-EcsJob -JobId", "Get-EcsNicVirtualIp -NicId", "Remove-EcsNicVirtualIp -NicId", "Set-EcsNicVirtualIp -NicId", "Wait-EcsJob -JobId" },
            withId.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Secrets_are_never_plain_strings_and_never_come_from_the_pipeline()
    {
        Assert.All(_module.Cmdlets.SelectMany(c => c.Parameters), p =>
        {
            if (p.Name is "SecretKey") Assert.Equal("System.Security.SecureString", p.Type.FullName);
            if (p.Name is "SecretKey" or "AccessKey" or "Credential" or "Region" or "ProjectId" or "Endpoint" or "IamEndpoint" or "ProfileName")
                Assert.All(p.Bindings, b => Assert.False(b.ByName || b.ByValue, $"-{p.Name} must not bind from the pipeline."));
        });
    }

    [Fact]
    public void No_two_parameters_of_a_cmdlet_share_a_name_or_alias()
    {
        Assert.All(_module.Cmdlets, c =>
        {
            var names = c.Parameters.SelectMany(p => p.NamesAndAliases).ToArray();
            Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        });
    }

    [Fact]
    public void Positions_are_unique_within_each_parameter_set()
    {
        Assert.All(_module.Cmdlets, c =>
        {
            foreach (var set in c.ParameterSets)
            {
                var positions = c.Parameters.SelectMany(p => p.In(set)).Where(b => b.Position != int.MinValue).Select(b => b.Position).ToArray();
                Assert.Equal(positions.Length, positions.Distinct().Count());
            }
        });
    }

    [Fact]
    public void The_default_parameter_set_exists()
    {
        Assert.All(_module.Cmdlets.Where(c => c.DefaultParameterSet is not null),
            c => Assert.Contains(c.DefaultParameterSet!, c.ParameterSets));
    }

    private static string Format(ParameterBinding b)
    {
        var flags = (b.Mandatory ? "M" : "") + (b.ByValue ? "V" : "") + (b.ByName ? "N" : "");
        var set = b.Set == ModuleMetadata.AllSets ? "*" : b.Set;
        var text = flags.Length == 0 && b.Position == int.MinValue ? set : $"{set}:{flags}";
        return b.Position == int.MinValue ? text : $"{text}:{b.Position}";
    }

    // bindings: "Set:flags:position" with flags M (mandatory), V (by value), N (by property name); "*" is every set.
    private static ParamSpec P(string name, string type, string aliases, string bindings, params string[] validations) =>
        new(name, type, aliases.Length == 0 ? Array.Empty<string>() : aliases.Split(','), bindings.Split(' '), validations);

    private sealed record ParamSpec(string Name, string Type, string[] Aliases, string[] Bindings, string[] Validations);

    private sealed record CmdletSpec(string Name, bool SupportsShouldProcess, string ConfirmImpact, string? DefaultSet, string[] Outputs,
        IEnumerable<ParamSpec> ParameterList)
    {
        public IReadOnlyList<ParamSpec> Parameters { get; } = ParameterList.ToArray();
    }
}
