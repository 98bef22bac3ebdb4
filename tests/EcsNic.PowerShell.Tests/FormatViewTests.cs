using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>
/// Every view of EcsNic.Format.ps1xml, rendered by PowerShell's formatter (Format-Table/Format-List -View | Out-String)
/// at 80 and 120 columns on records the module emitted from the emulator: each record's own ID is shown whole, and no
/// ID anywhere in the text is cut short or wrapped onto the next line.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class FormatViewTests
{

    private static readonly Regex IdPattern = new("^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$", RegexOptions.IgnoreCase);

    /// <summary>Each view, the control it is, the property that names its record, and a script that makes records for it.</summary>
    private static readonly Dictionary<string, (string Control, string IdProperty, string Producer)> Views = new()
    {
        ["ServerNic.Table"] = ("Table", "PortId", NicProducer),
        ["ServerNic.List"] = ("List", "PortId", NicProducer),
        ["VirtualIpBinding.Table"] = ("Table", "NicId", BindingProducer),
        ["VirtualIpBinding.List"] = ("List", "NicId", BindingProducer),
        ["NicVirtualIps.Table"] = ("Table", "NicId", NicVirtualIpsProducer),
        ["NicVirtualIps.List"] = ("List", "NicId", NicVirtualIpsProducer),
        ["VirtualIpPort.Table"] = ("Table", "NicId", VirtualIpPortProducer),
        ["VirtualIpPort.List"] = ("List", "PortId", VirtualIpPortProducer),
        ["EcsJob.Table"] = ("Table", "JobId", JobProducer),
        ["EcsJob.List"] = ("List", "JobId", JobProducer),
        ["EcsSubJob.Table"] = ("Table", "JobId", "(" + JobProducer + ").SubJobs"),
        ["EcsSubJob.List"] = ("List", "JobId", "(" + JobProducer + ").SubJobs"),
        ["EcsConnectionInfo.Table"] = ("Table", "ProjectId", "Connect-EcsCloud @Connection"),
        ["EcsConnectionInfo.List"] = ("List", "ProjectId", "Connect-EcsCloud @Connection"),
        ["EcsContext.Table"] = ("Table", "ProjectId", ContextProducer),
        ["EcsContext.List"] = ("List", "ProjectId", ContextProducer),
        ["EcsVpc.Table"] = ("Table", "VpcId", "Get-EcsVpc @Connection"),
        ["EcsVpc.List"] = ("List", "VpcId", "Get-EcsVpc @Connection"),
        ["EcsSubnet.Table"] = ("Table", "SubnetId", "Get-EcsSubnet @Connection"),
        ["EcsSubnet.List"] = ("List", "SubnetId", "Get-EcsSubnet @Connection"),
        ["VpcPort.Table"] = ("Table", "PortId", "Get-EcsNic -SubnetId $subnetA @Connection"),
        ["VpcPort.List"] = ("List", "PortId", "Get-EcsNic -SubnetId $subnetA @Connection"),
    };

    private const string NicProducer = "Get-EcsServerNic -ServerId $servers @Connection";
    private const string BindingProducer = "Get-EcsServerNic -ServerId $servers @Connection | Where-Object SubnetId -EQ $subnetA | Set-EcsNicVirtualIp -IpAddress 192.168.0.199 -ReverseBinding @Connection";
    // Two virtual IPs on every NIC of subnet A (one with reverse binding), so lists and wrapped cells hold several IDs.
    private const string BindTwoProducer = "$nics = Get-EcsServerNic -ServerId $servers @Connection | Where-Object SubnetId -EQ $subnetA; $nics | Set-EcsNicVirtualIp -IpAddress 192.168.0.197 -ReverseBinding @Connection | Out-Null; $nics | Set-EcsNicVirtualIp -IpAddress 192.168.0.198 @Connection | Out-Null";
    private const string NicVirtualIpsProducer = BindTwoProducer + "; $nics | Get-EcsNicVirtualIp @Connection";
    private const string VirtualIpPortProducer = BindTwoProducer + "; Get-EcsNicVirtualIp -IpAddress 192.168.0.197 -SubnetId $subnetA @Connection; Get-EcsNicVirtualIp -IpAddress 192.168.0.198 -SubnetId $subnetA @Connection";
    private const string ContextProducer = "Connect-EcsCloud @Connection | Out-Null; Get-EcsContext";
    private const string JobProducer = "Add-EcsServerNic -ServerId $servers[0] -SubnetId $subnetB @Connection | Wait-EcsJob -PollIntervalSec 0.1 @Connection";

    private readonly PowerShellFixture _fixture;

    public FormatViewTests(PowerShellFixture fixture) => _fixture = fixture;

    [Fact]
    public void Every_view_in_the_staged_format_file_is_rendered_by_these_tests()
    {
        using var ps = _fixture.NewSession();
        var run = ps.Run("""
            Get-FormatData -TypeName 'EcsNic.*' | ForEach-Object {
                foreach ($view in $_.FormatViewDefinition) { $view.Name }
            }
            """).AssertClean();

        Assert.Equal(Views.Keys.OrderBy(n => n, StringComparer.Ordinal), run.Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ServerNic.Table", 120)]
    [InlineData("ServerNic.Table", 80)]
    [InlineData("ServerNic.List", 120)]
    [InlineData("ServerNic.List", 80)]
    [InlineData("VirtualIpBinding.Table", 120)]
    [InlineData("VirtualIpBinding.Table", 80)]
    [InlineData("VirtualIpBinding.List", 120)]
    [InlineData("VirtualIpBinding.List", 80)]
    [InlineData("NicVirtualIps.Table", 120)]
    [InlineData("NicVirtualIps.Table", 80)]
    [InlineData("NicVirtualIps.List", 120)]
    [InlineData("NicVirtualIps.List", 80)]
    [InlineData("VirtualIpPort.Table", 120)]
    [InlineData("VirtualIpPort.Table", 80)]
    [InlineData("VirtualIpPort.List", 120)]
    [InlineData("VirtualIpPort.List", 80)]
    [InlineData("EcsJob.Table", 120)]
    [InlineData("EcsJob.Table", 80)]
    [InlineData("EcsJob.List", 120)]
    [InlineData("EcsJob.List", 80)]
    [InlineData("EcsSubJob.Table", 120)]
    [InlineData("EcsSubJob.Table", 80)]
    [InlineData("EcsSubJob.List", 120)]
    [InlineData("EcsSubJob.List", 80)]
    [InlineData("EcsConnectionInfo.Table", 120)]
    [InlineData("EcsConnectionInfo.Table", 80)]
    [InlineData("EcsConnectionInfo.List", 120)]
    [InlineData("EcsConnectionInfo.List", 80)]
    [InlineData("EcsContext.Table", 120)]
    [InlineData("EcsContext.Table", 80)]
    [InlineData("EcsContext.List", 120)]
    [InlineData("EcsContext.List", 80)]
    [InlineData("EcsVpc.Table", 120)]
    [InlineData("EcsVpc.Table", 80)]
    [InlineData("EcsVpc.List", 120)]
    [InlineData("EcsVpc.List", 80)]
    [InlineData("EcsSubnet.Table", 120)]
    [InlineData("EcsSubnet.Table", 80)]
    [InlineData("EcsSubnet.List", 120)]
    [InlineData("EcsSubnet.List", 80)]
    [InlineData("VpcPort.Table", 120)]
    [InlineData("VpcPort.Table", 80)]
    [InlineData("VpcPort.List", 120)]
    [InlineData("VpcPort.List", 80)]
    public void A_view_shows_every_ID_whole(string view, int width)
    {
        using var ps = _fixture.NewSession();
        var (control, idProperty, producer) = Views[view];
        ps.SetVariable("servers", _fixture.Emulator.Servers.Take(2).Select(s => (string)s["id"]!).ToArray());
        ps.SetVariable("subnetA", (string)_fixture.Emulator.Subnets[0]["id"]!);
        ps.SetVariable("subnetB", (string)_fixture.Emulator.Subnets[1]["id"]!);
        var run = ps.Run($$"""
            $records = @({{producer}})
            [pscustomobject]@{ Records = $records; Text = $records | Format-{{control}} -View $args[0] | Out-String -Width $args[1] }
            """, view, width).AssertClean();
        var result = Assert.Single(run.Output);
        var records = ((IEnumerable)result.Properties["Records"].Value).Cast<object>().Select(PSObject.AsPSObject).ToArray();
        var text = result.Properties["Text"].Value.ToString() ?? string.Empty;
        Assert.NotEmpty(records);

        var failures = new List<string>();
        foreach (var record in records)
        {
            var own = record.Properties[idProperty].Value.ToString() ?? string.Empty;
            if (!text.Contains(own, StringComparison.OrdinalIgnoreCase)) failures.Add($"{idProperty} {own} is not shown whole");
            foreach (var id in IdsOf(record))
            {
                // Any visible start of an ID must go on to its end on the same line.
                var head = id[..8];
                for (var at = text.IndexOf(head, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(head, at + 1, StringComparison.OrdinalIgnoreCase))
                {
                    if (string.Compare(text, at, id, 0, id.Length, StringComparison.OrdinalIgnoreCase) != 0)
                        failures.Add($"{id} is cut or wrapped: '{text.Substring(at, Math.Min(id.Length + 2, text.Length - at)).ReplaceLineEndings("⏎")}'");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{view} at {width} columns:\n{string.Join("\n", failures.Distinct())}\n{text}");
    }

    // The IDs a record carries: its string properties shaped like a UUID or a job ID, in arrays and sub-records too.
    private static IEnumerable<string> IdsOf(PSObject record)
    {
        foreach (var property in record.Properties)
        {
            object? value;
            try
            {
                value = property.Value;
            }
            catch (GetValueException)
            {
                continue;
            }
            var values = value is string or null ? new[] { value } : value is IEnumerable many ? many.Cast<object?>() : new[] { value };
            foreach (var item in values)
            {
                if (item is string s && IdPattern.IsMatch(s)) yield return s;
                else if (item is not null && item is not string && !item.GetType().IsPrimitive && item.GetType().Namespace?.StartsWith("EcsNic", StringComparison.Ordinal) == true)
                {
                    foreach (var nested in PSObject.AsPSObject(item).Properties.Select(p => p.Value).OfType<string>().Where(v => IdPattern.IsMatch(v)))
                        yield return nested;
                }
            }
        }
    }
}
