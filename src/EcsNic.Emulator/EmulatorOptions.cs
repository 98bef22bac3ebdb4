using System;
using System.Collections.Generic;
using EcsNic.Emulator.Runtime;

namespace EcsNic.Emulator;

/// <summary>How an emulator starts. Everything here except the account and the seed can also be changed at run time.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The permanent access key of the demo account.</summary>
    public string AccessKey { get; set; } = DemoAccount.DefaultAccessKey;

    /// <summary>The secret key of the demo account.</summary>
    public string SecretKey { get; set; } = DemoAccount.DefaultSecretKey;

    /// <summary>The project ID of the demo account (32 hex digits).</summary>
    public string ProjectId { get; set; } = DemoAccount.DefaultProjectId;

    /// <summary>The account (domain) ID.</summary>
    public string DomainId { get; set; } = DemoAccount.DefaultDomainId;

    /// <summary>The region, which is also the project name IAM returns.</summary>
    public string Region { get; set; } = DemoAccount.DefaultRegion;

    /// <summary>Seeds every generated ID, MAC and the fault dice, so two emulators with the same seed look the same.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>How many demo servers to seed in the demo VPC (1 to 200); one more server lives in the other VPC.</summary>
    public int ServerCount { get; set; } = 3;

    /// <summary>The most NICs a server may have.</summary>
    public int MaxNicsPerServer { get; set; } = 12;

    /// <summary>How long a job takes by default.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Optional per-job duration hook (return null for <see cref="JobDuration"/>).</summary>
    public Func<JobDurationRequest, TimeSpan?>? JobDurationHook { get; set; }

    /// <summary>
    /// Whether allowed_address_pairs updates race (read → pause → write, no lock), as the real service can. On by default:
    /// the emulator is the yardstick, and a client that does not serialise updates of one port must be able to fail.
    /// </summary>
    public bool RaceModelEnabled { get; set; } = true;

    /// <summary>The pause between read and write in the race model.</summary>
    public TimeSpan RacePause { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Shifts the emulator's clock against the real clock.</summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>Whether GET securitykey requires the X-Metadata-Token from PUT api/token.</summary>
    public bool RequireMetadataToken { get; set; }

    /// <summary>Whether the "instance" has an agency; without one securitykey answers 401 "Please configure Cloud Service Agency first".</summary>
    public bool MetadataAgencyConfigured { get; set; } = true;

    /// <summary>How long metadata-issued temporary credentials are valid.</summary>
    public TimeSpan TemporaryCredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The clock; tests may pass a manual one to drive job progress.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Faults armed from the start.</summary>
    public IList<FaultRule> Faults { get; } = new List<FaultRule>();

    /// <summary>Latency armed from the start.</summary>
    public IList<LatencyRule> Latency { get; } = new List<LatencyRule>();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(AccessKey)) throw new ArgumentException("The access key is empty.", nameof(AccessKey));
        if (string.IsNullOrEmpty(SecretKey)) throw new ArgumentException("The secret key is empty.", nameof(SecretKey));
        if (string.IsNullOrWhiteSpace(ProjectId)) throw new ArgumentException("The project ID is empty.", nameof(ProjectId));
        if (string.IsNullOrWhiteSpace(Region)) throw new ArgumentException("The region is empty.", nameof(Region));
        if (ServerCount is < 1 or > 200)
            throw new ArgumentOutOfRangeException(nameof(ServerCount), ServerCount, "ServerCount must be between 1 and 200.");
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
