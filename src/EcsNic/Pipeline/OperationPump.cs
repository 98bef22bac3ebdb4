using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Logging;
using EcsNic.Core.Workflows;

namespace EcsNic.Pipeline;

/// <summary>
/// The module's one sink: operations report from any thread into one queue, and the pipeline thread (the only one allowed
/// to write to PowerShell's streams) writes it out in order, in <see cref="Drain"/> or while it waits in <see cref="Wait"/>.
/// Verbose and debug lines the user did not ask for are dropped at once; a flood of them is capped, records never are.
/// </summary>
internal sealed class OperationPump : IOperationSink
{
    /// <summary>How often a waiting pipeline thread wakes to write, and the least time between two progress updates.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private const int LogCapacity = 10_000;

    private readonly ConcurrentQueue<Item> _items = new();
    private readonly SemaphoreSlim _signal = new(0);
    // Pipeline thread only.
    private readonly Dictionary<int, TimeSpan> _shownAt = new();
    private readonly Dictionary<int, OperationProgress> _deferred = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _verbose;
    private readonly bool _debug;
    private int _logLines;
    private int _droppedLogLines;

    public OperationPump(bool verbose, bool debug)
    {
        _verbose = verbose;
        _debug = debug;
    }

    /// <inheritdoc />
    public void Output(object record) => Enqueue(new Item(ItemKind.Output, record, null, null));

    /// <inheritdoc />
    public void Error(Exception error, object? target) =>
        Enqueue(new Item(ItemKind.Error, target, error ?? throw new ArgumentNullException(nameof(error)), null));

    /// <inheritdoc />
    public void Log(EcsLogLevel level, string message)
    {
        if (level == EcsLogLevel.Debug && !_debug) return;
        if (level == EcsLogLevel.Verbose && !_verbose) return;
        if (level != EcsLogLevel.Warning && Interlocked.Increment(ref _logLines) > LogCapacity)
        {
            Interlocked.Decrement(ref _logLines);
            Interlocked.Increment(ref _droppedLogLines);
            return;
        }
        Enqueue(new Item(ItemKind.Log, null, null, message ?? string.Empty) { Level = level });
    }

    /// <inheritdoc />
    public void Progress(OperationProgress progress) =>
        Enqueue(new Item(ItemKind.Progress, progress ?? throw new ArgumentNullException(nameof(progress)), null, null));

    /// <summary>Writes everything reported so far, in order. Pipeline thread only.</summary>
    public void Drain(IPipelineWriter writer)
    {
        var dropped = Interlocked.Exchange(ref _droppedLogLines, 0);
        if (dropped > 0)
            writer.WriteLog(EcsLogLevel.Warning, $"{dropped} log line(s) were dropped because they arrived faster than they could be written.");
        while (_items.TryDequeue(out var item))
        {
            switch (item.Kind)
            {
                case ItemKind.Output:
                    writer.WriteRecord(item.Target!);
                    break;
                case ItemKind.Error:
                    writer.WriteFailure(item.Error!, item.Target);
                    break;
                case ItemKind.Progress:
                    WriteProgress((OperationProgress)item.Target!, writer);
                    break;
                default:
                    if (item.Level != EcsLogLevel.Warning) Interlocked.Decrement(ref _logLines);
                    writer.WriteLog(item.Level, item.Message!);
                    break;
            }
        }
        DrainProgress(writer);
    }

    /// <summary>
    /// Blocks until <paramref name="task"/> ends, writing what is reported as it comes; returns its result or rethrows its
    /// own exception. Pipeline thread only.
    /// </summary>
    public T Wait<T>(Task<T> task, IPipelineWriter writer)
    {
        Wait((Task)task, writer);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Blocks until <paramref name="task"/> ends, like <see cref="Wait{T}"/>.</summary>
    public void Wait(Task task, IPipelineWriter writer)
    {
        if (task is null) throw new ArgumentNullException(nameof(task));
        if (!task.IsCompleted)
            task.ContinueWith(_ => _signal.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        while (!task.IsCompleted)
        {
            _signal.Wait(Interval);
            Drain(writer);
        }
        Drain(writer);
        task.GetAwaiter().GetResult();
    }

    private void Enqueue(Item item)
    {
        _items.Enqueue(item);
        _signal.Release();
    }

    // In order with everything else, but an activity already shown is updated at most once per interval: a skipped
    // update waits as the activity's latest, and an ended activity drops it and goes out at once.
    private void WriteProgress(OperationProgress progress, IPipelineWriter writer)
    {
        var id = progress.ActivityId;
        if (progress.Completed)
        {
            _deferred.Remove(id);
            _shownAt.Remove(id);
            writer.WriteProgress(progress);
            return;
        }
        if (_shownAt.TryGetValue(id, out var shown) && _clock.Elapsed - shown < Interval)
        {
            _deferred[id] = progress;
            return;
        }
        _deferred.Remove(id);
        _shownAt[id] = _clock.Elapsed;
        writer.WriteProgress(progress);
    }

    private void DrainProgress(IPipelineWriter writer)
    {
        if (_deferred.Count == 0) return;
        foreach (var progress in _deferred.Values.ToList())
        {
            if (_clock.Elapsed - _shownAt[progress.ActivityId] < Interval) continue;
            _deferred.Remove(progress.ActivityId);
            _shownAt[progress.ActivityId] = _clock.Elapsed;
            writer.WriteProgress(progress);
        }
    }

    private enum ItemKind
    {
        Output,
        Error,
        Log,
        Progress,
    }

    private sealed class Item
    {
        public Item(ItemKind kind, object? target, Exception? error, string? message)
        {
            Kind = kind;
            Target = target;
            Error = error;
            Message = message;
        }

        public ItemKind Kind { get; }

        public object? Target { get; }

        public Exception? Error { get; }

        public string? Message { get; }

        public EcsLogLevel Level { get; set; }
    }
}

/// <summary>What the pump writes to: the base cmdlet's streams.</summary>
internal interface IPipelineWriter
{
    void WriteRecord(object record);

    void WriteFailure(Exception error, object? target);

    void WriteLog(EcsLogLevel level, string message);

    void WriteProgress(OperationProgress progress);
}
