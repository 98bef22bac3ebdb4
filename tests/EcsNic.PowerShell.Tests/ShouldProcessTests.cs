using System;
using System.Linq;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>-WhatIf sends nothing; -Confirm asks the host, naming the action and the target, and does what it is told.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class ShouldProcessTests
{
    private const string ThreeRows = """
        $rows = for ($i = 0; $i -lt $args[0].Count; $i++) {
            [pscustomobject]@{ NicId = $args[0][$i]; SubnetId = $args[1]; IpAddress = "192.168.0.$(140 + $i)" }
        }
        """;

    private readonly PowerShellFixture _fixture;

    public ShouldProcessTests(PowerShellFixture fixture) => _fixture = fixture;

    private EmulatorProcess Emulator => _fixture.Emulator;

    [Fact]
    public void WhatIf_sends_nothing_and_says_what_each_cmdlet_would_do()
    {
        var host = new ScriptedHost();
        using var ps = _fixture.NewSession(host);
        var nics = DemoNic.InSubnetA(Emulator);
        var subnetB = (string)Emulator.Subnets[1]["id"]!;
        // The primary NIC is refused before anything is sent or previewed, so the detach preview names the other one.
        var secondary = (string)Emulator.Servers.Single(s => (string)s["id"]! == nics[0].ServerId)["nics"]!.AsArray()
            .Select(n => n!["port_id"]!).Single(id => (string)id! != nics[0].PortId)!;
        var run = ps.Run(ThreeRows + """

            $rows | Set-EcsNicVirtualIp -WhatIf @Connection
            Remove-EcsNicVirtualIp -NicId $args[0][0] -WhatIf -Force @Connection
            Add-EcsServerNic -ServerId $args[2] -SubnetId $args[3] -Wait -WhatIf @Connection
            Remove-EcsServerNic -ServerId $args[2] -NicId $args[4] -WhatIf -Force @Connection
            """, nics.Select(n => n.PortId).ToArray(), nics[0].SubnetId, nics[0].ServerId, subnetB, secondary).AssertClean();

        Assert.Empty(run.Output);
        // Nothing that changes anything: Remove-EcsServerNic may read the server to tell its primary NIC, nothing else.
        Assert.All(Emulator.Paths(), p => Assert.Equal($"GET /v1/{Emulator.ProjectId}/cloudservers/{nics[0].ServerId}", p));
        Assert.Empty(host.Prompts);
        var lines = host.Lines;
        Assert.Equal(nics.Count + 3, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("What if: Performing the operation \"", l, StringComparison.Ordinal));
        for (var i = 0; i < nics.Count; i++)
            Assert.Contains(lines, l => l.Contains($"Bind virtual IP 192.168.0.{140 + i} (subnet {nics[0].SubnetId})", StringComparison.Ordinal)
                                        && l.Contains($"on target \"NIC {nics[i].PortId}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Unbind virtual IP", StringComparison.Ordinal) && l.Contains($"\"NIC {nics[0].PortId}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Attach ", StringComparison.Ordinal) && l.Contains(subnetB, StringComparison.Ordinal)
                                    && l.Contains($"on target \"server {nics[0].ServerId}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"\"Detach NIC(s) {secondary}", StringComparison.Ordinal)
                                    && l.Contains($"on target \"server {nics[0].ServerId}", StringComparison.Ordinal));
    }

    [Fact]
    public void Confirm_asks_for_each_record_and_binds_only_those_answered_yes()
    {
        var host = new ScriptedHost();
        host.Answers.Enqueue("Yes");
        host.Answers.Enqueue("No");
        host.Answers.Enqueue("Yes");
        using var ps = _fixture.NewSession(host);
        var nics = DemoNic.InSubnetA(Emulator);
        var run = ps.Run(ThreeRows + "\n$rows | Set-EcsNicVirtualIp -Confirm @Connection", nics.Select(n => n.PortId).ToArray(), nics[0].SubnetId).AssertClean();

        Assert.Equal(3, host.Prompts.Count);
        for (var i = 0; i < nics.Count; i++)
        {
            var prompt = host.Prompts[i];
            Assert.Equal("Confirm", prompt.Caption);
            Assert.Contains($"\"Bind virtual IP 192.168.0.{140 + i} (subnet {nics[0].SubnetId})\"", prompt.Message, StringComparison.Ordinal);
            Assert.Contains($"\"NIC {nics[i].PortId}", prompt.Message, StringComparison.Ordinal);
            Assert.Contains("Yes to All", prompt.Choices);
        }
        Assert.Equal(new[] { nics[0].PortId, nics[2].PortId }, run.Output.Select(o => (string)o.Properties["NicId"].Value));
        Assert.Equal(new[] { "192.168.0.140" }, Emulator.AllowedAddresses(nics[0].PortId));
        Assert.Empty(Emulator.AllowedAddresses(nics[1].PortId));
        Assert.Equal(new[] { "192.168.0.142" }, Emulator.AllowedAddresses(nics[2].PortId));
        Assert.Equal(2, Emulator.RequestsFor("AssociateServerVirtualIp"));
    }

    [Theory]
    [InlineData("Yes to All", true)]
    [InlineData("No to All", false)]
    public void An_answer_for_all_asks_once_and_holds_for_every_record(string answer, bool bound)
    {
        var host = new ScriptedHost();
        host.Answers.Enqueue(answer);
        using var ps = _fixture.NewSession(host);
        var nics = DemoNic.InSubnetA(Emulator);
        var run = ps.Run(ThreeRows + "\n$rows | Set-EcsNicVirtualIp -Confirm @Connection", nics.Select(n => n.PortId).ToArray(), nics[0].SubnetId).AssertClean();

        Assert.Single(host.Prompts);
        Assert.Equal(bound ? nics.Select(n => n.PortId) : Enumerable.Empty<string>(), run.Output.Select(o => (string)o.Properties["NicId"].Value));
        Assert.Equal(bound ? nics.Count : 0, Emulator.RequestsFor("AssociateServerVirtualIp"));
    }

    [Fact]
    public void Detaching_asks_without_Confirm_because_its_impact_is_high_and_Force_skips_the_question()
    {
        var host = new ScriptedHost();
        host.Answers.Enqueue("No");
        using var ps = _fixture.NewSession(host);
        var nic = DemoNic.All(Emulator)[1];
        var refused = ps.Run("Remove-EcsServerNic -ServerId $args[0] -NicId $args[1] @Connection", nic.ServerId, nic.PortId).AssertClean();

        var prompt = Assert.Single(host.Prompts);
        Assert.Contains($"\"Detach NIC(s) {nic.PortId}", prompt.Message, StringComparison.Ordinal);
        Assert.Contains($"\"server {nic.ServerId}", prompt.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Output);
        Assert.Equal(0, Emulator.RequestsFor("BatchDeleteServerNics"));

        var forced = ps.Run("Remove-EcsServerNic -ServerId $args[0] -NicId $args[1] -Force @Connection", nic.ServerId, nic.PortId).AssertClean();
        Assert.Single(host.Prompts);
        Assert.Single(forced.Output);
        Assert.Equal(1, Emulator.RequestsFor("BatchDeleteServerNics"));
    }

    [Fact]
    public void An_explicit_Confirm_still_asks_despite_Force()
    {
        var host = new ScriptedHost();
        host.Answers.Enqueue("No");
        using var ps = _fixture.NewSession(host);
        var nic = DemoNic.InSubnetA(Emulator)[0];
        ps.Run("Remove-EcsNicVirtualIp -NicId $args[0] -Force -Confirm @Connection", nic.PortId).AssertClean();

        Assert.Contains("\"Unbind virtual IP", Assert.Single(host.Prompts).Message, StringComparison.Ordinal);
        Assert.Equal(0, Emulator.RequestsFor("DisassociateServerVirtualIp"));
    }
}
