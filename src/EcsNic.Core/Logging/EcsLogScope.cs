using System;
using System.Threading;

namespace EcsNic.Core.Logging;

/// <summary>
/// Routes log lines of the calls made inside a scope to one logger. A client is shared by many cmdlet calls, but each
/// cmdlet wants the lines of its own calls; the scope flows through async calls with <see cref="AsyncLocal{T}"/>.
/// </summary>
public static class EcsLogScope
{
    private static readonly AsyncLocal<IEcsLogger?> CurrentLogger = new();

    /// <summary>The logger of the innermost scope, or null.</summary>
    public static IEcsLogger? Current => CurrentLogger.Value;

    /// <summary>Starts a scope; dispose the result to end it.</summary>
    public static IDisposable Begin(IEcsLogger logger)
    {
        var previous = CurrentLogger.Value;
        CurrentLogger.Value = logger;
        return new Scope(previous);
    }

    private sealed class Scope : IDisposable
    {
        private readonly IEcsLogger? _previous;
        private bool _disposed;

        public Scope(IEcsLogger? previous) => _previous = previous;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            CurrentLogger.Value = _previous;
        }
    }
}
