using Gateway.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Persistence;

public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds a SQLite storage provider under <paramref name="name"/> (e.g. "Data Source=/var/lib/gateway/state.db").</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new SqliteGrainStorage(connectionString));
        return services;
    }
}
