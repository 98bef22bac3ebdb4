using System;
using System.Collections.Concurrent;
using System.Threading;
using EcsNic.Core.Logging;

namespace EcsNic.Core.Session;

/// <summary>
/// Collects log lines from any thread so that the cmdlet can write them on the pipeline thread, the only thread allowed
/// to call WriteVerbose, WriteDebug and WriteWarning. Levels the user did not ask for are dropped at once.
/// </summary>
public sealed class QueuedLogger : IEcsLogger
{
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private readonly int _capacity;
    private int _count;
    private int _dropped;

    /// <summary>Creates the logger; warnings are always kept, verbose and debug lines only when enabled.</summary>
    public QueuedLogger(bool verbose, bool debug, int capacity = 10_000)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        VerboseEnabled = verbose;
        DebugEnabled = debug;
        _capacity = capacity;
    }

    /// <summary>Whether verbose lines are kept.</summary>
    public bool VerboseEnabled { get; }

    /// <summary>Whether debug lines are kept.</summary>
    public bool DebugEnabled { get; }

    /// <summary>Lines waiting to be written.</summary>
    public int Pending => Volatile.Read(ref _count);

    /// <inheritdoc />
    public void Log(EcsLogLevel level, string message)
    {
        if (level == EcsLogLevel.Debug && !DebugEnabled) return;
        if (level == EcsLogLevel.Verbose && !VerboseEnabled) return;
        // A long wait with debug output on must not grow without bound; the drop is reported on the next drain.
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _dropped);
            return;
        }
        _lines.Enqueue(new LogLine(level, message ?? string.Empty));
    }

    /// <summary>Hands every queued line to <paramref name="write"/>, in order; call it on the pipeline thread.</summary>
    public void Drain(Action<EcsLogLevel, string> write)
    {
        if (write is null) throw new ArgumentNullException(nameof(write));
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0)
            write(EcsLogLevel.Warning, $"{dropped} log line(s) were dropped because they arrived faster than they could be written.");
        while (_lines.TryDequeue(out var line))
        {
            Interlocked.Decrement(ref _count);
            write(line.Level, line.Message);
        }
    }

    private readonly struct LogLine
    {
        public LogLine(EcsLogLevel level, string message)
        {
            Level = level;
            Message = message;
        }

        public EcsLogLevel Level { get; }

        public string Message { get; }
    }
}
