using Gateway.Catalog;
using Gateway.Protocol;
using Orleans;
using Gateway.Upstreams;

namespace Gateway.Silo.Hosting;

/// <summary>
/// At start, hands every known upstream to its grain. Grains connect in the background, so an
/// upstream that is down never stops the silo from starting. It runs once every hosted service has
/// started, the server included: in a cluster the upstream grains may live on a silo that is
/// starting at the same moment, and that silo's calls to this one must find its port open.
/// Until then /health/ready says "starting".
/// </summary>
public sealed partial class UpstreamBootstrapper(
    UpstreamDirectory directory,
    IGrainFactory grains,
    CatalogCache catalog,
    ReadinessGate readiness,
    ILogger<UpstreamBootstrapper> logger) : IHostedLifecycleService
{
    /// <summary>How often each silo asks every upstream's grain for its status, which re-activates one whose silo died.</summary>
    public static readonly TimeSpan KeepInterval = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private Task _keeping = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var known = await directory.ListAsync();
        foreach (var (definition, source) in known)
        {
            await grains.GetGrain<IUpstreamGrain>(definition.Name).ConfigureAsync(definition);
            LogConfigured(logger, definition.Name, definition.Transport, source);
        }

        // The catalog outlives silos (it is persisted): forget upstreams that are no longer configured.
        await grains.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey).RetainUpstreamsAsync([.. known.Select(k => k.Definition.Name)]);
        readiness.MarkReady();
        _keeping = KeepUpstreamsActiveAsync(_stopping.Token);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _keeping.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// An upstream's grain watches its shared connection and publishes its catalog; [KeepAlive]
    /// keeps it from idling out, but after its silo dies only a call brings it back. This is that call.
    /// </summary>
    private async Task KeepUpstreamsActiveAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(KeepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var upstream in catalog.Current.Upstreams)
                {
                    try
                    {
                        await GrainReferences<IUpstreamGrain>.Get(grains, upstream.Upstream).GetStatusAsync();
                    }
                    catch (Exception ex) when (ex is OrleansException or TimeoutException)
                    {
                        LogKeepFailed(logger, upstream.Upstream, ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Upstream {Upstream}: its grain did not answer a status check: {Reason}")]
    private static partial void LogKeepFailed(ILogger logger, string upstream, [UpstreamText] string reason);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Upstream {Upstream} ({Transport}, from {Source}) configured")]
    private static partial void LogConfigured(ILogger logger, string upstream, string transport, string source);
}
