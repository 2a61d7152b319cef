using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Persistence;

public static class PostgresGrainDirectoryServiceCollectionExtensions
{
    /// <summary>
    /// Keeps the grain directory in PostgreSQL (an Npgsql connection string), for the cluster named by
    /// <see cref="MembershipOptions.ClusterId"/>. Its claims read the membership table in the same
    /// database, so use it with <see cref="PostgresMembershipServiceCollectionExtensions.AddPostgresMembershipTable"/>
    /// on the same connection string. Replaces any directory registered before it.
    /// </summary>
    public static IServiceCollection AddPostgresGrainDirectory(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.Replace(ServiceDescriptor.Singleton<IGrainDirectory>(sp => new PostgresGrainDirectory(
            connectionString,
            sp.GetRequiredService<IOptions<MembershipOptions>>().Value.ClusterId,
            sp.GetRequiredService<ILogger<PostgresGrainDirectory>>())));
        return services;
    }
}
