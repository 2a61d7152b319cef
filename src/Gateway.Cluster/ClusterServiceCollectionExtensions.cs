using System.Text.Json.Serialization.Metadata;
using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Makes this silo a member of a cluster: it is named <paramref name="localSilo"/> (host,
    /// cluster port and the generation it will join under), joins through membership (call
    /// AddMembership and register the shared table too, before AddGrainRuntime so that it leaves
    /// after the grains have deactivated), places grains by rendezvous hashing over the view and
    /// routes calls to other silos over HTTP/2. A grain directory (IGrainDirectory) must be
    /// registered for single activation to hold while views differ.
    /// </summary>
    public static IServiceCollection AddGatewayCluster(
        this IServiceCollection services, SiloAddress localSilo, Action<ClusterMessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(localSilo);
        services.AddOptions<ClusterMessagingOptions>().Configure(configure).Configure(o => o.SiloPort = localSilo.SiloPort);
        services.Configure<MembershipOptions>(o =>
        {
            o.AdvertisedAddress = localSilo.Host;
            o.SiloPort = localSilo.SiloPort;
            o.Generation = localSilo.Generation;
            o.ActivateOnStart = false;
        });
        services.Replace(ServiceDescriptor.Singleton(new SiloIdentity(localSilo.ToString())));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClusterAuthentication>();
        services.TryAddSingleton<SiloTransport>();
        services.TryAddSingleton<ClusterSerializer>();
        services.TryAddSingleton<RemoteMethods>();
        services.TryAddSingleton<ClusterPlacementDirector>();
        services.TryAddSingleton<ClusterGrainCallRouter>();
        services.TryAddSingleton<ClusterMessenger>();
        services.TryAddSingleton<ClusterEndpoint>();
        services.Replace(ServiceDescriptor.Singleton<IPlacementDirector>(sp => sp.GetRequiredService<ClusterPlacementDirector>()));
        services.Replace(ServiceDescriptor.Singleton<IGrainCallRouter>(sp => sp.GetRequiredService<ClusterGrainCallRouter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterLifecycle>());
        return services;
    }

    /// <summary>Lets the types of <paramref name="resolver"/> (a source-generated JsonSerializerContext) cross silos as grain arguments, results and messages.</summary>
    public static IServiceCollection AddClusterTypes(this IServiceCollection services, IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(resolver);
        services.AddSingleton(new ClusterTypeRegistration(resolver));
        return services;
    }

    /// <summary>Handles <typeparamref name="TMessage"/> messages named <paramref name="name"/> that other silos send this one.</summary>
    public static IServiceCollection AddClusterMessageHandler<TMessage>(
        this IServiceCollection services, string name, Func<IServiceProvider, TMessage, CancellationToken, ValueTask<bool>> handle)
        where TMessage : notnull
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handle);
        services.AddSingleton(new ClusterMessageHandler(name, typeof(TMessage), (sp, message, ct) => handle(sp, (TMessage)message, ct)));
        return services;
    }

    /// <summary>
    /// Serves the cluster protocol on connections that arrived on the cluster port, and only there:
    /// put it first in the pipeline, so client middleware never sees cluster traffic and the client
    /// port never serves it.
    /// </summary>
    public static IApplicationBuilder UseClusterPort(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var port = app.ApplicationServices.GetRequiredService<IOptions<ClusterMessagingOptions>>().Value.SiloPort;
        // Resolved at the first request, so that a settings error surfaces from the host's start, where it is reported.
        var endpoint = new Lazy<ClusterEndpoint>(app.ApplicationServices.GetRequiredService<ClusterEndpoint>);
        return app.MapWhen(
            context => context.Connection.LocalPort == port,
            branch => branch.Run(context => endpoint.Value.HandleAsync(context)));
    }
}
