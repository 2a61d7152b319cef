using Gateway.Catalog;
using Gateway.Tools;
using Gateway.Upstreams;
using Gateway.Upstreams.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway;

public static class GatewayGrainsServiceCollectionExtensions
{
    /// <summary>The per-silo services the gateway's grains use (Orleans finds the grain classes itself).</summary>
    public static IServiceCollection AddGatewayGrains(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient("upstream");
        services.AddSingleton<IUpstreamTransportFactory, StdioTransportFactory>();
        services.AddSingleton<IUpstreamTransportFactory>(sp => ActivatorUtilities.CreateInstance<HttpTransportFactory>(sp, UpstreamTransports.Http));
        services.AddSingleton<IUpstreamTransportFactory>(sp => ActivatorUtilities.CreateInstance<HttpTransportFactory>(sp, UpstreamTransports.Sse));
        services.TryAddSingleton<IUpstreamConnector, McpUpstreamConnector>();
        services.AddSingleton<UpstreamForwarder>();
        services.AddSingleton<UpstreamSessionPool>();
        services.AddHostedService(sp => sp.GetRequiredService<UpstreamSessionPool>());
        services.AddSingleton<CatalogCache>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogCache>());
        services.AddSingleton<ToolStatsRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<ToolStatsRecorder>());
        return services;
    }
}
