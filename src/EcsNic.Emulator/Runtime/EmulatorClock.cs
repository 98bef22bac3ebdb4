using System;
using System.Globalization;

namespace EcsNic.Emulator.Runtime;

/// <summary>
/// The emulator's two clocks: the real one (job progress, credential expiry) and the shifted one the outside world sees
/// (Date header, X-Sdk-Date window, times written into responses).
/// </summary>
internal sealed class EmulatorClock
{
    private readonly TimeProvider _timeProvider;
    private readonly EmulatorSettings _settings;

    internal EmulatorClock(TimeProvider timeProvider, EmulatorSettings settings)
    {
        _timeProvider = timeProvider;
        _settings = settings;
    }

    /// <summary>The unshifted time, which drives job progress.</summary>
    public DateTimeOffset RealUtcNow => _timeProvider.GetUtcNow();

    /// <summary>The time the emulator claims it is: real time plus the configured offset.</summary>
    public DateTimeOffset Now => RealUtcNow + _settings.ClockOffset;

    /// <summary>Shifts a real instant into the emulator's reported time.</summary>
    public DateTimeOffset Shift(DateTimeOffset real) => real + _settings.ClockOffset;

    internal static string JobTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static string VpcTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    internal static string CredentialExpiry(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    internal static string HttpDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
}
