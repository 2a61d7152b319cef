using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Persistence;

/// <summary>
/// A cluster's shared tables in PostgreSQL, each for the cluster named by
/// <see cref="MembershipOptions.ClusterId"/>. Use both on the same connection string: the
/// directory's claims read the membership table in the same database.
/// </summary>
public static class PostgresClusteringServiceCollectionExtensions
{
    /// <summary>
    /// Keeps cluster membership in PostgreSQL (an Npgsql connection string). Replaces the in-memory
    /// table whether it is called before or after <see cref="MembershipServiceCollectionExtensions.AddMembership"/>.
    /// </summary>
    public static IServiceCollection AddPostgresMembershipTable(this IServiceCollection services, string connectionString) =>
        services.ReplaceForCluster<IMembershipTable>(connectionString, (clusterId, sp) =>
            new PostgresMembershipTable(connectionString, clusterId, sp.GetRequiredService<ILogger<PostgresMembershipTable>>()));

    /// <summary>Keeps the grain directory in PostgreSQL (an Npgsql connection string). Replaces any directory registered before it.</summary>
    public static IServiceCollection AddPostgresGrainDirectory(this IServiceCollection services, string connectionString) =>
        services.ReplaceForCluster<IGrainDirectory>(connectionString, (clusterId, sp) =>
            new PostgresGrainDirectory(connectionString, clusterId, sp.GetRequiredService<ILogger<PostgresGrainDirectory>>()));

    private static IServiceCollection ReplaceForCluster<TService>(
        this IServiceCollection services, string connectionString, Func<string, IServiceProvider, TService> create)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.Replace(ServiceDescriptor.Singleton(sp => create(sp.GetRequiredService<IOptions<MembershipOptions>>().Value.ClusterId, sp)));
        return services;
    }
}
