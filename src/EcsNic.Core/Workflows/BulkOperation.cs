using System;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Runs posted calls in bulk on a <see cref="BulkRunner{TIn,TOut}"/>: calls start as they arrive, up to the throttle
/// limit, ordered by the keys they touch; results reach the sink in posting order, each failure as an error whose target
/// is the call's input record, and while the last ones run a progress bar counts them.
/// </summary>
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

    /// <summary>
    /// Creates the operation. <paramref name="createRunner"/> builds the runner from <paramref name="options"/> (the
    /// throttle limit and key coordinator) once this operation has hooked itself in; <paramref name="emit"/> reports one
    /// result (as one record, or several).
    /// </summary>
    public BulkOperation(IOperationSink sink, string activity, string noun, BulkOptions options,
        Func<BulkOptions, BulkRunner<TIn, TOut>> createRunner, Func<TIn, object?> targetOf, Action<TOut, IOperationSink> emit)
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
    }

    /// <summary>Starts a call; never waits for others.</summary>
    public void Post(TIn call) => _runner.Post(call);

    /// <summary>Ends the input; completes when every call has reported.</summary>
    public async Task CompleteAsync()
    {
        _completing = true;
        Flush();
        await _runner.CompleteAsync().ConfigureAwait(false);
        Flush();
        lock (_flush)
        {
            if (_progressShown) _sink.Progress(new OperationProgress(_progressId, _activity, "Done", completed: true));
        }
    }

    /// <summary>Cancels every call in flight and not yet started.</summary>
    public void Cancel() => _runner.Cancel();

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();

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
}
