using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace EcsNic.Benchmarks.Scenarios;

/// <summary>
/// Delays that end close to when they are due: one thread that wakes about every millisecond and completes what is due.
/// P5 uses it beside Task.Delay, whose 5 ms take about 8 ms on this machine, so that the runner's own cost can be told
/// apart from the timer's.
/// </summary>
public sealed class PreciseClock : IDisposable
{
    private readonly object _gate = new();
    private readonly PriorityQueue<TaskCompletionSource<bool>, long> _due = new();
    private readonly Thread _thread;
    private volatile bool _stopped;

    public PreciseClock()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "P5 precise clock", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public Task Delay(TimeSpan delay)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        lock (_gate) _due.Enqueue(done, due);
        return done.Task;
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private void Loop()
    {
        var ready = new List<TaskCompletionSource<bool>>();
        while (!_stopped)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                while (_due.TryPeek(out var done, out var due) && due <= now)
                {
                    _due.Dequeue();
                    ready.Add(done);
                }
            }

            foreach (var done in ready) done.TrySetResult(true);
            ready.Clear();
            Thread.Sleep(1);
        }
    }
}
