using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using EcsNic.Emulator.Endpoints;
using EcsNic.Emulator.Http;
using EcsNic.Emulator.Runtime;
using EcsNic.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EcsNic.Emulator;

/// <summary>
/// A running emulator: Kestrel on loopback serving ECS, VPC, IAM, instance metadata and the <c>/_emulator/</c> control
/// API on one address. Tests start one in-process with <see cref="StartAsync(EmulatorOptions?)"/> and drive it over real
/// HTTP; the members below mirror the control API for direct use.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorRuntime _runtime;
    private int _disposed;

    private EmulatorHost(WebApplication app, EmulatorRuntime runtime, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        _runtime = runtime;
        Addresses = addresses;
    }

    /// <summary>The base address, e.g. http://127.0.0.1:50123/: ECS and VPC of the main region, and instance metadata.</summary>
    public Uri BaseUri => Addresses[0];

    /// <summary>
    /// Where IAM lives, {BaseUri}iam/: give it as the IAM endpoint (HUAWEICLOUD_SDK_IAM_ENDPOINT, -IamEndpoint). The base
    /// address does not serve IAM, as an ECS host of the real cloud does not.
    /// </summary>
    public Uri IamBaseUri => new(BaseUri, IamEndpoints.RoutePrefix.TrimStart('/') + "/");

    /// <summary>The ECS and VPC address of a region the emulator serves: {BaseUri} for the main one, {BaseUri}region/{region}/ for any.</summary>
    public Uri RegionBaseUri(string region) => new(BaseUri, RegionRouting.Prefix.TrimStart('/') + "/" + region + "/");

    /// <summary>Every address the emulator listens on.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The control API root, {BaseUri}_emulator/.</summary>
    public Uri ControlUri => new(BaseUri, "_emulator/");

    /// <summary>The metadata base address to give a metadata credential provider instead of http://169.254.169.254/.</summary>
    public Uri MetadataBaseUri => BaseUri;

    /// <summary>The seeded account: credentials, project, region and the IDs of the seeded VPCs, subnets, servers and NICs.</summary>
    public DemoAccount Account => _runtime.Account;

    /// <summary>The emulated cloud, for assertions (ports and their allowed_address_pairs, servers' NICs, jobs).</summary>
    public EmulatorState State => _runtime.State;

    /// <summary>Request, fault and authentication counters and the path log.</summary>
    public EmulatorCounters Counters => _runtime.Counters;

    /// <summary>Run-time settings: race model, job timing, clock offset, NIC quota, metadata behaviour.</summary>
    public EmulatorSettings Settings => _runtime.Settings;

    /// <summary>Armed faults and latency.</summary>
    public FaultInjector Faults => _runtime.Faults;

    /// <summary>The accepted credentials (permanent and metadata-issued).</summary>
    public CredentialStore Credentials => _runtime.Credentials;

    /// <summary>Why the last signed request was refused (canonical request included, secrets redacted), or null.</summary>
    public AuthFailure? LastAuthFailure => _runtime.LastAuthFailure;

    /// <summary>Starts an emulator on 127.0.0.1 with a free port.</summary>
    public static Task<EmulatorHost> StartAsync(EmulatorOptions? options = null) =>
        StartAsync(options ?? new EmulatorOptions(), new[] { new IPEndPoint(IPAddress.Loopback, 0) });

    internal static async Task<EmulatorHost> StartAsync(EmulatorOptions options, IReadOnlyList<IPEndPoint> endpoints)
    {
        var runtime = new EmulatorRuntime(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var endpoint in endpoints) kestrel.Listen(endpoint);
        });
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        var pipeline = new ApiPipeline(runtime);
        app.Use(pipeline.StampAsync);
        app.Use((context, next) => RegionRouting.RouteAsync(runtime, context, next));
        app.UseRouting();
        app.Use(pipeline.InvokeAsync);
        EcsEndpoints.Map(app, runtime);
        VpcEndpoints.Map(app, runtime);
        IamEndpoints.Map(app, runtime);
        QuotaEndpoints.Map(app, runtime);
        MetadataEndpoints.Map(app, runtime);
        ControlEndpoints.Map(app, runtime);
        VpcControlEndpoints.Map(app, runtime);

        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a.EndsWith('/') ? a : a + "/")).ToArray() ?? Array.Empty<Uri>();
        if (addresses.Length == 0)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("Kestrel started without reporting an address.");
        }
        runtime.BaseUri = addresses[0];
        return new EmulatorHost(app, runtime, addresses);
    }

    /// <summary>Arms a fault.</summary>
    public void AddFault(FaultRule rule) => _runtime.Faults.Add(rule);

    /// <summary>Disarms every fault.</summary>
    public void ClearFaults() => _runtime.Faults.ClearFaults();

    /// <summary>Arms latency.</summary>
    public void AddLatency(LatencyRule rule) => _runtime.Faults.Add(rule);

    /// <summary>Removes all latency.</summary>
    public void ClearLatency() => _runtime.Faults.ClearLatency();

    /// <summary>Turns the allowed_address_pairs race model on or off, optionally with a new pause.</summary>
    public void SetRaceModel(bool enabled, TimeSpan? pause = null)
    {
        _runtime.Settings.RaceModelEnabled = enabled;
        if (pause is { } p) _runtime.Settings.RacePause = p;
    }

    /// <summary>Sets the default job duration.</summary>
    public void SetJobDuration(TimeSpan duration) => _runtime.Settings.JobDuration = duration;

    /// <summary>Gives the next jobs these durations, in order.</summary>
    public void EnqueueJobDurations(params TimeSpan[] durations) => _runtime.Settings.EnqueueJobDurations(durations);

    /// <summary>Sets (or clears, with null) the per-job duration hook.</summary>
    public void SetJobDurationHook(Func<JobDurationRequest, TimeSpan?>? hook) => _runtime.Settings.JobDurationHook = hook;

    /// <summary>Shifts the emulator's clock (Date header and signature window).</summary>
    public void SetClockOffset(TimeSpan offset) => _runtime.Settings.ClockOffset = offset;

    /// <summary>Sets the NIC quota per server.</summary>
    public void SetMaxNicsPerServer(int max) => _runtime.Settings.MaxNicsPerServer = max;

    /// <summary>Makes every metadata-issued credential expire now.</summary>
    public void ExpireTemporaryCredentials() => _runtime.Credentials.ExpireTemporaryCredentials();

    /// <summary>Copies the counters.</summary>
    public CountersSnapshot GetCounters() => _runtime.Counters.Snapshot();

    /// <summary>Clears the counters and the path log.</summary>
    public void ResetCounters() => _runtime.Counters.Reset();

    /// <summary>Back to the start: seeded state (same IDs), start-up settings, faults and latency; counters cleared.</summary>
    public void Reset() => _runtime.Reset();

    /// <summary>A port's allowed_address_pairs (empty if the port does not exist).</summary>
    public IReadOnlyList<AddressPair> AllowedAddressPairs(string portId) =>
        _runtime.State.GetPort(portId)?.AllowedAddressPairs ?? Array.Empty<AddressPair>();

    /// <summary>Stops Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
