using System;
using System.Collections.Generic;
using System.Linq;
using EcsNic.Core.Logging;
using EcsNic.Core.Workflows;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>An operation sink that keeps everything reported, in order, for a test to read.</summary>
public sealed class RecordingSink : IOperationSink
{
    private readonly object _gate = new();
    private readonly List<object> _reports = new();

    /// <summary>Everything reported, in order: records, <see cref="ReportedError"/>s, <see cref="OperationProgress"/> and log lines.</summary>
    public IReadOnlyList<object> Reports
    {
        get { lock (_gate) return _reports.ToArray(); }
    }

    public IReadOnlyList<object> Outputs => Reports.Where(r => r is not (ReportedError or OperationProgress or LogLine)).ToArray();

    public IReadOnlyList<ReportedError> Errors => Reports.OfType<ReportedError>().ToArray();

    public IReadOnlyList<string> Lines => Reports.OfType<LogLine>().Select(l => l.Message).ToArray();

    public IReadOnlyList<OperationProgress> ProgressReports => Reports.OfType<OperationProgress>().ToArray();

    public void Output(object record) => Add(record ?? throw new ArgumentNullException(nameof(record)));

    public void Error(Exception error, object? target) => Add(new ReportedError(error, target));

    public void Progress(OperationProgress progress) => Add(progress);

    public void Log(EcsLogLevel level, string message) => Add(new LogLine(level, message));

    private void Add(object report)
    {
        lock (_gate) _reports.Add(report);
    }

    /// <summary>One reported error and its target.</summary>
    public sealed record ReportedError(Exception Error, object? Target);

    /// <summary>One log line.</summary>
    public sealed record LogLine(EcsLogLevel Level, string Message);
}
