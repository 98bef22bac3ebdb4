using System;
using System.Collections.Generic;

namespace EcsNic.Emulator.Runtime;

/// <summary>The knobs that can change while the emulator runs. Every member is safe to use from any thread.</summary>
public sealed class EmulatorSettings
{
    private readonly object _gate = new();
    private readonly Queue<TimeSpan> _nextJobDurations = new();
    private bool _raceModelEnabled;
    private TimeSpan _racePause;
    private TimeSpan _jobDuration;
    private TimeSpan _clockOffset;
    private int _maxNicsPerServer;
    private bool _requireMetadataToken;
    private bool _metadataAgencyConfigured;
    private TimeSpan _temporaryCredentialLifetime;
    private Func<JobDurationRequest, TimeSpan?>? _jobDurationHook;
    private long _jobSequence;

    internal EmulatorSettings(EmulatorOptions options) => Apply(options);

    /// <summary>The lifecycle delays and quotas of VPCs, subnets and ports.</summary>
    public VpcLifecycleSettings Vpc { get; } = new();

    /// <summary>Whether allowed_address_pairs updates are read → pause → write without locks (lost updates possible).</summary>
    public bool RaceModelEnabled { get { lock (_gate) return _raceModelEnabled; } set { lock (_gate) _raceModelEnabled = value; } }

    /// <summary>The pause between the read and the write of the race model.</summary>
    public TimeSpan RacePause { get { lock (_gate) return _racePause; } set { lock (_gate) _racePause = NonNegative(value); } }

    /// <summary>How long a job takes from creation to SUCCESS/FAIL when nothing more specific applies.</summary>
    public TimeSpan JobDuration { get { lock (_gate) return _jobDuration; } set { lock (_gate) _jobDuration = NonNegative(value); } }

    /// <summary>Shifts the emulator's clock (Date header, signature window, reported times) against the real clock.</summary>
    public TimeSpan ClockOffset { get { lock (_gate) return _clockOffset; } set { lock (_gate) _clockOffset = value; } }

    /// <summary>The most NICs a server may have; attaching beyond it fails the sub-job with Ecs.0050.</summary>
    public int MaxNicsPerServer { get { lock (_gate) return _maxNicsPerServer; } set { lock (_gate) _maxNicsPerServer = Math.Max(1, value); } }

    /// <summary>Whether the metadata securitykey call requires an X-Metadata-Token (IMDSv2 style).</summary>
    public bool RequireMetadataToken { get { lock (_gate) return _requireMetadataToken; } set { lock (_gate) _requireMetadataToken = value; } }

    /// <summary>Whether the "instance" has an agency, i.e. whether securitykey hands out credentials at all.</summary>
    public bool MetadataAgencyConfigured { get { lock (_gate) return _metadataAgencyConfigured; } set { lock (_gate) _metadataAgencyConfigured = value; } }

    /// <summary>How long temporary credentials from the metadata service stay valid.</summary>
    public TimeSpan TemporaryCredentialLifetime { get { lock (_gate) return _temporaryCredentialLifetime; } set { lock (_gate) _temporaryCredentialLifetime = value; } }

    /// <summary>Optional hook that picks a duration per job (return null for the default).</summary>
    public Func<JobDurationRequest, TimeSpan?>? JobDurationHook { get { lock (_gate) return _jobDurationHook; } set { lock (_gate) _jobDurationHook = value; } }

    /// <summary>Durations handed, in order, to the next jobs created; they win over the hook and the default.</summary>
    public void EnqueueJobDurations(IEnumerable<TimeSpan> durations)
    {
        lock (_gate)
        {
            foreach (var d in durations) _nextJobDurations.Enqueue(NonNegative(d));
        }
    }

    /// <summary>The durations still queued for the next jobs.</summary>
    public IReadOnlyList<TimeSpan> QueuedJobDurations
    {
        get { lock (_gate) return _nextJobDurations.ToArray(); }
    }

    internal void ClearQueuedJobDurations()
    {
        lock (_gate) _nextJobDurations.Clear();
    }

    internal TimeSpan NextJobDuration(string jobType, string serverId)
    {
        Func<JobDurationRequest, TimeSpan?>? hook;
        TimeSpan fallback;
        long sequence;
        lock (_gate)
        {
            sequence = _jobSequence++;
            if (_nextJobDurations.Count > 0) return _nextJobDurations.Dequeue();
            hook = _jobDurationHook;
            fallback = _jobDuration;
        }
        var chosen = hook?.Invoke(new JobDurationRequest(jobType, serverId, sequence));
        return chosen is { } d ? NonNegative(d) : fallback;
    }

    internal void Apply(EmulatorOptions options)
    {
        lock (_gate)
        {
            _raceModelEnabled = options.RaceModelEnabled;
            _racePause = NonNegative(options.RacePause);
            _jobDuration = NonNegative(options.JobDuration);
            _clockOffset = options.ClockOffset;
            _maxNicsPerServer = Math.Max(1, options.MaxNicsPerServer);
            _requireMetadataToken = options.RequireMetadataToken;
            _metadataAgencyConfigured = options.MetadataAgencyConfigured;
            _temporaryCredentialLifetime = options.TemporaryCredentialLifetime;
            _jobDurationHook = options.JobDurationHook;
            _nextJobDurations.Clear();
            _jobSequence = 0;
        }
        Vpc.Reset();
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
