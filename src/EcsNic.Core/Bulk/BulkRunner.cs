using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;

namespace EcsNic.Core.Bulk;

/// <summary>Settings of a <see cref="BulkRunner{TIn,TOut}"/>.</summary>
public sealed class BulkOptions
{
    /// <summary>The lowest accepted <see cref="ThrottleLimit"/>.</summary>
    public const int MinThrottleLimit = 1;

    /// <summary>The highest accepted <see cref="ThrottleLimit"/>; more would only trade throttling errors for speed.</summary>
    public const int MaxThrottleLimit = 256;

    /// <summary>The most calls in flight at once (1 to 256).</summary>
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Run calls that share a key one after another. Only tests and benchmarks turn this off.</summary>
    public bool SerializeByKey { get; set; } = true;
}

/// <summary>The outcome of one input: its output, or the exception it failed with.</summary>
public sealed class BulkResult<TIn, TOut>
{
    /// <summary>Creates the record.</summary>
    public BulkResult(int index, TIn input, TOut? output, Exception? error)
    {
        Index = index;
        Input = input;
        Output = output;
        Error = error;
    }

    /// <summary>The input's position, from 0, in the order it was posted.</summary>
    public int Index { get; }

    /// <summary>The input.</summary>
    public TIn Input { get; }

    /// <summary>The output when the call succeeded.</summary>
    public TOut? Output { get; }

    /// <summary>The exception when the call failed.</summary>
    public Exception? Error { get; }

    /// <summary>True when there is no error.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>
/// Runs calls for inputs as they arrive, at most ThrottleLimit at once; calls whose inputs share a key (a NIC, or a
/// virtual IP as subnet + address) run one after another in posting order. Results come out in posting order.
/// One failed input never stops the others. Knows nothing of PowerShell.
/// </summary>
/// <remarks>
/// <para>
/// Each key has a lane: the call running on it, if any, and the calls waiting for it in posting order. A call is
/// ready when, on every one of its keys, nothing runs and it is first in line. A call waiting for a key therefore never
/// holds a slot, and later calls whose keys are free overtake it. Being first in line on every key (not merely finding
/// the key free) is what keeps posting order when inputs touch several keys: a call never jumps ahead of an earlier one
/// that shares a key, even while that earlier one still waits for a different key. Keys compare ordinal-ignoring-case, so "NIC:AB" and "nic:ab" serialise
/// (serialising too much is harmless; too little loses updates).
/// </para>
/// <para>
/// While a slot is free, the ready call with the longest lane (the most calls in line on one of its keys, itself
/// included) starts first, and among equals the lowest index. Lowest-index-first alone would, for input grouped by key
/// (all NICs of one virtual IP, then all of the next), run the first ThrottleLimit groups to the end side by side and
/// leave the last groups running alone with slots idle; longest-lane-first interleaves the groups and keeps every
/// slot busy until the end (for chains of equally long calls this is Hu's rule, which gives the shortest total time). Ready
/// calls never share a key, so the choice changes no lane's order, only which lanes advance first; results still come
/// out in posting order.
/// </para>
/// <para>
/// Calls run on the thread pool, so <see cref="Post"/> returns at once even when the call does slow work before its
/// first await. Cancellation (the constructor's token, <see cref="Cancel"/> or <see cref="Dispose"/>) fails every
/// queued input with an <see cref="OperationCanceledException"/> without calling it, and cancels the token the calls
/// in flight were given. Their results are whatever they end with, normally that exception; <see cref="Complete"/>
/// waits for them, so it ends as promptly as the calls honour their token (HttpClient does).
/// </para>
/// </remarks>
public sealed class BulkRunner<TIn, TOut> : IDisposable
{
    private static readonly string[] NoKeys = Array.Empty<string>();

    private readonly object _gate = new();
    private readonly Func<TIn, CancellationToken, Task<TOut>> _work;
    private readonly Func<TIn, IEnumerable<string>> _keysOf;
    private readonly int _throttleLimit;
    private readonly bool _serializeByKey;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _token;

    // Posted inputs whose results have not been handed out yet, in posting order; the head is the next to hand out.
    private readonly Queue<Entry> _untaken = new();
    private readonly SortedSet<Entry> _ready = new(EntryByPriority.Instance);
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.OrdinalIgnoreCase);

