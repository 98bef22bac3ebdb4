using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Logging;
using EcsNic.Core.Workflows;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>One report to a <see cref="EventRecordingSink"/>: its kind, and the record, error or line.</summary>
public sealed record SinkEvent(string Kind, object? Item, object? Target = null, EcsLogLevel Level = EcsLogLevel.Debug);

/// <summary>An operation sink that keeps everything reported, in order, for a test to read.</summary>
public sealed class EventRecordingSink : IOperationSink
{
    private readonly ConcurrentQueue<SinkEvent> _events = new();

    public IReadOnlyList<SinkEvent> Events => _events.ToArray();

    public IReadOnlyList<object> Outputs => Of("Output").Select(e => e.Item!).ToArray();

    public IReadOnlyList<SinkEvent> Errors => Of("Error");

    public IReadOnlyList<string> Lines(EcsLogLevel level) => Of("Log").Where(e => e.Level == level).Select(e => (string)e.Item!).ToArray();

    public void Output(object record) => _events.Enqueue(new SinkEvent("Output", record));

    public void Error(Exception error, object? target) => _events.Enqueue(new SinkEvent("Error", error, target));

    public void Log(EcsLogLevel level, string message) => _events.Enqueue(new SinkEvent("Log", message, null, level));

    public void Progress(OperationProgress progress) => _events.Enqueue(new SinkEvent("Progress", progress));

    private IReadOnlyList<SinkEvent> Of(string kind) => _events.Where(e => e.Kind == kind).ToArray();
}
