using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace EcsNic.Core.Session;

/// <summary>
/// Carries items posted by callbacks on background threads (such as the job waiter's "job finished") to the pipeline
/// thread, which alone may write them, so that each record is written as soon as it is ready.
/// </summary>
public sealed class CallbackQueue<T> : IDisposable
{
    private readonly BlockingCollection<T> _items = new(new ConcurrentQueue<T>());

    /// <summary>Adds an item; safe from any thread. Items posted after <see cref="Complete"/> are ignored.</summary>
    public void Post(T item)
    {
        try
        {
            _items.Add(item);
        }
        catch (ObjectDisposedException)
        {
            // The cmdlet is gone (stopped or failed); nobody will read the item.
        }
        catch (InvalidOperationException)
        {
            // Completed already: the consumer has its final answer from the task result.
        }
    }

    /// <summary>Marks that no more items will come; safe from any thread and idempotent.</summary>
    public void Complete()
    {
        try
        {
            _items.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
            // Nothing left to wake.
        }
    }

    /// <summary>
    /// On the calling thread, hands each item to <paramref name="onItem"/> as it arrives and calls <paramref name="onTick"/>
    /// whenever <paramref name="interval"/> passes without one, until <see cref="Complete"/> has been called and every item
    /// taken. Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public void Pump(Action<T> onItem, Action? onTick, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (onItem is null) throw new ArgumentNullException(nameof(onItem));
        var timeout = (int)Math.Max(1, Math.Min(int.MaxValue, interval.TotalMilliseconds));
        // Ticks keep their pace even while items stream in, so progress and log lines do not stall.
        var sinceTick = Stopwatch.StartNew();
        while (!_items.IsCompleted)
        {
            if (_items.TryTake(out var item, timeout, cancellationToken))
                onItem(item);
            if (sinceTick.ElapsedMilliseconds >= timeout)
            {
                onTick?.Invoke();
                sinceTick.Restart();
            }
        }
        onTick?.Invoke();
    }

    /// <inheritdoc />
    public void Dispose() => _items.Dispose();
}
