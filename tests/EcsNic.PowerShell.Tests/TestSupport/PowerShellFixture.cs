using System;
using System.IO;
using System.Linq;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace EcsNic.PowerShell.Tests.TestSupport;

/// <summary>
/// One emulator for the whole run and a hermetic credential chain: no HUAWEICLOUD_SDK_* variable, instance metadata
/// off, and the KooCLI config pointing at a file that does not exist, so only what a test passes can authenticate.
/// The module keeps session state in statics (EcsSession.Default), so the tests run one at a time.
/// </summary>
public sealed class PowerShellFixture : IDisposable
{
    /// <summary>Short jobs, so -Wait tests are quick.</summary>
    public const int JobDurationMs = 200;

    public PowerShellFixture()
    {
        MissingKooCliConfig = Path.Combine(Path.GetTempPath(), $"ecsnic-no-koocli-{Environment.ProcessId}", "config.json");
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("HUAWEICLOUD_SDK_", StringComparison.OrdinalIgnoreCase)))
            Environment.SetEnvironmentVariable(name, null);
        Environment.SetEnvironmentVariable("ECSNIC_METADATA_ENDPOINT", "off");
        // A session that forgets -IamEndpoint reaches a closed loopback port, never a cloud host.
        Environment.SetEnvironmentVariable("HUAWEICLOUD_SDK_IAM_ENDPOINT", "http://127.0.0.1:9/");
        Environment.SetEnvironmentVariable("ECSNIC_KOOCLI_CONFIG", MissingKooCliConfig);
        Emulator = EmulatorProcess.Start(JobDurationMs);
    }

    public EmulatorProcess Emulator { get; }

    public string MissingKooCliConfig { get; }

    /// <summary>A fresh runspace on a reset emulator.</summary>
    public PowerShellSession NewSession(ScriptedHost? host = null)
    {
        Emulator.Reset();
        return new PowerShellSession(Emulator, host);
    }

    public void Dispose() => Emulator.Dispose();
}

/// <summary>Every in-process PowerShell test shares the one emulator and runs alone.</summary>
[CollectionDefinition(Name)]
public sealed class PowerShellCollection : ICollectionFixture<PowerShellFixture>
{
    public const string Name = "In-process PowerShell on the emulator";
}
