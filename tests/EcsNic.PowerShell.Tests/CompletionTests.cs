using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using EcsNic.PowerShell.Tests.TestSupport;
using Xunit;

namespace EcsNic.PowerShell.Tests;

/// <summary>The argument completers as PowerShell calls them for Tab (CommandCompletion.CompleteInput); none calls the cloud.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class CompletionTests
{
    private readonly PowerShellFixture _fixture;

    public CompletionTests(PowerShellFixture fixture) => _fixture = fixture;

    private EmulatorProcess Emulator => _fixture.Emulator;

    [Fact]
    public void Region_completes_the_known_regions_that_start_with_the_word()
    {
        using var ps = _fixture.NewSession();
        var matches = ps.Complete("Get-EcsServerNic -Region cn-no").Select(c => c.CompletionText).ToArray();

        Assert.Contains("cn-north-4", matches);
        Assert.All(matches, m => Assert.StartsWith("cn-no", m, StringComparison.Ordinal));
        Assert.Contains("ap-southeast-1", ps.Complete("Set-EcsNicVirtualIp -Region ap-").Select(c => c.CompletionText));
        Assert.Equal(0L, Emulator.Counters()["total_requests"]!.GetValue<long>());
    }

    [Fact]
    public void ProfileName_completes_the_KooCLI_profiles_current_first_and_shows_no_key()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ecsnic-inproc-koocli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "config.json");
        File.WriteAllText(config, new JsonObject
        {
            ["current"] = "prod",
            ["profiles"] = new JsonArray(
                new JsonObject { ["name"] = "dev", ["mode"] = "AKSK", ["accessKeyId"] = "DEVACCESSKEY0000000A", ["secretAccessKey"] = "dev-secret-canary-1", ["region"] = "cn-north-4" },
                new JsonObject { ["name"] = "prod", ["mode"] = "AKSK", ["accessKeyId"] = "PRODACCESSKEY000000B", ["secretAccessKey"] = "prod-secret-canary-2", ["region"] = "ap-southeast-1" }),
        }.ToJsonString());
        Environment.SetEnvironmentVariable("ECSNIC_KOOCLI_CONFIG", config);
        try
        {
            using var ps = _fixture.NewSession();
            var all = ps.Complete("Get-EcsServerNic -ProfileName ");
            var d = ps.Complete("Connect-EcsCloud -ProfileName d");

            Assert.Equal(new[] { "prod", "dev" }, all.Select(c => c.CompletionText));
            Assert.Equal(new[] { "dev" }, d.Select(c => c.CompletionText));
            var shown = string.Join("\n", all.Select(c => c.ListItemText + " " + c.ToolTip));
            Assert.DoesNotContain("secret-canary", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("ACCESSKEY0000", shown, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ECSNIC_KOOCLI_CONFIG", _fixture.MissingKooCliConfig);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ServerId_and_NicId_complete_from_the_NICs_the_session_has_listed_without_calling_the_cloud()
    {
        using var ps = _fixture.NewSession();
        var nics = DemoNic.All(Emulator).Where(n => n.IpAddress.StartsWith("192.168.", StringComparison.Ordinal)).ToArray();
        var first = nics[0].ServerId;
        var last = nics[^1].ServerId;
        Assert.DoesNotContain(ps.Complete("Remove-EcsServerNic -ServerId "), c => nics.Any(n => n.ServerId == c.CompletionText));
        ps.Run("Get-EcsServerNic -ServerId $args[0] @Connection | Out-Null", new object[] { nics.Select(n => n.ServerId).Distinct().ToArray() }).AssertClean();
        var before = Emulator.Counters()["total_requests"]!.GetValue<long>();

        var servers = ps.Complete("Remove-EcsServerNic -ServerId ").Select(c => c.CompletionText).ToArray();
        var byPrefix = ps.Complete("Get-EcsServerNic -ServerId " + first[..4]).Select(c => c.CompletionText).ToArray();
        var allNics = ps.Complete("Set-EcsNicVirtualIp -NicId ");
        var firstServersNics = ps.Complete($"Remove-EcsServerNic -ServerId {first} -NicId ").Select(c => c.CompletionText).ToArray();

        // Most recent first: the server listed last comes first.
        Assert.Equal(nics.Select(n => n.ServerId).Distinct().Reverse(), servers);
        Assert.Equal(last, servers[0]);
        Assert.Equal(new[] { first }, byPrefix);
        Assert.Equal(nics.Select(n => n.PortId).OrderBy(x => x), allNics.Select(c => c.CompletionText).OrderBy(x => x));
        Assert.Contains(allNics, c => c.ListItemText.Contains(nics[0].IpAddress, StringComparison.Ordinal) || c.ToolTip.Contains(nics[0].IpAddress, StringComparison.Ordinal));
        Assert.Equal(nics.Where(n => n.ServerId == first).Select(n => n.PortId).OrderBy(x => x), firstServersNics.OrderBy(x => x));
        Assert.Equal(before, Emulator.Counters()["total_requests"]!.GetValue<long>());
    }
}
