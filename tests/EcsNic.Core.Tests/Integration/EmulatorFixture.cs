using System;
using System.Threading.Tasks;
using EcsNic.Core.Api;
using EcsNic.Core.Auth;
using EcsNic.Core.Tests.TestSupport;
using EcsNic.Emulator;
using Xunit;

namespace EcsNic.Core.Tests.Integration;

/// <summary>One emulator for a test class, reset before each use; clients talk to it over real HTTP on 127.0.0.1.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; } = null!;

    public DemoAccount Account => Host.Account;

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            JobDuration = TimeSpan.FromMilliseconds(150),
            RaceModelEnabled = false,
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A fresh client (no skew learned yet) on the emulator, with instant retry waits.</summary>
    public EcsClient Client(InstantDelayClock? clock = null, ICredentialProvider? credentials = null, bool withProjectId = true,
        Action<EcsClientOptions>? configure = null)
    {
        var options = new EcsClientOptions
        {
            Region = Account.Region,
            Endpoint = Host.BaseUri,
            IamEndpoint = Host.IamBaseUri,
            ProjectId = withProjectId ? Account.ProjectId : null,
            Clock = clock ?? new InstantDelayClock(),
            Timeout = TimeSpan.FromSeconds(10),
            Retry = new RetryOptions { Jitter = () => 0.5 },
        };
        configure?.Invoke(options);
        return new EcsClient(options, credentials ?? new FixedCredentialProvider(Account.CreateCredentials()));
    }
}
