using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Logging;
using EcsNic.Core.Workflows;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>An operation sink that keeps what it is told, in order, from any thread.</summary>
public sealed class RecordingSink : IOperationSink
{
    private readonly object _gate = new();
    private readonly List<object> _records = new();
    private readonly List<(Exception, object?)> _errors = new();
    private readonly List<string> _lines = new();

    public IReadOnlyList<object> Records
    {
        get { lock (_gate) return _records.ToList(); }
    }

    public IReadOnlyList<(Exception Error, object? Target)> Errors
    {
        get { lock (_gate) return _errors.ToList(); }
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return _lines.ToList(); }
    }

    public void Output(object record)
    {
        lock (_gate) _records.Add(record);
    }

    public void Error(Exception error, object? target)
    {
        lock (_gate) _errors.Add((error, target));
    }

    public void Log(EcsLogLevel level, string message)
    {
        lock (_gate) _lines.Add(message);
    }

    public void Progress(OperationProgress progress)
    {
    }
}
