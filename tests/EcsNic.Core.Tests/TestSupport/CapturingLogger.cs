using System.Collections.Concurrent;
using System.Linq;
using EcsNic.Core.Logging;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>Keeps every log line, for assertions on what was (and was not) logged.</summary>
public sealed class CapturingLogger : IEcsLogger
{
    public ConcurrentQueue<(EcsLogLevel Level, string Message)> Lines { get; } = new();

    public void Log(EcsLogLevel level, string message) => Lines.Enqueue((level, message));

    public string[] At(EcsLogLevel level) => Lines.Where(l => l.Level == level).Select(l => l.Message).ToArray();

    public string[] All => Lines.Select(l => l.Message).ToArray();
}
