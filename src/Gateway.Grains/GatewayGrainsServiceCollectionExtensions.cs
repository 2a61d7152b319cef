using Gateway.Catalog;
using Gateway.Pinning;
using Gateway.Protocol;
using Gateway.Sessions.Handlers;
using Gateway.Tools;
using Gateway.Upstreams;
using Gateway.Upstreams.Credentials;
using Gateway.Upstreams.Network;
using Gateway.Upstreams.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace Gateway;

public static class GatewayGrainsServiceCollectionExtensions
{
    /// <summary>The per-silo services the gateway's grains use (Orleans finds the grain classes itself).</summary>
    public static IServiceCollection AddGatewayGrains(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>();
        services.AddOptions<Sessions.ToolAuthorizationOptions>();
        services.AddSingleton<Sessions.ToolPolicy>();
        services.AddOptions<Sessions.SessionOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NetworkOptions>();
        services.TryAddSingleton<OutboundAddressGuard>();

        // No per-request log scope and lines from the client factory: on the hot path they cost more
        // than the call; the gateway logs upstream failures itself.
        services.AddHttpClient(UpstreamHttpClients.Configured).RemoveAllLoggers();
        services.AddHttpClient(UpstreamHttpClients.Guarded).RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundAddressGuard>().CreateHandler());

        // The silo says where the key ring lives (GatewayDataProtection); the defaults serve hosts that store no secrets.
        services.AddDataProtection();
        services.TryAddSingleton<UpstreamSecrets>();
        services.TryAddSingleton<UpstreamTokens>();
        services.TryAddSingleton<UpstreamCredentials>();
        services.TryAddSingleton<IConfiguredUpstreams, NoConfiguredUpstreams>();
        services.AddSingleton<IUpstreamTransportFactory, StdioTransportFactory>();
        services.AddSingleton<IUpstreamTransportFactory>(sp => ActivatorUtilities.CreateInstance<HttpTransportFactory>(sp, UpstreamTransports.Http));
        services.AddSingleton<IUpstreamTransportFactory>(sp => ActivatorUtilities.CreateInstance<HttpTransportFactory>(sp, UpstreamTransports.Sse));
        services.TryAddSingleton<IUpstreamConnector, McpUpstreamConnector>();
        services.AddSingleton<UpstreamForwarder>();
        services.AddSingleton<UpstreamSessionPool>();
        services.AddHostedService(sp => sp.GetRequiredService<UpstreamSessionPool>());
        services.TryAddSingleton<IPinningEvents, LoggedPinningEvents>();
        services.AddSingleton<CatalogCache>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogCache>());
        services.AddSingleton<Sessions.CatalogViews>();
        services.AddSingleton<ISessionRequestHandler, PingHandler>();
        services.AddSingleton<ISessionRequestHandler, ToolsCallHandler>();
        services.AddSingleton<ISessionRequestHandler, PromptsGetHandler>();
        services.AddSingleton<ISessionRequestHandler, ResourcesReadHandler>();
        foreach (var method in new[] { RequestMethods.ResourcesSubscribe, RequestMethods.ResourcesUnsubscribe })
        {
            services.AddSingleton<ISessionRequestHandler>(sp => ActivatorUtilities.CreateInstance<ResourceSubscriptionHandler>(sp, method));
        }
        services.AddSingleton<ISessionRequestHandler, CompletionHandler>();
        services.AddSingleton<ISessionRequestHandler, SetLevelHandler>();
        services.AddSingleton<Tasks.TaskAugmentedCall>();
        services.AddSingleton<ISessionRequestHandler, Tasks.TasksListHandler>();
        foreach (var method in new[] { TaskMethods.Get, TaskMethods.Result, TaskMethods.Cancel })
        {
            services.AddSingleton<ISessionRequestHandler>(sp => ActivatorUtilities.CreateInstance<Tasks.TaskRequestHandler>(sp, method));
        }
        services.AddSingleton<SessionRequestHandlers>(sp => new SessionRequestHandlers(
            sp.GetServices<ISessionRequestHandler>().Concat(ListHandlers.Create(sp.GetRequiredService<IOptions<CatalogOptions>>()))));
        services.AddSingleton<ToolStatsRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<ToolStatsRecorder>());
        return services;
    }
}
