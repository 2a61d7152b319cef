using Gateway.Runtime.Catalog;
using Gateway.Runtime.Hosting;
using Gateway.Runtime.Invocation;
using Gateway.Runtime.Placement;
using Gateway.Runtime.Proxies;
using Gateway.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the single-silo grain runtime. Every part is added with TryAdd, so a cluster can
    /// register its own <see cref="IGrainCallRouter"/>, <see cref="IPlacementDirector"/>,
    /// <see cref="SiloIdentity"/> or <see cref="TimeProvider"/> before this call (or Replace them after).
    /// </summary>
    public static IServiceCollection AddGrainRuntime(
        this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrainRuntimeOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddLogging();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new SiloIdentity(
            $"{Environment.MachineName}:{Environment.ProcessId}:{DateTime.UtcNow.Ticks}"));
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<ActivationCatalog>();
        services.TryAddSingleton<IActivationCatalog>(sp => sp.GetRequiredService<ActivationCatalog>());
        services.TryAddSingleton<ActivationCollector>();
        services.TryAddSingleton<IPlacementDirector, LocalPlacementDirector>();
        services.TryAddSingleton<IGrainCallRouter, LocalGrainCallRouter>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.TryAddSingleton<IGrainStorageFactory, GrainStorageFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GrainRuntimeHostedService>());
        return services;
    }

    /// <summary>
    /// Lets this silo activate <typeparamref name="TGrainClass"/> for <typeparamref name="TGrainInterface"/>.
    /// The grain type name is [GrainType] on the interface, else the interface name without its leading "I".
    /// </summary>
    public static IServiceCollection AddGrain<TGrainInterface, TGrainClass>(this IServiceCollection services)
        where TGrainInterface : IGrainWithStringKey
        where TGrainClass : Grain, TGrainInterface
    {
        ArgumentNullException.ThrowIfNull(services);
        var grainType = GrainInterfaceInfo.For(typeof(TGrainInterface)).GrainType;
        services.AddSingleton(new GrainClassRegistration(grainType, typeof(TGrainInterface), typeof(TGrainClass)));
        return services;
    }

    /// <summary>Adds an in-memory storage provider under <paramref name="name"/> (state dies with the process).</summary>
    public static IServiceCollection AddMemoryGrainStorage(
        this IServiceCollection services, string name = IGrainStorageFactory.DefaultName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage());
        return services;
    }
}
