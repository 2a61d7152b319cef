using System.Net;
using Gateway.Catalog;
using Gateway.Cluster;
using Gateway.Persistence;
using Gateway.Runtime.Membership;
using Gateway.Silo.Configuration;
using Gateway.Streams;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Silo.Clustering;

/// <summary>
/// Turns a silo into a member of a PostgreSQL-backed cluster (Gateway:Cluster:Provider postgres):
/// membership and the grain directory in the database, rendezvous placement and HTTP/2 calls
/// between silos on the cluster port, client streams and the catalog reachable from every silo.
/// Without it the silo is the single-silo embedded default.
/// </summary>
internal static class SiloClusterSetup
{
    /// <summary>Must run before AddGrainRuntime: membership then leaves the cluster only after the grains have deactivated.</summary>
    public static void AddSiloCluster(this WebApplicationBuilder builder, GatewayOptions gateway)
    {
        var cluster = gateway.Cluster;
        var connectionString = cluster.ConnectionString ?? "";
        var local = new SiloAddress(cluster.AdvertisedAddress, cluster.SiloPort, DateTime.UtcNow.Ticks);
        var clientUrls = ClientUrlsOf(gateway);
        var services = builder.Services;

        services.AddMembership(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.HeartbeatInterval = cluster.HeartbeatInterval;
            o.FailureTimeout = cluster.FailureTimeout;
            o.TableRefreshInterval = cluster.TableRefreshInterval;
            o.HttpPort = clientUrls.Select(u => u.Port).FirstOrDefault();
        });
        if (connectionString.Length > 0)
        {
            services.AddPostgresMembershipTable(connectionString);
            services.AddPostgresGrainDirectory(connectionString);
        }

        services.AddGatewayCluster(local, o =>
        {
            // A key that cannot be read is reported by the settings check at start; meanwhile "" refuses every cluster request.
            o.ClusterKey = cluster.ResolveClusterKey(out _);
            o.CallTimeout = cluster.CallTimeout;
        });
        services.AddClusterTypes(GatewayGrainsJsonContext.Default);
        services.AddClusterMessageHandler<RemoteStreamItem>(ClusterStreamDelivery.MessageName, (sp, message, ct) =>
            sp.GetRequiredService<ClientStreamRegistry>().DeliverAsync(message.Target, message.Item, ct));
        services.AddClusterMessageHandler<CatalogSnapshot>(ClusterCatalogBroadcast.MessageName, async (sp, snapshot, ct) =>
        {
            await sp.GetRequiredService<CatalogCache>().PublishAsync(snapshot, ct);
            return true;
        });

        // Registered before the front door and the grains, whose TryAdd then keeps these.
        services.AddSingleton<ClusterStreamDelivery>();
        services.AddSingleton<IClientStreamDelivery>(sp => sp.GetRequiredService<ClusterStreamDelivery>());
        services.AddSingleton<ClusterCatalogBroadcast>();
        services.AddSingleton<ICatalogBroadcast>(sp => sp.GetRequiredService<ClusterCatalogBroadcast>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterCatalogBroadcast>());

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in clientUrls.Where(u => u.Port is >= 0 and <= 65535))
            {
                Listen(kestrel, url.Host, url.Port, listen =>
                {
                    // As Kestrel's default: HTTP/2 needs TLS's protocol negotiation on a client port.
                    listen.Protocols = url.Scheme == Uri.UriSchemeHttps ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                    if (url.Scheme == Uri.UriSchemeHttps)
                    {
                        listen.UseHttps();
                    }
                });
            }

            // Cleartext HTTP/2 only (prior knowledge): the port speaks to silos, not browsers. A port out of
            // range is left to the settings check at start, which names it.
            if (cluster.SiloPort is > 0 and <= 65535)
            {
                Listen(kestrel, cluster.AdvertisedAddress, cluster.SiloPort, listen => listen.Protocols = HttpProtocols.Http2);
            }

            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
    }

    private static IReadOnlyList<Uri> ClientUrlsOf(GatewayOptions gateway) =>
        [.. ClientUrls.Split(gateway.Urls).Select(url => ClientUrls.TryParse(url, out var uri) ? uri : null).OfType<Uri>()];

    /// <summary>A loopback host binds loopback only; any other (an IP or a name others resolve) binds every interface.</summary>
    private static void Listen(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions> configure)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.Listen(IPAddress.Loopback, port, configure);
        }
        else if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && (IPAddress.IsLoopback(address) || !IsWildcard(address)))
        {
            kestrel.Listen(address, port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(port, configure);
        }
    }

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}
