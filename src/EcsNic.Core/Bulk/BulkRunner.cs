using System;
using System.Collections.Generic;
using System.Globalization;
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

    /// <summary>
    /// The coordinator that orders calls by key; share one between runners whose calls may touch the same keys (the
    /// module shares one per session). Null gives the runner a private one, which orders only its own calls.
    /// </summary>
    public BulkKeyCoordinator? Coordinator { get; set; }

    /// <summary>
    /// Called whenever results become takeable through <see cref="BulkRunner{TIn,TOut}.TakeReady"/>, that is when the
    /// first result not yet takeable in posting order finishes (with any finished ones behind it). Lets a caller wait
    /// without polling or blocking in the runner.
    /// </summary>
    /// <remarks>
    /// Called outside the runner's lock, on whichever thread finished the call (often a pool thread; the posting thread
    /// for an input that fails before it starts), possibly on several threads at once, so it should only signal (set an
    /// event, release a semaphore) and return. One call may stand for several results. An exception it throws is
    /// dropped, so that it cannot stop the runner.
    /// </remarks>
    public Action? ResultReady { get; set; }
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
/// Keys are ordered by a <see cref="BulkKeyCoordinator"/> (see there for the rules): a private one, or one shared with
/// other runners through <see cref="BulkOptions.Coordinator"/>, in which case posting order is the order across all of
/// them. A key is exclusive (<see cref="BulkKey.Exclusive"/>) or shared (<see cref="BulkKey.Shared"/>): shared holders overlap, and an
/// exclusive holder runs alone. A call is ready when it may take every one of its keys. A call waiting for a key therefore never holds a slot, and later
/// calls whose keys are free overtake it. Being first in line on every key (not merely finding the key free) is what
/// keeps posting order when inputs touch several keys: a call never jumps ahead of an earlier one it conflicts with,
/// even while that earlier one still waits for a different key. Keys compare ordinal-ignoring-case, so "NIC:AB" and
/// "nic:ab" serialise (serialising too much is harmless; too little loses updates).
/// </para>
/// <para>
/// While one of this runner's slots is free, the ready call with the longest chain (the most calls in line on one of
/// the keys it holds exclusively, itself included) starts first, and among equals the lowest index. Lowest-index-first
/// alone would, for input grouped by key (all NICs of one virtual IP, then all of the next), run the first ThrottleLimit
/// groups to the end side by side and leave the last groups running alone with slots idle; longest-chain-first
/// interleaves the groups and keeps every slot busy until the end (for chains of equally long calls this is Hu's rule,
/// which gives the shortest total time). Shared keys do not count toward a chain, since their holders overlap. The
/// ready calls sit in a heap ranked that way and re-ranked as their lanes grow and shrink, so picking one costs
/// O(log n), not a walk over every ready call (which made the whole run cost N × distinct keys).
/// </para>
/// <para>
/// Calls run on the thread pool, so <see cref="Post"/> returns at once even when the call does slow work before its
/// first await. Cancellation (the constructor's token, <see cref="Cancel"/> or <see cref="Dispose"/>) fails every
/// queued input with an <see cref="OperationCanceledException"/> without calling it, takes it out of line, and cancels
/// the token the calls in flight were given. Their results are whatever they end with, normally that exception;
/// <see cref="CompleteAsync"/> waits for them, so it ends as promptly as the calls honour their token (HttpClient does).
/// </para>
/// <para>
/// Nothing here blocks a thread: a caller sets <see cref="BulkOptions.ResultReady"/> to be woken when results become
/// takeable, takes them with <see cref="TakeReady"/>, and ends with <see cref="CompleteAsync"/>, after which every
/// result is takeable.
/// </para>
/// </remarks>
public sealed class BulkRunner<TIn, TOut> : IDisposable
{
    private static readonly BulkKey[] NoKeys = Array.Empty<BulkKey>();

    private readonly object _gate;
    private readonly BulkKeyCoordinator _coordinator;
    private readonly Owner _owner;
    private readonly Func<TIn, CancellationToken, Task<TOut>> _work;
    private readonly Func<TIn, IEnumerable<BulkKey>> _keysOf;
    private readonly Action? _resultReady;
    private readonly int _throttleLimit;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _token;

    // Posted inputs whose results have not been handed out yet, in posting order; the head is the next to hand out.
    private readonly Queue<Entry> _untaken = new();
    // Posted inputs from the first one not yet takeable on, in posting order: a finish at its head makes results takeable.
    private readonly Queue<Entry> _notYetTakeable = new();
    private readonly BulkReadyQueue _ready = new();

    private int _posted;
    private int _finished;
    private int _running;
    private bool _completed;
    private bool _disposed;
    private bool _ctsDisposed;
    private TaskCompletionSource<bool>? _allFinished;

