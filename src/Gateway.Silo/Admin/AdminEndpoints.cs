using Gateway.Transports.Security;

namespace Gateway.Silo.Admin;

/// <summary>
/// The admin HTTP API: upstreams (list, add, remove), API keys, tool pins, per-tool figures, open
/// sessions, the cluster's silos and the audit log. Reads need the viewer role (or admin), changes
/// and the audit log the admin role; every change is audited (<see cref="AdminActions"/>). A
/// tenant's principal sees and changes only its tenant's (<see cref="AdminScope"/>).
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/admin").RequireAuthorization(GatewayAuthentication.ViewerPolicy);
        var write = endpoints.MapGroup("/admin").RequireAuthorization(GatewayAuthentication.AdminPolicy);
        AdminUpstreamEndpoints.Map(read, write);
        AdminToolEndpoints.Map(read);
        AdminSessionEndpoints.Map(read);
        AdminClusterEndpoints.Map(read);
        AdminKeyEndpoints.Map(read, write);
        AdminPinEndpoints.Map(read, write);

        // Admins only: the lines say who did what.
        AdminAuditEndpoints.Map(write);
        return endpoints;
    }
}
