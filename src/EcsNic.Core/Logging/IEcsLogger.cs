
namespace EcsNic.Core.Logging;

/// <summary>How loud a log line is; the module maps these to Write-Debug, Write-Verbose and Write-Warning.</summary>
public enum EcsLogLevel
{
    /// <summary>Wire-level detail: each request and response line, redacted.</summary>
    Debug,
    /// <summary>One line per operation or retry decision.</summary>
    Verbose,
    /// <summary>Something the user should see, such as an insecure endpoint.</summary>
    Warning,
}

/// <summary>
/// A log sink. Implementations must be thread-safe: the HTTP pipeline logs from pool threads. Messages given to a logger
/// are already redacted; they never contain secret keys, tokens or signatures.
/// </summary>
public interface IEcsLogger
{
    /// <summary>Records one message.</summary>
    void Log(EcsLogLevel level, string message);
}

/// <summary>A logger that drops everything.</summary>
public sealed class NullEcsLogger : IEcsLogger
{
    /// <summary>The shared instance.</summary>
    public static NullEcsLogger Instance { get; } = new();

    /// <inheritdoc />
    public void Log(EcsLogLevel level, string message)
    {
    }
}
