using System;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

/// <summary>The emulator's start-up text in an 80-column terminal (issue 13).</summary>
public sealed class BannerTests
{
    [Fact]
    public async Task Every_line_of_the_banner_fits_80_columns_and_keeps_each_id_whole()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var text = Banner.Describe(host);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        var account = host.Account;
        Assert.Contains(account.ProjectId, text);
        foreach (var server in account.Servers)
        {
            Assert.Contains(lines, l => l.Contains(server.Id, StringComparison.Ordinal));
            foreach (var nic in server.Nics)
                Assert.Contains(lines, l => l.Contains(nic.PortId, StringComparison.Ordinal) && l.Contains(nic.IpAddress, StringComparison.Ordinal));
        }
    }
}