    /// <summary>Creates a runner; <paramref name="keysOf"/> names the keys an input touches and how it holds each.</summary>
    /// <exception cref="EcsValidationException">ThrottleLimit is outside 1 to 256.</exception>
    public BulkRunner(Func<TIn, CancellationToken, Task<TOut>> work, Func<TIn, IEnumerable<BulkKey>> keysOf,
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
        _resultReady = options.ResultReady;
        _coordinator = options.Coordinator ?? new BulkKeyCoordinator();
        _gate = _coordinator.Gate;
        _owner = new Owner(this);
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

    /// <summary>The coordinator ordering this runner's calls by key.</summary>
    public BulkKeyCoordinator Coordinator => _coordinator;

    /// <summary>Adds an input; its call starts as soon as a slot and its keys are free.</summary>
    /// <remarks>
    /// Never waits for other calls. An input posted after cancellation, or whose keys cannot be computed, finishes at
    /// once with that error, so it still gets its place in the results.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The runner was disposed.</exception>
    /// <exception cref="InvalidOperationException"><see cref="CompleteAsync"/> was already called.</exception>
    public void Post(TIn input)
    {
        var keys = NoKeys;
        Exception? keyError = null;
        try
        {
            keys = Normalise(_keysOf(input));
        }
        catch (Exception ex)
        {
            keyError = ex;
        }

        var launches = new List<Action>();
        var takeable = false;
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(BulkRunner<TIn, TOut>));
            if (_completed) throw new InvalidOperationException("CompleteAsync was called; no more inputs can be posted.");
            var entry = new Entry(_owner, _posted, input, keys);
            Volatile.Write(ref _posted, _posted + 1);
            _untaken.Enqueue(entry);
            _notYetTakeable.Enqueue(entry);
            if (keyError is not null)
            {
                takeable = FinishLocked(entry, default, keyError);
            }
            else if (_token.IsCancellationRequested)
            {
                takeable = FinishLocked(entry, default, NotStarted());
            }
            else
            {
                _coordinator.EnqueueLocked(entry);
                StartReadyLocked(launches);
            }
        }

        Launch(launches);
        if (takeable) SignalResultReady();
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
    /// Marks the input complete and returns a task that ends when every posted call has finished; by then every
    /// result is takeable through <see cref="TakeReady"/>. Never blocks.
    /// </summary>
    /// <remarks>
    /// The task never fails: each input's failure is in its result. After cancellation it ends once the calls in flight
    /// have ended. Calling this again returns the same task; <see cref="Post"/> is refused from now on.
    /// </remarks>
    public Task CompleteAsync()
    {
        lock (_gate)
        {
            _completed = true;
            if (_allFinished is null)
            {
                // Run continuations elsewhere: the task ends under the lock, and awaiting code must not run inside it.
                _allFinished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_finished == _posted) _allFinished.TrySetResult(true);
            }

            return _allFinished.Task;
        }
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


    private static BulkKey[] Normalise(IEnumerable<BulkKey>? keys)
    {
        if (keys is null) return NoKeys;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var list = new List<BulkKey>();
        foreach (var key in keys)
        {
            if (key.Name is null) continue;
            if (!index.TryGetValue(key.Name, out var at))
            {
                index.Add(key.Name, list.Count);
                list.Add(key);
            }
            else if (key.Mode == BulkKeyMode.Exclusive)
            {
                // Named twice in different modes: the stricter one wins.
                list[at] = key;
            }
        }

        return list.Count == 0 ? NoKeys : list.ToArray();
    }

    private void StartReadyLocked(List<Action> launches)
    {
        if (_token.IsCancellationRequested) return;
        while (_running < _throttleLimit && _ready.Count > 0)
        {
            // Longest chain first, then lowest index. Ready calls never share an exclusive key, so the choice changes
            // no lane's order, only which lanes advance first.
            var entry = (Entry)_ready.TakeFirst();
            _coordinator.GrantLocked(entry);
            entry.Started = true;
            Volatile.Write(ref _running, _running + 1);
            launches.Add(() => _ = RunAsync(entry));
        }
    }

    private static void Launch(List<Action> launches)
    {
        foreach (var launch in launches) launch();
    }

    // After a call ends on a pool thread, the last call it makes room for starts on that same thread instead of waiting
    // for another one (a thread-pool hop per call is most of what scheduling costs on a busy machine). Only one level
    // deep: a call that ends at once inside that start hands its own successors to the pool, so the stack stays flat.
    private static void LaunchAfterFinish(List<Action> launches)
    {
        for (var i = 0; i < launches.Count; i++)
        {
            if (i < launches.Count - 1 || BulkLaunch.InlineDepth > 0)
            {
                launches[i]();
                continue;
            }

            BulkLaunch.InlineDepth++;
            BulkLaunch.RunNextInline = true;
            try
            {
                launches[i]();
            }
            finally
            {
                BulkLaunch.RunNextInline = false;
                BulkLaunch.InlineDepth--;
            }
        }
    }

