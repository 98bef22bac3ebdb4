using System;
using EcsNic.Emulator.State;

namespace EcsNic.Emulator.Runtime;

/// <summary>Everything one emulator instance shares between its endpoints.</summary>
internal sealed class EmulatorRuntime
{
    private readonly object _gate = new();
    private DemoAccount _account;
    private AuthFailure? _lastAuthFailure;

    public EmulatorRuntime(EmulatorOptions options)
    {
        options.Validate();
        Options = options;
        Settings = new EmulatorSettings(options);
        Clock = new EmulatorClock(options.TimeProvider, Settings);
        State = new EmulatorState(Clock, Settings);
        Counters = new EmulatorCounters();
        Faults = new FaultInjector(options.Seed);
        Credentials = new CredentialStore(options);
        _account = State.Seed(options);
        ArmStartupFaults();
    }

    public EmulatorOptions Options { get; }
    public EmulatorSettings Settings { get; }
    public EmulatorClock Clock { get; }
    public EmulatorState State { get; }
    public EmulatorCounters Counters { get; }
    public FaultInjector Faults { get; }
    public CredentialStore Credentials { get; }
    public Uri? BaseUri { get; set; }

    public DemoAccount Account
    {
        get { lock (_gate) return _account; }
    }

    public AuthFailure? LastAuthFailure
    {
        get { lock (_gate) return _lastAuthFailure; }
        set { lock (_gate) _lastAuthFailure = value; }
    }

    /// <summary>Back to the start: seeded state, start-up settings, faults and latency; counters cleared.</summary>
    public void Reset()
    {
        Settings.Apply(Options);
        Faults.ClearFaults();
        Faults.ClearLatency();
        Faults.Reseed(Options.Seed);
        ArmStartupFaults();
        Credentials.Reset(Options);
        var account = State.Seed(Options);
        lock (_gate)
        {
            _account = account;
            _lastAuthFailure = null;
        }
        Counters.Reset();
    }

    private void ArmStartupFaults()
    {
        foreach (var f in Options.Faults) Faults.Add(f);
        foreach (var l in Options.Latency) Faults.Add(l);
    }
}
