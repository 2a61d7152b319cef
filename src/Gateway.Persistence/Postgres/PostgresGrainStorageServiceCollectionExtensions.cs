using Gateway.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Persistence;

public static class PostgresGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds a PostgreSQL storage provider under <paramref name="name"/> (an Npgsql connection string).</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new PostgresGrainStorage(connectionString));
        return services;
    }
}