    private async Task RunAsync(Entry entry)
    {
        TOut? output = default;
        Exception? error = null;
        var inline = BulkLaunch.RunNextInline;
        BulkLaunch.RunNextInline = false;
        try
        {
            var token = _token;
            Task<TOut> StartWork()
            {
                // Cancelled between being picked and reaching a thread: still never started.
                token.ThrowIfCancellationRequested();
                return _work(entry.Input, token) ?? throw new InvalidOperationException("The bulk work returned no task.");
            }

            // Posting never runs a call inline (Post must return at once, even when the work is slow to its first await).
            output = await (inline ? StartWork() : Task.Run(StartWork, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        var launches = new List<Action>();
        bool takeable;
        lock (_gate)
        {
            Volatile.Write(ref _running, _running - 1);
            var woken = new HashSet<IBulkClaimOwner> { _owner };
            _coordinator.ReleaseLocked(entry, woken);
            takeable = FinishLocked(entry, output, error);
            foreach (var owner in woken) owner.StartReadyLocked(launches);
            if (_disposed && _running == 0) DisposeCtsLocked();
        }

        LaunchAfterFinish(launches);
        if (takeable) SignalResultReady();
    }

    private void OnCancelled()
    {
        var launches = new List<Action>();
        var takeable = false;
        lock (_gate)
        {
            var woken = new HashSet<IBulkClaimOwner>();
            foreach (var entry in _untaken)
            {
                if (entry.Result is not null || entry.Started) continue;
                _coordinator.WithdrawLocked(entry, woken);
                takeable |= FinishLocked(entry, default, NotStarted());
            }

            _ready.Clear();
            // Calls of other runners that waited behind ours may start now.
            woken.Remove(_owner);
            foreach (var owner in woken) owner.StartReadyLocked(launches);
        }

        Launch(launches);
        if (takeable) SignalResultReady();
    }

    // Records the result; true when that made results takeable that were not (the caller then signals, outside the lock).
    private bool FinishLocked(Entry entry, TOut? output, Exception? error)
    {
        entry.Result = new BulkResult<TIn, TOut>(entry.Index, entry.Input, error is null ? output : default, error);
        Volatile.Write(ref _finished, _finished + 1);
        if (_finished == _posted) _allFinished?.TrySetResult(true);
        var takeable = false;
        while (_notYetTakeable.Count > 0 && _notYetTakeable.Peek().Result is not null)
        {
            _notYetTakeable.Dequeue();
            takeable = true;
        }

        return takeable;
    }

    private void SignalResultReady()
    {
        if (_resultReady is null) return;
        try
        {
            _resultReady();
        }
        catch (Exception)
        {
            // Documented on BulkOptions.ResultReady: a failing signal must not stop the calls behind it.
        }
    }

    private OperationCanceledException NotStarted() =>
        new("The operation was cancelled before it started.", _token);

    private void DisposeCtsLocked()
    {
        if (_ctsDisposed) return;
        _ctsDisposed = true;
        _cts.Dispose();
    }

    private sealed class Owner : IBulkClaimOwner
    {
        private readonly BulkRunner<TIn, TOut> _runner;

        public Owner(BulkRunner<TIn, TOut> runner)
        {
            _runner = runner;
        }

        public void OnAdmissibleLocked(BulkClaim claim, int chain) => _runner._ready.Add(claim, chain);

        public void OnChainChangedLocked(BulkClaim claim, int chain)
        {
            // After cancellation the queue was emptied while its claims were still being taken out of line.
            if (_runner._ready.Contains(claim)) _runner._ready.Rerank(claim, chain);
        }

        public void StartReadyLocked(List<Action> launches) => _runner.StartReadyLocked(launches);
    }

    private sealed class Entry : BulkClaim
    {
        private readonly IBulkClaimOwner _owner;

        public Entry(IBulkClaimOwner owner, int index, TIn input, BulkKey[] keys)
            : base(keys)
        {
            _owner = owner;
            Index = index;
            Input = input;
        }

        public override IBulkClaimOwner Owner => _owner;

        public int Index { get; }

        public TIn Input { get; }

        public bool Started { get; set; }

        public BulkResult<TIn, TOut>? Result { get; set; }
    }
}

/// <summary>Which launch may run on the finishing thread (see BulkRunner.LaunchAfterFinish); per thread, for every runner.</summary>
internal static class BulkLaunch
{
    [ThreadStatic] internal static int InlineDepth;

    [ThreadStatic] internal static bool RunNextInline;
}
