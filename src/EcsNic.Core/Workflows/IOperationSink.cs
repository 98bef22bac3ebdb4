using System;
using EcsNic.Core.Logging;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Where an operation reports: records, errors (classified by the front end, with what to do next), warnings and log
/// lines (<see cref="IEcsLogger.Log"/>), and progress. Thread-safe: operations report from pool threads; the front end
/// writes everything in the order reported, on its own thread.
/// </summary>
public interface IOperationSink : IEcsLogger
{
    /// <summary>Emits a record.</summary>
    void Output(object record);

    /// <summary>Reports a failure of one item; the rest go on. <paramref name="target"/> is what failed (the input record).</summary>
    void Error(Exception error, object? target);

    /// <summary>Shows progress; a later report of the same activity replaces an earlier one not yet shown.</summary>
    void Progress(OperationProgress progress);
}
