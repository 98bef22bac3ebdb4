using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Bulk;

namespace EcsNic.Core.Tests.TestSupport;

/// <summary>How tests take a runner's results without a thread blocked on it: all at the end, or each as it is ready.</summary>
public static class BulkRunnerExtensions
{
    // Only against a hang: no test decides anything by it.
    private static readonly System.TimeSpan HangGuard = System.TimeSpan.FromMinutes(2);

    /// <summary>Ends the input and returns every result in posting order; a hang guard fails a broken runner.</summary>
    public static async Task<List<BulkResult<TIn, TOut>>> DrainAsync<TIn, TOut>(this BulkRunner<TIn, TOut> runner)
    {
        await runner.CompleteAsync().WaitAsync(HangGuard).ConfigureAwait(false);
        return runner.TakeReady().ToList();
    }

    /// <summary>Ends the input and yields each result, in posting order, as soon as it is takeable.</summary>
    public static async IAsyncEnumerable<BulkResult<TIn, TOut>> StreamAsync<TIn, TOut>(this BulkRunner<TIn, TOut> runner,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var completion = runner.CompleteAsync().WaitAsync(HangGuard, cancellationToken);
        while (true)
        {
            foreach (var result in runner.TakeReady()) yield return result;
            if (completion.IsCompleted)
            {
                await completion.ConfigureAwait(false);
                foreach (var result in runner.TakeReady()) yield return result;
                yield break;
            }
            // A short nap between looks: what is takeable is decided by the runner, never by this interval.
            await Task.WhenAny(completion, Task.Delay(5, cancellationToken)).ConfigureAwait(false);
        }
    }
}
