using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Integration;

/// <summary>The README's main command runs this tour; it must keep working.</summary>
public sealed class DemoTourTests
{
    [Fact]
    public async Task The_demo_tour_completes_every_step_against_a_fresh_emulator()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var output = new StringWriter();

        var exit = await DemoTour.RunAsync(host, output, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("Demo finished:", text);
        Assert.Contains($"{DemoTour.HaVirtualIp} -> ", text);
        Assert.Equal(1, host.GetCounters().RequestsFor("BatchAddServerNics"));
        Assert.Equal(3, host.GetCounters().RequestsFor("DisassociateServerVirtualIp"));
        var vip = host.State.FindVirtualIp(host.Account.Subnet.Id, DemoTour.HaVirtualIp);
        Assert.NotNull(vip);
        Assert.Empty(vip!.AllowedAddressPairs);
        Assert.DoesNotContain(host.Account.SecretKey, text);
    }
}
