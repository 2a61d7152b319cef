using Gateway.Runtime.Catalog;
using Gateway.Runtime.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Hosting;

/// <summary>
/// Runs idle collection every <see cref="GrainRuntimeOptions.CollectionQuantum"/> on the injected
/// clock, and deactivates every activation when the host stops.
/// </summary>
internal sealed class GrainRuntimeHostedService(
    ActivationCatalog catalog,
    ActivationCollector collector,
    IOptions<GrainRuntimeOptions> options,
    TimeProvider timeProvider,
    ILogger<GrainRuntimeHostedService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private PeriodicTimer? _timer;
    private Task _collecting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here, not in the loop, so that the first period counts from start on a fake clock too.
        _timer = new PeriodicTimer(options.Value.CollectionQuantum, timeProvider);
        _collecting = CollectLoopAsync(_timer, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _timer?.Dispose();
        await _collecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        await catalog.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private async Task CollectLoopAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await collector.CollectIdleAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    RuntimeLog.IdleCollectionFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
