using System;
using System.Linq;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// PowerShell's own parameter binder on the pipelines the module promises, run against the emulator: each receiver gets
/// its parameters from the sender's records (by value or by property name) and the emulator ends in the expected state.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class PipelineBindingTests
{
    private readonly PowerShellFixture _fixture;

    public PipelineBindingTests(PowerShellFixture fixture) => _fixture = fixture;

    private EmulatorProcess Emulator => _fixture.Emulator;

    [Fact]
    public void NICs_from_Get_EcsServerNic_bind_a_virtual_IP_with_only_IpAddress_on_the_command_line()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        var run = ps.Run("""
            Get-EcsServerNic -ServerId $args[0] @Connection | Where-Object SubnetId -EQ $args[1] |
                Set-EcsNicVirtualIp -IpAddress 192.168.0.100 -ReverseBinding @Connection
            """, nics.Select(n => n.ServerId).ToArray(), nics[0].SubnetId).AssertClean();

        Assert.Equal(nics.Select(n => n.PortId), run.Output.Select(o => (string)o.Properties["NicId"].Value));
        Assert.All(run.Output, o => Assert.Equal("Bound", o.Properties["Action"].Value.ToString()));
        foreach (var nic in nics)
            Assert.Contains("192.168.0.100", Emulator.AllowedAddresses(nic.PortId));
        Assert.Equal(nics.Count, Emulator.RequestsFor("AssociateServerVirtualIp"));
    }

    [Fact]
    public void A_piped_NIC_binds_by_property_name_in_the_default_set_and_an_explicit_one_binds_InputObject()
    {
        using var ps = _fixture.NewSession();
        // A NIC record whose PortId is malformed: the error names the parameter the value came through, so it shows the set.
        const string forged = """
            $nic = [EcsNic.Core.Models.ServerNic]::new($args[0], 'not-a-port', $args[1], [string[]]@(), [string[]]@(), $null, $null, $null, $null, $null)
            """;
        var nic = DemoNic.InSubnetA(Emulator)[0];
        var piped = ps.Run(forged + "\n$nic | Set-EcsNicVirtualIp -IpAddress 192.168.0.100 @Connection", nic.ServerId, nic.SubnetId);
        var explicitly = ps.Run(forged + "\nSet-EcsNicVirtualIp -InputObject $nic -IpAddress 192.168.0.100 @Connection", nic.ServerId, nic.SubnetId);

        Assert.StartsWith("NicId 'not-a-port'", Assert.Single(piped.Errors).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("InputObject.PortId 'not-a-port'", Assert.Single(explicitly.Errors).ToString(), StringComparison.Ordinal);
        Assert.All(piped.Errors.Concat(explicitly.Errors),
            e => Assert.Equal("EcsNic.InvalidParameter,EcsNic.Commands.SetEcsNicVirtualIpCommand", e.FullyQualifiedErrorId));
        Assert.Equal(0, Emulator.RequestsFor("AssociateServerVirtualIp"));
    }

    [Fact]
    public void A_NIC_record_alone_never_supplies_the_virtual_IP()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        var run = ps.Run("Get-EcsServerNic -ServerId $args[0] @Connection | Set-EcsNicVirtualIp @Connection", nic.ServerId);

        Assert.Empty(run.Output);
        Assert.NotEmpty(run.Errors);
        Assert.All(run.Errors, e => Assert.Equal("InputObjectMissingMandatory,EcsNic.Commands.SetEcsNicVirtualIpCommand", e.FullyQualifiedErrorId));
        Assert.Equal(0, Emulator.RequestsFor("AssociateServerVirtualIp"));
        Assert.Empty(Emulator.AllowedAddresses(nic.PortId));
    }

    [Fact]
    public void Bindings_pipe_into_Remove_EcsNicVirtualIp_which_unbinds_them()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        var run = ps.Run("""
            Set-EcsNicVirtualIp -NicId $args[0] -SubnetId $args[1] -IpAddress 192.168.0.101 @Connection |
                Remove-EcsNicVirtualIp -Force @Connection
            """, nic.PortId, nic.SubnetId).AssertClean();

        var unbound = Assert.Single(run.Output);
        Assert.Equal("Unbound", unbound.Properties["Action"].Value.ToString());
        Assert.Equal(nic.PortId, unbound.Properties["NicId"].Value);
        Assert.Equal(1, Emulator.RequestsFor("AssociateServerVirtualIp"));
        Assert.Equal(1, Emulator.RequestsFor("DisassociateServerVirtualIp"));
        Assert.Empty(Emulator.AllowedAddresses(nic.PortId));
    }

    [Fact]
    public void NICs_from_Get_EcsServerNic_pipe_into_Remove_EcsNicVirtualIp()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        ps.Run("Set-EcsNicVirtualIp -NicId $args[0] -SubnetId $args[1] -IpAddress 192.168.0.102 @Connection", nic.PortId, nic.SubnetId).AssertClean();
        Assert.Contains("192.168.0.102", Emulator.AllowedAddresses(nic.PortId));

        var run = ps.Run("Get-EcsServerNic -ServerId $args[0] @Connection | Where-Object PortId -EQ $args[1] | Remove-EcsNicVirtualIp -Force @Connection",
            nic.ServerId, nic.PortId).AssertClean();

        Assert.Equal(nic.PortId, Assert.Single(run.Output).Properties["NicId"].Value);
        Assert.Empty(Emulator.AllowedAddresses(nic.PortId));
    }

    [Fact]
    public void Jobs_pipe_from_Add_and_Remove_EcsServerNic_into_Wait_and_Get_EcsJob_and_finished_jobs_into_Get_EcsServerNic()
    {
        using var ps = _fixture.NewSession();
        var server = DemoNic.InSubnetA(Emulator)[2].ServerId;
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        var before = Emulator.NicIdsOf(server);

        // Add | Wait (EcsJob by value), then the finished job | Get-EcsServerNic (EcsJob.ServerId by property name).
        var added = ps.Run("""
            Add-EcsServerNic -ServerId $args[0] -SubnetId $args[1] @Connection | Wait-EcsJob -PollIntervalSec 0.1 @Connection |
                Get-EcsServerNic @Connection
            """, server, subnetB).AssertClean();
        var after = Emulator.NicIdsOf(server);
        var newNic = Assert.Single(after.Except(before));
        Assert.Equal(after.OrderBy(x => x), added.Output.Select(o => (string)o.Properties["PortId"].Value).OrderBy(x => x));

        // Get-EcsServerNic | Remove-EcsServerNic (ServerId and PortId by property name) | Get-EcsJob | Wait-EcsJob.
        var removed = ps.Run("""
            Get-EcsServerNic -ServerId $args[0] @Connection | Where-Object PortId -EQ $args[1] | Remove-EcsServerNic -Force @Connection |
                Get-EcsJob @Connection | Wait-EcsJob -PollIntervalSec 0.1 @Connection
            """, server, newNic).AssertClean();
        Assert.Equal("Success", Assert.Single(removed.Output).Properties["Status"].Value.ToString());
        Assert.Equal(before.OrderBy(x => x), Emulator.NicIdsOf(server).OrderBy(x => x));
        Assert.Equal(1, Emulator.RequestsFor("BatchAddServerNics"));
        Assert.Equal(1, Emulator.RequestsFor("BatchDeleteServerNics"));
    }

    [Fact]
    public void New_NICs_from_Add_EcsServerNic_Wait_bind_a_virtual_IP()
    {
        using var ps = _fixture.NewSession();
        var server = DemoNic.InSubnetA(Emulator)[2].ServerId;
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        var before = Emulator.NicIdsOf(server);

        var run = ps.Run("Add-EcsServerNic -ServerId $args[0] -SubnetId $args[1] -Wait @Connection | Set-EcsNicVirtualIp -IpAddress 192.168.1.150 @Connection",
            server, subnetB).AssertClean();

        var newNic = Assert.Single(Emulator.NicIdsOf(server).Except(before));
        var binding = Assert.Single(run.Output);
        Assert.Equal(newNic, binding.Properties["NicId"].Value);
        Assert.Equal(subnetB, binding.Properties["SubnetId"].Value);
        Assert.Contains("192.168.1.150", Emulator.AllowedAddresses(newNic));
    }

    [Fact]
    public void NICs_piped_into_Add_EcsServerNic_give_each_server_one_new_NIC_and_a_warning_for_the_repeat()
    {
        using var ps = _fixture.NewSession();
        // The first demo server has two NICs, so its ID arrives twice.
        var server = DemoNic.All(Emulator)[0].ServerId;
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        var before = Emulator.NicIdsOf(server);

        var run = ps.Run("Get-EcsServerNic -ServerId $args[0] @Connection | Add-EcsServerNic -SubnetId $args[1] @Connection | Wait-EcsJob -PollIntervalSec 0.1 @Connection",
            server, subnetB).AssertClean();

        Assert.Single(run.Output);
        Assert.Contains(server, Assert.Single(run.Warnings).Message, StringComparison.Ordinal);
        Assert.Equal(1, Emulator.RequestsFor("BatchAddServerNics"));
        Assert.Equal(before.Count + 1, Emulator.NicIdsOf(server).Count);
    }

    [Fact]
    public void A_piped_hashtable_is_not_taken_for_a_NIC_and_nothing_is_sent()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        var run = ps.Run("@{ NicId = $args[0]; SubnetId = $args[1]; IpAddress = '192.168.0.103' } | Set-EcsNicVirtualIp @Connection",
            nic.PortId, nic.SubnetId);

        Assert.Equal("InputObjectNotBound,EcsNic.Commands.SetEcsNicVirtualIpCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Equal(0, Emulator.RequestsFor("AssociateServerVirtualIp"));
    }

    /// <summary>
    /// Every property of every record the module emits that PowerShell would bind by name into a parameter of an exported
    /// cmdlet, read from PowerShell's own command metadata and real records: a new property or alias that starts to bind
    /// somewhere shows up here.
    /// </summary>
    [Fact]
    public void Every_property_to_parameter_binding_between_module_records_and_cmdlets_is_intended()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        var run = ps.Run("""
            $records = @(
                Get-EcsServerNic -ServerId $args[0] @Connection | Select-Object -First 1
                Set-EcsNicVirtualIp -NicId $args[1] -SubnetId $args[2] -IpAddress 192.168.0.104 @Connection
                $job = Add-EcsServerNic -ServerId $args[0] -SubnetId $args[2] @Connection | Wait-EcsJob -PollIntervalSec 0.1 @Connection
                $job
                $job.SubJobs[0]
                [EcsNic.Core.Models.NicSpec]@{ SubnetId = $args[2] }
                Connect-EcsCloud @Connection
                Get-EcsVpc @Connection | Select-Object -First 1
                Get-EcsSubnet @Connection | Select-Object -First 1
                Get-EcsNic -PortId $args[1] @Connection
                Get-EcsNicVirtualIp -NicId $args[1] @Connection
                Get-EcsNicVirtualIp -IpAddress 192.168.0.104 -SubnetId $args[2] @Connection
            )
            foreach ($record in $records) {
                foreach ($command in Get-Command -Module EcsNic) {
                    foreach ($parameter in $command.Parameters.Values) {
                        if (-not ($parameter.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName)) { continue }
                        $names = @($parameter.Name) + $parameter.Aliases
                        $property = $record.PSObject.Properties | Where-Object { $names -contains $_.Name } | Select-Object -First 1
                        if ($property) { '{0}.{1} -> {2} -{3}' -f $record.GetType().Name, $property.Name, $command.Name, $parameter.Name }
                    }
                }
            }
            """, nic.ServerId, nic.PortId, nic.SubnetId).AssertClean();

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
            "EcsSubJob.NicId -> Get-EcsNicVirtualIp -NicId",
            "EcsSubJob.NicId -> Remove-EcsNic -PortId",
            "EcsSubJob.NicId -> Remove-EcsNicVirtualIp -NicId",
            "EcsSubJob.NicId -> Remove-EcsServerNic -NicId",
            "EcsSubJob.NicId -> Set-EcsNicVirtualIp -NicId",
            "EcsSubnet.SubnetId -> Get-EcsNic -SubnetId",
            "EcsSubnet.SubnetId -> Get-EcsNicVirtualIp -SubnetId",
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
            "NicSpec.IpAddress -> Get-EcsNicVirtualIp -IpAddress",
            "NicSpec.IpAddress -> Set-EcsNicVirtualIp -IpAddress",
            "NicSpec.PortId -> Add-EcsServerNic -PortId",
            "NicSpec.PortId -> Get-EcsNic -PortId",
            "NicSpec.PortId -> Get-EcsNicVirtualIp -NicId",
            "NicSpec.PortId -> Remove-EcsNic -PortId",
            "NicSpec.PortId -> Remove-EcsNicVirtualIp -NicId",
            "NicSpec.PortId -> Remove-EcsServerNic -NicId",
            "NicSpec.PortId -> Set-EcsNicVirtualIp -NicId",
            "NicSpec.SubnetId -> Get-EcsNic -SubnetId",
            "NicSpec.SubnetId -> Get-EcsNicVirtualIp -SubnetId",
            "NicSpec.SubnetId -> Get-EcsSubnet -SubnetId",
            "NicSpec.SubnetId -> New-EcsNic -SubnetId",
            "NicSpec.SubnetId -> Remove-EcsSubnet -SubnetId",
            "NicSpec.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "NicVirtualIps.NicId -> Get-EcsNic -PortId",
            "NicVirtualIps.NicId -> Get-EcsNicVirtualIp -NicId",
            "NicVirtualIps.NicId -> Remove-EcsNic -PortId",
            "NicVirtualIps.NicId -> Remove-EcsNicVirtualIp -NicId",
            "NicVirtualIps.NicId -> Remove-EcsServerNic -NicId",
            "NicVirtualIps.NicId -> Set-EcsNicVirtualIp -NicId",
            "NicVirtualIps.ServerId -> Add-EcsServerNic -ServerId",
            "NicVirtualIps.ServerId -> Get-EcsServerNic -ServerId",
            "NicVirtualIps.ServerId -> Remove-EcsServerNic -ServerId",
            "NicVirtualIps.SubnetId -> Get-EcsNic -SubnetId",
            "NicVirtualIps.SubnetId -> Get-EcsNicVirtualIp -SubnetId",
            "NicVirtualIps.SubnetId -> Get-EcsSubnet -SubnetId",
            "NicVirtualIps.SubnetId -> New-EcsNic -SubnetId",
            "NicVirtualIps.SubnetId -> Remove-EcsSubnet -SubnetId",
            "NicVirtualIps.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "ServerNic.PortId -> Add-EcsServerNic -PortId",
            "ServerNic.PortId -> Get-EcsNic -PortId",
            "ServerNic.PortId -> Get-EcsNicVirtualIp -NicId",
            "ServerNic.PortId -> Remove-EcsNic -PortId",
            "ServerNic.PortId -> Remove-EcsNicVirtualIp -NicId",
            "ServerNic.PortId -> Remove-EcsServerNic -NicId",
            "ServerNic.PortId -> Set-EcsNicVirtualIp -NicId",
            "ServerNic.ServerId -> Add-EcsServerNic -ServerId",
            "ServerNic.ServerId -> Get-EcsServerNic -ServerId",
            "ServerNic.ServerId -> Remove-EcsServerNic -ServerId",
            "ServerNic.SubnetId -> Get-EcsNic -SubnetId",
            "ServerNic.SubnetId -> Get-EcsNicVirtualIp -SubnetId",
            "ServerNic.SubnetId -> Get-EcsSubnet -SubnetId",
            "ServerNic.SubnetId -> New-EcsNic -SubnetId",
            "ServerNic.SubnetId -> Remove-EcsSubnet -SubnetId",
            "ServerNic.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "VirtualIpBinding.IpAddress -> Get-EcsNicVirtualIp -IpAddress",
            "VirtualIpBinding.IpAddress -> Set-EcsNicVirtualIp -IpAddress",
            "VirtualIpBinding.NicId -> Get-EcsNic -PortId",
            "VirtualIpBinding.NicId -> Get-EcsNicVirtualIp -NicId",
            "VirtualIpBinding.NicId -> Remove-EcsNic -PortId",
            "VirtualIpBinding.NicId -> Remove-EcsNicVirtualIp -NicId",
            "VirtualIpBinding.NicId -> Remove-EcsServerNic -NicId",
            "VirtualIpBinding.NicId -> Set-EcsNicVirtualIp -NicId",
            "VirtualIpBinding.ServerId -> Add-EcsServerNic -ServerId",
            "VirtualIpBinding.ServerId -> Get-EcsServerNic -ServerId",
            "VirtualIpBinding.ServerId -> Remove-EcsServerNic -ServerId",
            "VirtualIpBinding.SubnetId -> Get-EcsNic -SubnetId",
            "VirtualIpBinding.SubnetId -> Get-EcsNicVirtualIp -SubnetId",
            "VirtualIpBinding.SubnetId -> Get-EcsSubnet -SubnetId",
            "VirtualIpBinding.SubnetId -> New-EcsNic -SubnetId",
            "VirtualIpBinding.SubnetId -> Remove-EcsSubnet -SubnetId",
            "VirtualIpBinding.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "VirtualIpPort.IpAddress -> Get-EcsNicVirtualIp -IpAddress",
            "VirtualIpPort.IpAddress -> Set-EcsNicVirtualIp -IpAddress",
            "VirtualIpPort.NicId -> Get-EcsNic -PortId",
            "VirtualIpPort.NicId -> Get-EcsNicVirtualIp -NicId",
            "VirtualIpPort.NicId -> Remove-EcsNic -PortId",
            "VirtualIpPort.NicId -> Remove-EcsNicVirtualIp -NicId",
            "VirtualIpPort.NicId -> Remove-EcsServerNic -NicId",
            "VirtualIpPort.NicId -> Set-EcsNicVirtualIp -NicId",
            "VirtualIpPort.PortId -> Add-EcsServerNic -PortId",
            "VirtualIpPort.SubnetId -> Get-EcsNic -SubnetId",
            "VirtualIpPort.SubnetId -> Get-EcsNicVirtualIp -SubnetId",
            "VirtualIpPort.SubnetId -> Get-EcsSubnet -SubnetId",
            "VirtualIpPort.SubnetId -> New-EcsNic -SubnetId",
            "VirtualIpPort.SubnetId -> Remove-EcsSubnet -SubnetId",
            "VirtualIpPort.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
            "VpcPort.PortId -> Add-EcsServerNic -PortId",
            "VpcPort.PortId -> Get-EcsNic -PortId",
            "VpcPort.PortId -> Get-EcsNicVirtualIp -NicId",
            "VpcPort.PortId -> Remove-EcsNic -PortId",
            "VpcPort.PortId -> Remove-EcsNicVirtualIp -NicId",
            "VpcPort.PortId -> Remove-EcsServerNic -NicId",
            "VpcPort.PortId -> Set-EcsNicVirtualIp -NicId",
            "VpcPort.SubnetId -> Get-EcsNic -SubnetId",
            "VpcPort.SubnetId -> Get-EcsNicVirtualIp -SubnetId",
            "VpcPort.SubnetId -> Get-EcsSubnet -SubnetId",
            "VpcPort.SubnetId -> New-EcsNic -SubnetId",
            "VpcPort.SubnetId -> Remove-EcsSubnet -SubnetId",
            "VpcPort.SubnetId -> Set-EcsNicVirtualIp -SubnetId",
        };
        Assert.Equal(expected, run.Output.Select(o => o.ToString()).OrderBy(a => a, StringComparer.Ordinal));
    }
}
