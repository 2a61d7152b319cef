using Gateway.Runtime;
using Gateway.Upstreams;

namespace Gateway.Silo.Hosting;

/// <summary>
/// At start, hands every known upstream to its grain. Grains connect in the background, so an
/// upstream that is down never stops the silo from starting.
/// </summary>
public sealed partial class UpstreamBootstrapper(
    UpstreamDirectory directory,
    IGrainFactory grains,
    ReadinessGate readiness,
    ILogger<UpstreamBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (definition, source) in await directory.ListAsync())
        {
            await grains.GetGrain<IUpstreamGrain>(definition.Name).ConfigureAsync(definition);
            LogConfigured(logger, definition.Name, definition.Transport, source);
        }

        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Upstream {Upstream} ({Transport}, from {Source}) configured")]
    private static partial void LogConfigured(ILogger logger, string upstream, string transport, string source);
}
