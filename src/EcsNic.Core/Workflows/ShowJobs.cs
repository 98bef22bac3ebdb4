using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Api;

namespace EcsNic.Core.Workflows;

/// <summary>
/// Reads the current state of ECS jobs (ShowJob), once each; waiting for them is <see cref="JobWait"/>. A job that cannot
/// be read is an error about its input; the rest go on.
/// </summary>
public sealed class ShowJobs
{
    private readonly EcsClient _client;
    private readonly IOperationSink _sink;

    /// <summary>Creates the operation, reporting to <paramref name="sink"/>.</summary>
    public ShowJobs(EcsClient client, IOperationSink sink)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>Reports the job of the checked <paramref name="jobId"/>, or an error about <paramref name="target"/>.</summary>
    public async Task ShowAsync(string jobId, object target, CancellationToken cancellationToken)
    {
        try
        {
            _sink.Output(await _client.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _sink.Error(ex, target);
        }
    }
}
