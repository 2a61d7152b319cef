using System.Net;
using System.Net.Security;
using Gateway.Persistence;
using Gateway.Sessions;
using Gateway.Silo.Audit;
using Gateway.Silo.Configuration;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Serialization;
using GatewayOptions = Gateway.Silo.Configuration.GatewayOptions;

namespace Gateway.Silo.Hosting;

/// <summary>
/// The Orleans silo inside the gateway's process: clustering (localhost for the embedded default,
/// ADO.NET on PostgreSQL for a cluster), grain storage, membership tuned for fast and safe failure
/// detection, mutual TLS between silos, and the gateway's serialization.
/// </summary>
public static class GatewaySiloSetup
{
    public static WebApplicationBuilder AddGatewaySilo(this WebApplicationBuilder builder, GatewayOptions gateway)
    {
        var cluster = gateway.Cluster;
        builder.UseOrleans(silo =>
        {
            silo.Services.AddSerializer(serializer => serializer.AddGatewayJson());

            // Every silo reads its own audit files for GET /admin/audit asked on any silo.
            silo.AddGrainService<AuditReaderService>();
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = ServiceId(cluster);
            });

            if (cluster.Enabled)
            {
                ClusterAddress.TryResolve(cluster.AdvertisedAddress, out var advertised, out _);
                advertised ??= IPAddress.Loopback;
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = advertised;
                    o.SiloPort = cluster.SiloPort;
                    o.GatewayPort = 0;

                    // Loopback binds loopback only; any other address binds every interface (containers).
                    o.SiloListeningEndpoint = IPAddress.IsLoopback(advertised)
                        ? new IPEndPoint(advertised, cluster.SiloPort)
                        : new IPEndPoint(IPAddress.Any, cluster.SiloPort);
                });
                silo.UseGatewayPostgresClustering(cluster.ConnectionString ?? "", gateway.Storage.ApplySchema);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort: cluster.SiloPort, gatewayPort: 0,
                    serviceId: ServiceId(cluster), clusterId: cluster.ClusterId);
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = cluster.ProbeTimeout;
                o.NumMissedProbesLimit = cluster.MissedProbesLimit;
                o.NumVotesForDeathDeclaration = cluster.VotesForDeathDeclaration;
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.CallTimeout);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));

            if (cluster.Tls.Enabled)
            {
                UseMutualTls(silo, cluster.Tls);
            }

            var storage = StorageConnectionString(gateway);
            silo.AddGatewayGrainStorage(gateway.Storage.Provider, storage, gateway.Storage.ApplySchema, GatewaySerialization.StateJson);

            // Sessions that expired while no grain held them leave rows nobody would clear.
            var idle = gateway.Sessions.IdleTimeout;
            silo.AddGatewayStateSweep(gateway.Storage.Provider, storage,
                new StateRetention(McpSessionGrain.StateName, SessionTimings.RowRetention(idle), SessionTimings.SweepInterval(idle)));

            // A task no one asks about again past its lifetime keeps its row until swept.
            var lifetime = gateway.Sessions.MaxTaskLifetime;
            silo.AddGatewayStateSweep(gateway.Storage.Provider, storage,
                new StateRetention(Gateway.Tasks.TaskGrain.StateName, lifetime, SessionTimings.SweepInterval(lifetime)));
        });
        return builder;
    }

    /// <summary>Orleans' ServiceId: what the store's rows (grain state, keys) are scoped by.</summary>
    public static string ServiceId(Configuration.ClusterOptions cluster) => "mcp-gateway-" + cluster.ClusterId;

    /// <summary>Every silo presents the cluster's certificate and accepts only a peer that presents the same one.</summary>
    private static void UseMutualTls(ISiloBuilder silo, ClusterTlsOptions tls)
    {
        var certificate = ClusterCertificate.Load(tls);
        silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (remote, _, errors) =>
                remote is not null
                && (errors & ~(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch)) == SslPolicyErrors.None
                && remote.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
        });
    }

    /// <summary>SQLite's file lives in the data directory unless a connection string says otherwise.</summary>
    public static string? StorageConnectionString(GatewayOptions gateway)
    {
        if (gateway.Storage.Provider != GatewayStorageProviders.Sqlite || !string.IsNullOrEmpty(gateway.Storage.ConnectionString))
        {
            return gateway.Storage.ConnectionString;
        }

        // Readable by the gateway's user alone (PrivateDataFiles tightens one that exists at start).
        var directory = Path.GetFullPath(gateway.DataDirectory);
        OwnerOnly.EnsureDirectory(directory);
        return $"Data Source={Path.Combine(directory, "gateway.db")}";
    }
}
