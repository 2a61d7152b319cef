using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Membership;

public static class MembershipServiceCollectionExtensions
{
    /// <summary>
    /// Adds cluster membership: a <see cref="MembershipAgent"/> that joins when the host starts and
    /// leaves when it stops, exposed as <see cref="IMembershipViewSource"/>. The table is the
    /// in-memory one unless an <see cref="IMembershipTable"/> was registered before this call (or
    /// replaces it after, as the PostgreSQL table's registration does). Adding it twice adds it once.
    /// </summary>
    public static IServiceCollection AddMembership(this IServiceCollection services, Action<MembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MembershipOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddLogging();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMembershipTable, InMemoryMembershipTable>();
        services.TryAddSingleton<MembershipAgent>();
        services.TryAddSingleton<IMembershipViewSource>(sp => sp.GetRequiredService<MembershipAgent>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MembershipAgent>(sp => sp.GetRequiredService<MembershipAgent>()));
        return services;
    }
}
