using Gateway.Audit;
using Gateway.Silo.Configuration;
using Orleans.Runtime;

namespace Gateway.Silo.Audit;

public static class GatewayAuditSetup
{
    /// <summary>
    /// This silo's audit log (a file log when Gateway:Audit:Enabled, else none) and the readers that
    /// answer <c>GET /admin/audit</c> for the cluster. The reader grain service itself is added with the silo.
    /// </summary>
    public static IServiceCollection AddGatewayAudit(this IServiceCollection services, GatewayOptions gateway)
    {
        var audit = gateway.Audit;
        var directory = audit.DirectoryUnder(gateway.DataDirectory);
        if (audit.Enabled)
        {
            services.AddSingleton<IAuditLog>(sp => new AuditFileLog(
                directory, audit.RetainedFiles, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString()));
        }
        else
        {
            services.AddSingleton<IAuditLog>(NoAuditLog.Instance);
        }

        services.AddSingleton(new AuditFileReader(directory));
        services.AddSingleton<AuditReaderClient>();
        services.AddSingleton<ClusterAudit>();
        return services;
    }
}
