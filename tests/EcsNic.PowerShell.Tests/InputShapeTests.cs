using System;
using System.IO;
using System.Linq;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// Input as people have it: CSV exports with Huawei's column names, hashtables splatted, PSCustomObjects piped; the
/// parameter sets and aliases of the cmdlets as PowerShell resolves them.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class InputShapeTests : IDisposable
{
    private readonly PowerShellFixture _fixture;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ecsnic-inproc-" + Guid.NewGuid().ToString("N"));

    public InputShapeTests(PowerShellFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_directory);
    }

    private EmulatorProcess Emulator => _fixture.Emulator;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("port_id,net_id,ip_address")]
    [InlineData("port_id,subnet_id,ip_address")]
    [InlineData("PortId,NetworkId,VirtualIp")]
    public void Csv_rows_with_Huawei_column_names_bind_virtual_IPs(string header)
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        var csv = Csv(header, nics.Select((n, i) => $"{n.PortId},{n.SubnetId},192.168.0.{120 + i}"));

        var run = ps.Run("Import-Csv -LiteralPath $args[0] | Set-EcsNicVirtualIp -ThrottleLimit 2 @Connection", csv).AssertClean();

        Assert.Equal(nics.Select(n => n.PortId), run.Output.Select(o => (string)o.Properties["NicId"].Value));
        for (var i = 0; i < nics.Count; i++)
            Assert.Equal(new[] { $"192.168.0.{120 + i}" }, Emulator.AllowedAddresses(nics[i].PortId));
    }

    [Fact]
    public void Csv_rows_with_port_id_unbind_virtual_IPs()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        ps.Run("Import-Csv -LiteralPath $args[0] | Set-EcsNicVirtualIp @Connection",
            Csv("port_id,subnet_id,ip_address", nics.Select(n => $"{n.PortId},{n.SubnetId},192.168.0.125"))).AssertClean();
        Assert.All(nics, n => Assert.Equal(new[] { "192.168.0.125" }, Emulator.AllowedAddresses(n.PortId)));

        var run = ps.Run("Import-Csv -LiteralPath $args[0] | Remove-EcsNicVirtualIp -Force @Connection", Csv("port_id", nics.Take(2).Select(n => n.PortId))).AssertClean();

        Assert.Equal(nics.Take(2).Select(n => n.PortId), run.Output.Select(o => (string)o.Properties["NicId"].Value));
        Assert.Empty(Emulator.AllowedAddresses(nics[0].PortId));
        Assert.Empty(Emulator.AllowedAddresses(nics[1].PortId));
        Assert.Equal(new[] { "192.168.0.125" }, Emulator.AllowedAddresses(nics[2].PortId));
    }

    [Fact]
    public void Csv_rows_with_server_id_and_port_id_detach_NICs_and_job_id_rows_read_the_jobs()
    {
        using var ps = _fixture.NewSession();
        var second = DemoNic.All(Emulator)[1]; // the first server's NIC in subnet demo-b
        var detach = Csv("server_id,port_id", new[] { $"{second.ServerId},{second.PortId}" });

        var jobs = ps.Run("Import-Csv -LiteralPath $args[0] | Remove-EcsServerNic -Force @Connection", detach).AssertClean();
        var jobId = (string)Assert.Single(jobs.Output).Properties["JobId"].Value;
        var waited = ps.Run("Import-Csv -LiteralPath $args[0] | Wait-EcsJob -PollIntervalSec 0.1 @Connection", Csv("job_id", new[] { jobId })).AssertClean();
        var read = ps.Run("Import-Csv -LiteralPath $args[0] | Get-EcsJob @Connection", Csv("job_id", new[] { jobId })).AssertClean();

        Assert.Equal("Success", Assert.Single(waited.Output).Properties["Status"].Value.ToString());
        Assert.Equal("Success", Assert.Single(read.Output).Properties["Status"].Value.ToString());
        Assert.DoesNotContain(second.PortId, Emulator.NicIdsOf(second.ServerId));
    }

    [Fact]
    public void Csv_rows_with_server_id_list_the_NICs_of_each_server()
    {
        using var ps = _fixture.NewSession();
        var servers = Emulator.Servers.Select(s => (string)s["id"]!).ToArray();
        var run = ps.Run("Import-Csv -LiteralPath $args[0] | Get-EcsServerNic @Connection", Csv("server_id,name", servers.Select(s => s + ",x"))).AssertClean();

        Assert.Equal(DemoNic.All(Emulator).Select(n => n.PortId).OrderBy(x => x), run.Output.Select(o => (string)o.Properties["PortId"].Value).OrderBy(x => x));
        Assert.Equal(servers.Length, Emulator.RequestsFor("ListServerInterfaces"));
    }

    [Fact]
    public void A_hashtable_with_Huawei_names_splats_into_parameters_through_their_aliases()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        var run = ps.Run("""
            $row = @{ port_id = $args[0]; net_id = $args[1]; ip_address = '192.168.0.130' }
            Set-EcsNicVirtualIp @row @Connection
            """, nic.PortId, nic.SubnetId).AssertClean();

        Assert.Equal("192.168.0.130", Assert.Single(run.Output).Properties["IpAddress"].Value);
        Assert.Equal(new[] { "192.168.0.130" }, Emulator.AllowedAddresses(nic.PortId));
    }

    [Fact]
    public void PSCustomObjects_made_from_hashtables_bind_by_property_name()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.InSubnetA(Emulator);
        var run = ps.Run("""
            @(
                [pscustomobject]@{ NicId = $args[0]; SubnetId = $args[2]; IpAddress = '192.168.0.131' }
                [pscustomobject]@{ Id = $args[1]; subnet_id = $args[2]; ip_address = '192.168.0.132' }
            ) | Set-EcsNicVirtualIp @Connection
            """, nics[0].PortId, nics[1].PortId, nics[0].SubnetId).AssertClean();

        Assert.Equal(new[] { nics[0].PortId, nics[1].PortId }, run.Output.Select(o => (string)o.Properties["NicId"].Value));
        Assert.Equal(new[] { "192.168.0.131" }, Emulator.AllowedAddresses(nics[0].PortId));
        Assert.Equal(new[] { "192.168.0.132" }, Emulator.AllowedAddresses(nics[1].PortId));
    }

    [Fact]
    public void Positional_parameters_and_aliases_on_the_command_line_resolve_to_the_same_calls()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.InSubnetA(Emulator)[0];
        ps.Run("Set-EcsNicVirtualIp $args[0] $args[1] -VirtualIp 192.168.0.133 @Connection", nic.PortId, nic.SubnetId).AssertClean();
        Assert.Equal(new[] { "192.168.0.133" }, Emulator.AllowedAddresses(nic.PortId));

        ps.Run("Remove-EcsNicVirtualIp -Id $args[0] -Force @Connection", nic.PortId).AssertClean();
        Assert.Empty(Emulator.AllowedAddresses(nic.PortId));
        Assert.Equal(1, Emulator.RequestsFor("DisassociateServerVirtualIp"));
    }

    [Fact]
    public void Add_EcsServerNic_takes_several_NIC_specs_in_one_request_with_the_Spec_set()
    {
        using var ps = _fixture.NewSession();
        var server = DemoNic.InSubnetA(Emulator)[2].ServerId;
        var subnetA = (string)Emulator.Subnets[0]["id"]!;
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        var before = Emulator.NicIdsOf(server);

        var run = ps.Run("""
            $specs = [EcsNic.Core.Models.NicSpec]@{ SubnetId = $args[1] }, [EcsNic.Core.Models.NicSpec]@{ SubnetId = $args[2]; IpAddress = '192.168.1.77' }
            Add-EcsServerNic -ServerId $args[0] -Nic $specs @Connection | Wait-EcsJob -PollIntervalSec 0.1 @Connection
            """, server, subnetA, subnetB).AssertClean();

        Assert.Equal("Success", Assert.Single(run.Output).Properties["Status"].Value.ToString());
        Assert.Equal(1, Emulator.RequestsFor("BatchAddServerNics"));
        var added = Emulator.NicIdsOf(server).Except(before).Select(Emulator.Port).ToArray();
        Assert.Equal(2, added.Length);
        Assert.Contains(added, p => (string)p["fixed_ips"]![0]!["ip_address"]! == "192.168.1.77");
    }

    [Fact]
    public void Parameters_of_two_sets_are_refused_by_the_binder_before_anything_is_sent()
    {
        using var ps = _fixture.NewSession();
        var server = DemoNic.InSubnetA(Emulator)[2].ServerId;
        var subnetA = (string)Emulator.Subnets[0]["id"]!;
        var run = ps.Run("Add-EcsServerNic -ServerId $args[0] -NetworkId $args[1] -Nic ([EcsNic.Core.Models.NicSpec]@{ SubnetId = $args[1] }) @Connection",
            server, subnetA);

        Assert.Equal("AmbiguousParameterSet,EcsNic.Commands.AddEcsServerNicCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Empty(run.Output);
        Assert.Equal(0, Emulator.RequestsFor("BatchAddServerNics"));
    }

    [Fact]
    public void Wait_EcsJob_takes_job_records_piped_or_as_Job_and_IDs_by_the_Id_alias()
    {
        using var ps = _fixture.NewSession();
        var nic = DemoNic.All(Emulator)[1];
        var run = ps.Run("""
            $job = Remove-EcsServerNic -ServerId $args[0] -NicId $args[1] -Force @Connection
            (Wait-EcsJob -Job $job -PollIntervalSec 0.1 @Connection).Status.ToString()
            (Wait-EcsJob -Id $job.JobId -PollIntervalSec 0.1 @Connection).Status.ToString()
            ($job | Wait-EcsJob -PollIntervalSec 0.1 @Connection).Status.ToString()
            """, nic.ServerId, nic.PortId).AssertClean();

        Assert.Equal(new[] { "Success", "Success", "Success" }, run.Output.Select(o => o.ToString()));
        Assert.DoesNotContain(nic.PortId, Emulator.NicIdsOf(nic.ServerId));
    }

    private string Csv(string header, System.Collections.Generic.IEnumerable<string> rows)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllLines(path, new[] { header }.Concat(rows));
        return path;
    }
}