    private int _posted;
    private int _finished;
    private int _running;
    private bool _completed;
    private bool _disposed;
    private bool _ctsDisposed;

    /// <summary>Creates a runner; <paramref name="keysOf"/> names the keys an input touches.</summary>
    /// <exception cref="EcsValidationException">ThrottleLimit is outside 1 to 256.</exception>
    public BulkRunner(Func<TIn, CancellationToken, Task<TOut>> work, Func<TIn, IEnumerable<string>> keysOf,
        BulkOptions options, CancellationToken cancellationToken)
    {
        _work = work ?? throw new ArgumentNullException(nameof(work));
        _keysOf = keysOf ?? throw new ArgumentNullException(nameof(keysOf));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.ThrottleLimit < BulkOptions.MinThrottleLimit || options.ThrottleLimit > BulkOptions.MaxThrottleLimit)
        {
            throw new EcsValidationException(nameof(BulkOptions.ThrottleLimit),
                options.ThrottleLimit.ToString(CultureInfo.InvariantCulture),
                $"is out of range: it must be from {BulkOptions.MinThrottleLimit} to {BulkOptions.MaxThrottleLimit}.");
        }

        _throttleLimit = options.ThrottleLimit;
        _serializeByKey = options.SerializeByKey;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _token = _cts.Token;
        // Registered last: when the caller's token is already cancelled, this runs at once and needs every field set.
        _token.Register(OnCancelled);
    }

    /// <summary>How many inputs were posted.</summary>
    public int Posted => Volatile.Read(ref _posted);

    /// <summary>How many inputs have finished, well or not.</summary>
    public int Finished => Volatile.Read(ref _finished);

    /// <summary>How many calls are in flight now (for progress display).</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Adds an input; its call starts as soon as a slot and its keys are free.</summary>
    /// <remarks>
    /// Never waits for other calls. An input posted after cancellation, or whose keys cannot be computed, finishes at
    /// once with that error, so it still gets its place in the results.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The runner was disposed.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public void Post(TIn input)
    {
        var keys = NoKeys;
        Exception? keyError = null;
        if (_serializeByKey)
        {
            try
            {
                keys = Normalise(_keysOf(input));
            }
            catch (Exception ex)
            {
                keyError = ex;
            }
        }

        List<Entry>? toStart = null;
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(BulkRunner<TIn, TOut>));
            if (_completed) throw new InvalidOperationException("Complete was called; no more inputs can be posted.");
            var entry = new Entry(_posted, input, keys);
            Volatile.Write(ref _posted, _posted + 1);
            _untaken.Enqueue(entry);
            if (keyError is not null)
            {
                FinishLocked(entry, default, keyError);
            }
            else if (_token.IsCancellationRequested)
            {
                FinishLocked(entry, default, NotStarted());
            }
            else
            {
                foreach (var key in keys)
                {
                    if (!_lanes.TryGetValue(key, out var lane)) _lanes[key] = lane = new Lane();
                    lane.Waiting.Enqueue(entry);
                    // The lane grew: a ready call at its head now has a longer line behind it.
                    if (lane.Waiting.Peek() is { InReady: true } head) ReRankLocked(head);
                }

                if (IsRunnableLocked(entry)) AddReadyLocked(entry);
                toStart = StartReadyLocked();
            }
        }

        Launch(toStart);
    }

    /// <summary>Returns, without blocking, the finished results at the head of posting order not yet taken.</summary>
    public IReadOnlyList<BulkResult<TIn, TOut>> TakeReady()
    {
        lock (_gate)
        {
            List<BulkResult<TIn, TOut>>? ready = null;
            while (_untaken.Count > 0 && _untaken.Peek().Result is { } result)
            {
                _untaken.Dequeue();
                (ready ??= new List<BulkResult<TIn, TOut>>()).Add(result);
            }

            return ready ?? (IReadOnlyList<BulkResult<TIn, TOut>>)Array.Empty<BulkResult<TIn, TOut>>();
        }
    }

    /// <summary>
    /// Marks the input complete and yields the remaining results in posting order, blocking until each is ready.
    /// <paramref name="onWait"/> is called about every <paramref name="waitInterval"/> while blocked (for progress).
    /// </summary>
    /// <remarks>
    /// The input is marked complete when this is called, not when enumeration starts. Blocking is on a monitor signal
    /// that each finished call pulses, with <paramref name="waitInterval"/> as its timeout; <paramref name="onWait"/> runs
    /// on the enumerating thread, at most about once per interval. <see cref="Timeout.InfiniteTimeSpan"/> never calls it.
    /// </remarks>
    /// <exception cref="EcsValidationException"><paramref name="waitInterval"/> is zero or negative.</exception>
    public IEnumerable<BulkResult<TIn, TOut>> Complete(TimeSpan waitInterval, Action? onWait = null)
    {
        if (waitInterval <= TimeSpan.Zero && waitInterval != Timeout.InfiniteTimeSpan)
            throw new EcsValidationException(nameof(waitInterval), waitInterval.ToString(), "must be positive.");
        lock (_gate)
        {
            _completed = true;
        }

        return Drain(onWait is null ? Timeout.InfiniteTimeSpan : waitInterval, onWait);
    }

    /// <summary>Cancels every call in flight and every call not yet started.</summary>
    /// <remarks>Safe from any thread (PowerShell calls it from StopProcessing), any number of times, and after Dispose.</remarks>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_ctsDisposed) return;
        }

        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Dispose raced us; it cancelled already.
        }
    }

    /// <inheritdoc />
    /// <remarks>Cancels like <see cref="Cancel"/>; does not wait for calls in flight.</remarks>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        Cancel();
        lock (_gate)
        {
            // Calls still in flight hold the token; the last one to finish disposes the source instead.
            if (_running == 0) DisposeCtsLocked();
        }
    }

    private IEnumerable<BulkResult<TIn, TOut>> Drain(TimeSpan waitInterval, Action? onWait)
    {
        var sinceOnWait = Stopwatch.StartNew();
        while (true)
        {
            BulkResult<TIn, TOut>? next = null;
            var callOnWait = false;
            lock (_gate)
            {
                while (_untaken.Count > 0)
                {
                    if (_untaken.Peek().Result is { } result)
                    {
                        _untaken.Dequeue();
                        next = result;
                        break;
                    }

                    if (waitInterval == Timeout.InfiniteTimeSpan)
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    var remaining = waitInterval - sinceOnWait.Elapsed;
                    if (remaining <= TimeSpan.Zero)
                    {
                        callOnWait = true;
                        break;
                    }

                    Monitor.Wait(_gate, remaining);
                }
            }

            if (next is not null)
            {
                yield return next;
            }
            else if (callOnWait)
            {
                // Outside the lock: the callback may take its time (Write-Progress) without holding up finishing calls.
                onWait!();
                sinceOnWait.Restart();
            }
            else
            {
                yield break;
            }
        }
    }

    private static string[] Normalise(IEnumerable<string>? keys)
    {
        if (keys is null) return NoKeys;
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<string>();
        foreach (var key in keys)
        {
            if (key is not null && set.Add(key)) list.Add(key);
        }

        return list.Count == 0 ? NoKeys : list.ToArray();
    }

    private bool IsRunnableLocked(Entry entry)
    {
        foreach (var key in entry.Keys)
        {
            var lane = _lanes[key];
            if (lane.Running is not null || !ReferenceEquals(lane.Waiting.Peek(), entry)) return false;
        }

        return true;
    }

    private void AddReadyLocked(Entry entry)
    {
        entry.LaneLength = LaneLengthLocked(entry);
        entry.InReady = true;
        _ready.Add(entry);
    }

    // The set orders by LaneLength, so an entry leaves it while its rank changes.
    private void ReRankLocked(Entry entry)
    {
        _ready.Remove(entry);
        entry.LaneLength = LaneLengthLocked(entry);
        _ready.Add(entry);
    }

    private int LaneLengthLocked(Entry entry)
    {
        var longest = 1;
        foreach (var key in entry.Keys) longest = Math.Max(longest, _lanes[key].Waiting.Count);
        return longest;
    }

    private List<Entry>? StartReadyLocked()
    {
        List<Entry>? started = null;
        while (_running < _throttleLimit && _ready.Count > 0)
        {
            var entry = _ready.Min!;
            _ready.Remove(entry);
            entry.InReady = false;
            foreach (var key in entry.Keys)
            {
                var lane = _lanes[key];
                lane.Waiting.Dequeue();
                lane.Running = entry;
            }

            entry.Started = true;
            Volatile.Write(ref _running, _running + 1);
            (started ??= new List<Entry>()).Add(entry);
        }

        return started;
    }

    private void Launch(List<Entry>? entries)
    {
        if (entries is null) return;
        foreach (var entry in entries) _ = RunAsync(entry);
    }

    private async Task RunAsync(Entry entry)
    {
        TOut? output = default;
        Exception? error = null;
        try
        {
            var token = _token;
            output = await Task.Run(() =>
            {
                // Cancelled between being picked and reaching a thread: still never started.
                token.ThrowIfCancellationRequested();
                return _work(entry.Input, token) ?? throw new InvalidOperationException("The bulk work returned no task.");
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        List<Entry>? toStart;
        lock (_gate)
        {
            Volatile.Write(ref _running, _running - 1);
            foreach (var key in entry.Keys)
            {
                var lane = _lanes[key];
                lane.Running = null;
                if (lane.Waiting.Count == 0)
                {
                    _lanes.Remove(key);
                }
                else
                {
                    var head = lane.Waiting.Peek();
                    if (!head.InReady && IsRunnableLocked(head)) AddReadyLocked(head);
                }
            }

            FinishLocked(entry, output, error);
            toStart = _token.IsCancellationRequested ? null : StartReadyLocked();
            if (_disposed && _running == 0) DisposeCtsLocked();
        }

        Launch(toStart);
    }

    private void OnCancelled()
    {
        lock (_gate)
        {
            foreach (var entry in _untaken)
            {
                if (entry.Result is null && !entry.Started) FinishLocked(entry, default, NotStarted());
            }

            foreach (var entry in _ready) entry.InReady = false;
            _ready.Clear();
            foreach (var key in _lanes.Keys.ToList())
            {
                var lane = _lanes[key];
                lane.Waiting.Clear();
                if (lane.Running is null) _lanes.Remove(key);
            }
        }
    }

    private void FinishLocked(Entry entry, TOut? output, Exception? error)
    {
        entry.Result = new BulkResult<TIn, TOut>(entry.Index, entry.Input, error is null ? output : default, error);
        Volatile.Write(ref _finished, _finished + 1);
        Monitor.PulseAll(_gate);
    }

    private OperationCanceledException NotStarted() =>
        new("The operation was cancelled before it started.", _token);

    private void DisposeCtsLocked()
    {
        if (_ctsDisposed) return;
        _ctsDisposed = true;
        _cts.Dispose();
    }

    private sealed class Entry
    {
        public Entry(int index, TIn input, string[] keys)
        {
            Index = index;
            Input = input;
            Keys = keys;
        }

        public int Index { get; }

        public TIn Input { get; }

        public string[] Keys { get; }

        public bool Started { get; set; }

        /// <summary>Whether the entry is in the ready set; only then is <see cref="LaneLength"/> its rank there.</summary>
        public bool InReady { get; set; }

        /// <summary>The longest line on its keys when it was last ranked.</summary>
        public int LaneLength { get; set; }

        public BulkResult<TIn, TOut>? Result { get; set; }
    }

    private sealed class Lane
    {
        public Entry? Running { get; set; }

        public Queue<Entry> Waiting { get; } = new();
    }

    private sealed class EntryByPriority : IComparer<Entry>
    {
        public static readonly EntryByPriority Instance = new();

        // Longest lane first, then lowest index; Min is the next to start. Indexes are unique, so no two entries tie.
        public int Compare(Entry? x, Entry? y)
        {
            var byLane = (y?.LaneLength ?? 0).CompareTo(x?.LaneLength ?? 0);
            return byLane != 0 ? byLane : (x?.Index ?? -1).CompareTo(y?.Index ?? -1);
        }
    }
}
