using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Runs posted calls in bulk on a <see cref="BulkRunner{TIn,TOut}"/>: calls start as they arrive, up to the throttle
/// limit, ordered by the keys they touch; results reach the sink in posting order, each failure as an error whose target
/// is the call's input record, and while the last ones run a progress bar counts them.
/// </summary>
/// <remarks>
/// With a <see cref="BulkPreparation{TIn}"/>, calls whose keys depend on a read are read for first, at most the throttle
/// limit at once, and every call reaches the runner strictly in input order as the reads before it complete: a call
/// waits for the reads of the calls before it, never for their runs, so posting order (and with it the order on every
/// key) is the input's.
/// </remarks>
/// <typeparam name="TIn">One call.</typeparam>
/// <typeparam name="TOut">Its result.</typeparam>
public sealed class BulkOperation<TIn, TOut> : IDisposable
    where TOut : class
{
    private readonly IOperationSink _sink;
    private readonly string _activity;
    private readonly string _noun;
    private readonly Func<TIn, object?> _targetOf;
    private readonly Action<TOut, IOperationSink> _emit;
    private readonly BulkRunner<TIn, TOut> _runner;
    private readonly object _flush = new();
    private readonly int _progressId = OperationProgress.NewIds(1);
    private volatile bool _completing;
    private bool _progressShown;

    private readonly BulkPreparation<TIn>? _preparation;
    private readonly object _order = new();
    private readonly Queue<Pending> _toPost = new();
    private readonly Queue<Pending> _toRead = new();
    private readonly int _readLimit;
    private readonly CancellationTokenSource? _readCancellation;
    private int _reading;
    private bool _disposed;
    private TaskCompletionSource<bool>? _allPosted;

    /// <summary>
    /// Creates the operation. <paramref name="createRunner"/> builds the runner from <paramref name="options"/> (the
    /// throttle limit and key coordinator) once this operation has hooked itself in; <paramref name="emit"/> reports one
    /// result (as one record, or several); <paramref name="preparation"/>, when given, reads for calls before posting them.
    /// </summary>
    public BulkOperation(IOperationSink sink, string activity, string noun, BulkOptions options,
        Func<BulkOptions, BulkRunner<TIn, TOut>> createRunner, Func<TIn, object?> targetOf, Action<TOut, IOperationSink> emit,
        BulkPreparation<TIn>? preparation = null)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (createRunner is null) throw new ArgumentNullException(nameof(createRunner));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _activity = activity;
        _noun = noun;
        _targetOf = targetOf ?? throw new ArgumentNullException(nameof(targetOf));
        _emit = emit ?? throw new ArgumentNullException(nameof(emit));
        options.ResultReady = Flush;
        _runner = createRunner(options);
        if (preparation is null) return;
        _preparation = preparation;
        _readLimit = Math.Max(BulkOptions.MinThrottleLimit, options.ThrottleLimit);
        _readCancellation = CancellationTokenSource.CreateLinkedTokenSource(preparation.CancellationToken);
    }

    /// <summary>Starts a call (or its read); never waits for others.</summary>
    public void Post(TIn call)
    {
        if (_preparation is null)
        {
            _runner.Post(call);
            return;
        }
        var pending = new Pending(call);
        Pending? toRead = null;
        lock (_order)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(BulkOperation<TIn, TOut>));
            if (_completing) throw new InvalidOperationException("The input was ended; no more calls can be posted.");
            _toPost.Enqueue(pending);
            if (_preparation.NeedsRead(call))
            {
                pending.Ready = false;
                if (_reading < _readLimit)
                {
                    _reading++;
                    toRead = pending;
                }
                else
                {
                    _toRead.Enqueue(pending);
                }
            }
        }
        if (toRead is not null) StartRead(toRead);
        PostReady();
    }

    /// <summary>Ends the input; completes when every call has reported.</summary>
    public async Task CompleteAsync()
    {
        _completing = true;
        Flush();
        await AllPostedAsync().ConfigureAwait(false);
        await _runner.CompleteAsync().ConfigureAwait(false);
        Flush();
        lock (_flush)
        {
            if (_progressShown) _sink.Progress(OperationProgress.Ended(_progressId, _activity));
        }
    }

    /// <summary>Cancels every call in flight and not yet started (a call whose read is cancelled still reports, as cancelled).</summary>
    public void Cancel()
    {
        // The runner first: a read ended by the cancellation hands its call on at once, and that call must then find the
        // runner cancelled, so that it reports as cancelled instead of running after the stop.
        _runner.Cancel();
        CancelReads();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_order)
        {
            _disposed = true;
            _toPost.Clear();
            _toRead.Clear();
            _allPosted?.TrySetResult(true);
        }
        CancelReads();
        _readCancellation?.Dispose();
        _runner.Dispose();
    }

    private void CancelReads()
    {
        try
        {
            _readCancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void StartRead(Pending pending)
    {
        CancellationToken token;
        try
        {
            token = _readCancellation!.Token;
        }
        catch (ObjectDisposedException)
        {
            token = new CancellationToken(canceled: true);
        }
        _ = Task.Run(() => ReadAsync(pending, token));
    }

    private async Task ReadAsync(Pending pending, CancellationToken cancellationToken)
    {
        var call = pending.Call;
        try
        {
            call = await _preparation!.ReadAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Posted as it came: the call's own run says what is wrong, or the runner reports it as cancelled.
        }
        Pending? next = null;
        lock (_order)
        {
            pending.Call = call;
            pending.Ready = true;
            if (_toRead.Count > 0) next = _toRead.Dequeue();
            else _reading--;
        }
        PostReady();
        if (next is not null) StartRead(next);
    }

    // One thread at a time posts the calls at the head of input order whose reads are done, so the runner sees input order.
    private void PostReady()
    {
        lock (_order)
        {
            while (!_disposed && _toPost.Count > 0 && _toPost.Peek().Ready)
            {
                var call = _toPost.Dequeue().Call;
                try
                {
                    call = _preparation!.Admit(call);
                }
                catch (Exception)
                {
                    // Posted as it came, which is what a failed read gives too.
                }
                _runner.Post(call);
            }
            if (_toPost.Count == 0) _allPosted?.TrySetResult(true);
        }
    }

    private Task AllPostedAsync()
    {
        if (_preparation is null) return Task.CompletedTask;
        lock (_order)
        {
            if (_toPost.Count == 0 || _disposed) return Task.CompletedTask;
            return (_allPosted ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    // One at a time, so that results reach the sink in posting order whichever thread finished them.
    private void Flush()
    {
        lock (_flush)
        {
            foreach (var result in _runner.TakeReady())
            {
                if (result.Error is { } error) _sink.Error(error, _targetOf(result.Input));
                else if (result.Output is { } output) _emit(output, _sink);
            }
            if (!_completing || (_runner.Finished == _runner.Posted && !_progressShown)) return;
            _sink.Progress(new OperationProgress(_progressId, _activity, ProgressText.Count(_runner.Finished, _runner.Posted, _noun),
                ProgressText.Percent(_runner.Finished, _runner.Posted)));
            _progressShown = true;
        }
    }

    private sealed class Pending
    {
        public Pending(TIn call)
        {
            Call = call;
        }

        public TIn Call { get; set; }

        // False while its read runs or waits for a slot.
        public bool Ready { get; set; } = true;
    }
}
