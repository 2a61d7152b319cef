using Gateway.Persistence;
using Gateway.Persistence.KeyRing;
using Gateway.Silo.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Orleans.Runtime;

namespace Gateway.Silo.Hosting;

/// <summary>
/// The Data Protection key ring that encrypts the upstream secrets the admin API stores. A silo on
/// its own keeps it in the data directory's keys/ (0700, files 0600), apart from the SQLite file;
/// a cluster keeps it in its PostgreSQL database, where every silo reads the same keys. With the
/// cluster's certificate (Gateway:Cluster:Tls) the keys are encrypted to it, so neither a copy of
/// the data directory's database nor a dump of the cluster's database decrypts a secret alone.
/// </summary>
public static class GatewayDataProtection
{
    /// <summary>The same on every silo: Data Protection isolates applications by this name, and a cluster is one.</summary>
    public const string ApplicationName = "mcp-gateway";

    public static IServiceCollection AddGatewayDataProtection(this IServiceCollection services, GatewayOptions gateway)
    {
        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        IKeyRingStore store = gateway.Cluster.Enabled
            ? new PostgresKeyRepository(gateway.Storage.ConnectionString!, GatewaySiloSetup.ServiceId(gateway.Cluster))
            : new PrivateDirectoryKeyRepository(KeyDirectory(gateway));
        services.AddSingleton(store);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = store);
        if (gateway.Cluster.Tls.Enabled)
        {
            protection.ProtectKeysWithCertificate(ClusterCertificate.Load(gateway.Cluster.Tls));
        }

        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, KeyRingBootstrap>();
        return services;
    }

    public static string KeyDirectory(GatewayOptions gateway) => Path.Combine(Path.GetFullPath(gateway.DataDirectory), "keys");
}
