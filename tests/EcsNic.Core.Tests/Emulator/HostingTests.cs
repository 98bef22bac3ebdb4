using System;
using System.Linq;
using System.Threading.Tasks;
using EcsNic.Emulator;
using EcsNic.Emulator.Runtime;
using Xunit;

namespace EcsNic.Core.Tests.Emulator;

public sealed class HostingTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5999")]
    [InlineData("http://*:5999")]
    [InlineData("http://127.0.0.1:5999;http://10.1.2.3:5999")]
    public async Task The_executable_refuses_a_non_loopback_address(string urls)
    {
        var exit = await Program.Main(new[] { "--urls", urls });

        Assert.Equal(Program.RemoteRefused, exit);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--urls", "https://127.0.0.1:5999")]
    [InlineData("--urls", "http://example.com:5999")]
    [InlineData("--race", "sometimes")]
    [InlineData("--fault", "ShowJob:explode")]
    public async Task The_executable_rejects_a_bad_command_line(params string[] args)
    {
        Assert.Equal(Program.UsageError, await Program.Main(args));
    }

    [Fact]
    public void The_command_line_is_parsed_into_options()
    {
        var line = EmulatorCommandLine.Parse(new[]
        {
            "--urls", "http://localhost:6000", "--servers", "7", "--job-duration-ms", "250", "--race", "off",
            "--fault", "ShowJob:throttle:0:5", "--latency", "*:10-20:3", "--clock-offset-seconds", "-90",
        });

        Assert.Equal(6000, line.Endpoints.Single().Port);
        Assert.Empty(line.NonLoopback);
        Assert.Equal(7, line.Options.ServerCount);
        Assert.Equal(TimeSpan.FromMilliseconds(250), line.Options.JobDuration);
        Assert.False(line.Options.RaceModelEnabled);
        var fault = line.Options.Faults.Single();
        Assert.Equal((Operations.ShowJob, FaultKind.Throttle, (int?)null, (int?)5), (fault.Operation, fault.Kind, fault.Count, fault.RetryAfterSeconds));
        var latency = line.Options.Latency.Single();
        Assert.Equal((TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), (int?)3), (latency.Min, latency.Max, latency.Count));
        Assert.Equal(TimeSpan.FromSeconds(-90), line.Options.ClockOffset);
    }

    [Fact]
    public async Task Options_are_validated()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => EmulatorHost.StartAsync(new EmulatorOptions { ServerCount = 0 }));
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        var host = await EmulatorHost.StartAsync();
        await host.DisposeAsync();
        await host.DisposeAsync();
    }
}
