using Gateway.Catalog;
using Gateway.Runtime;
using Gateway.Sessions;
using Gateway.Tools;
using Gateway.Upstreams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway;

public static class GatewayGrainsServiceCollectionExtensions
{
    /// <summary>Registers the gateway's grains and the per-silo services they use.</summary>
    public static IServiceCollection AddGatewayGrains(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>();
        services.AddHttpClient("upstream");
        services.TryAddSingleton<IUpstreamConnector, McpUpstreamConnector>();
        services.TryAddSingleton<CatalogCache>();
        services.TryAddSingleton<ToolStatsRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<ToolStatsRecorder>());
        services.TryAddSingleton<ICatalogBroadcast>(sp => sp.GetRequiredService<CatalogCache>());

        services.AddGrain<IMcpSessionGrain, McpSessionGrain>();
        services.AddGrain<IUpstreamGrain, UpstreamGrain>();
        services.AddGrain<IUpstreamRegistryGrain, UpstreamRegistryGrain>();
        services.AddGrain<ICatalogGrain, CatalogGrain>();
        services.AddGrain<IToolGrain, ToolGrain>();
        return services;
    }
}
