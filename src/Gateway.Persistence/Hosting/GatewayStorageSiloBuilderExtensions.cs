using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Gateway.Persistence;

/// <summary>
/// Puts the gateway's grain state and cluster membership on Orleans' own providers, over the
/// project's SQL scripts (sql/), with state serialized by <see cref="JsonGrainStateSerializer"/>.
/// </summary>
public static class GatewayStorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers the default grain storage: Orleans' memory storage, or its ADO.NET storage on SQLite
    /// or PostgreSQL. With <paramref name="applySchema"/>, the store's schema is applied first thing
    /// when the silo starts; a store that cannot be reached then stops the start with an
    /// <see cref="InvalidOperationException"/> "Gateway:Storage: the {provider} store cannot be reached: {reason}".
    /// </summary>
    /// <param name="provider">One of <see cref="GatewayStorageProviders"/>.</param>
    /// <param name="connectionString">The store's connection string; not used by memory.</param>
    /// <param name="applySchema">Whether the silo applies the schema itself (idempotent, safe for silos starting together).</param>
    /// <param name="json">The JSON options the state is written with.</param>
    public static ISiloBuilder AddGatewayGrainStorage(
        this ISiloBuilder silo, string provider, string? connectionString, bool applySchema, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(json);
        var canonical = GatewayStorageProviders.Canonical(provider);
        var serializer = new JsonGrainStateSerializer(json);

        if (canonical == GatewayStorageProviders.Memory)
        {
            // The same serializer as the real stores, so a state that round-trips in tests
            // round-trips in production.
            return silo.AddMemoryGrainStorageAsDefault(options => options.GrainStorageSerializer = serializer);
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Gateway:Storage: the {canonical} store needs a connection string.", nameof(connectionString));
        }

        if (applySchema)
        {
            AddSchemaParticipant(silo, canonical, connectionString, $"Gateway:Storage: the {canonical} store cannot be reached: ");
        }

        var invariant = canonical == GatewayStorageProviders.Sqlite ? AdoNetInvariant.Sqlite : AdoNetInvariant.Postgres;
        return silo.AddAdoNetGrainStorageAsDefault((AdoNetGrainStorageOptions options) =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
            options.GrainStorageSerializer = serializer;
        });
    }

    /// <summary>
    /// Puts cluster membership on PostgreSQL with Orleans' ADO.NET clustering. With
    /// <paramref name="applySchema"/>, the schema is applied before membership first reads its
    /// table; a database that cannot be reached stops the start with an
    /// <see cref="InvalidOperationException"/> "Gateway:Cluster: the postgres membership table cannot be reached: {reason}".
    /// Storage and membership may share one database: each applies the same idempotent scripts.
    /// </summary>
    public static ISiloBuilder UseGatewayPostgresClustering(this ISiloBuilder silo, string connectionString, bool applySchema)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("Gateway:Cluster: the postgres membership table needs a connection string.", nameof(connectionString));
        }

        if (applySchema)
        {
            AddSchemaParticipant(
                silo, GatewayStorageProviders.Postgres, connectionString, "Gateway:Cluster: the postgres membership table cannot be reached: ");
        }

        return silo.UseAdoNetClustering((AdoNetClusteringSiloOptions options) =>
        {
            options.Invariant = AdoNetInvariant.Postgres;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Sweeps the rows of one grain state on every silo (<see cref="ExpiredStateSweep"/>): rows
    /// cleared, and rows not written for <see cref="StateRetention.MaxAge"/>, whose grains ended
    /// without anyone to clear them. Nothing for memory storage, which lives and dies with the silo.
    /// </summary>
    public static ISiloBuilder AddGatewayStateSweep(this ISiloBuilder silo, string provider, string? connectionString, StateRetention retention)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(retention);
        if (GatewayStorageProviders.Canonical(provider) == GatewayStorageProviders.Memory)
        {
            return silo;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Gateway:Storage: the {provider} store needs a connection string.", nameof(connectionString));
        }

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new StateSweepParticipant(
            new ExpiredStateSweep(provider, connectionString, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, retention),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<StateSweepParticipant>>()));
        return silo;
    }

    private static void AddSchemaParticipant(ISiloBuilder silo, string provider, string connectionString, string failure) =>
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new SchemaLifecycleParticipant(
            provider, connectionString, failure, services.GetRequiredService<ILogger<SchemaLifecycleParticipant>>()));
}
