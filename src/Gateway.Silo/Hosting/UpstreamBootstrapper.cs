using Gateway.Catalog;
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
    ReadinessGate readiness,
    ILogger<UpstreamBootstrapper> logger) : IHostedLifecycleService
{
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
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Upstream {Upstream} ({Transport}, from {Source}) configured")]
    private static partial void LogConfigured(ILogger logger, string upstream, string transport, string source);
}
