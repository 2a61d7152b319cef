using Gateway.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Persistence;

public static class PostgresMembershipServiceCollectionExtensions
{
    /// <summary>
    /// Keeps cluster membership in PostgreSQL (an Npgsql connection string), for the cluster named by
    /// <see cref="MembershipOptions.ClusterId"/>. Replaces the in-memory table whether it is called
    /// before or after <see cref="MembershipServiceCollectionExtensions.AddMembership"/>.
    /// </summary>
    public static IServiceCollection AddPostgresMembershipTable(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(sp => new PostgresMembershipTable(
            connectionString,
            sp.GetRequiredService<IOptions<MembershipOptions>>().Value.ClusterId,
            sp.GetRequiredService<ILogger<PostgresMembershipTable>>())));
        return services;
    }
}
