using System.IO;
using System.Linq;
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
        var spare = host.Account.Servers[2].Id;
        var nicsBefore = host.State.GetServerNics(spare).Select(n => n.Id).ToList();

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

        // attach -> wait -> listed -> bind -> unbind -> detach -> wait: the attached NIC existed, and is gone again.
        var attachJob = Assert.Single(host.State.GetJobs(), j => j.ServerId == spare && j.SubJobs.Any(s => s.JobType == "addNic"));
        var attached = Assert.Single(attachJob.SubJobs).NicId;
        Assert.DoesNotContain(attached, nicsBefore);
        Assert.Contains($"new NIC {attached}", text);
        Assert.Equal(nicsBefore, host.State.GetServerNics(spare).Select(n => n.Id).ToList());
    }
}
