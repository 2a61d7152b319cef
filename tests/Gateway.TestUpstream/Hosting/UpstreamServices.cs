using Gateway.TestUpstream.Content;
using Gateway.TestUpstream.Sessions;
using Gateway.TestUpstream.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.TestUpstream.Hosting;

public static class UpstreamServices
{
    /// <summary>A test double should stop promptly; the default 30 s would stall test teardown.</summary>
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Registers what both modes share: settings, the process-wide tool catalog, the open-session registry and content.</summary>
    public static IServiceCollection AddTestUpstream(this IServiceCollection services, UpstreamSettings settings)
    {
        services.AddSingleton(settings);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = s_shutdownTimeout);
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<ListChangedNotifier>();
        services.AddSingleton<ResourceUpdateNotifier>();
        services.AddSingleton<ProcessTerminator>();
        services.AddSingleton<TestResources>();
        services.AddSingleton<UpstreamServerOptions>();
        services.AddSingleton<IClientInput>(settings.Stateless ? new InputRequiredRounds() : new ServerToClientRequests());

        // The catalog holds add_tool, which itself adds to the catalog: create it empty, then fill it.
        services.AddSingleton(sp =>
        {
            var catalog = new ToolCatalog();
            var builtIn = ActivatorUtilities.CreateInstance<BuiltInTools>(sp, catalog);
            foreach (var tool in builtIn.Create())
            {
                catalog.TryAdd(tool);
            }

            return catalog;
        });

        return services;
    }
}
