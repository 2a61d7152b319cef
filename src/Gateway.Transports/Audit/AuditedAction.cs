using Microsoft.AspNetCore.Builder;

namespace Gateway.Transports.Audit;

/// <summary>
/// Endpoint metadata naming the admin change an endpoint makes: <see cref="AuditMiddleware"/>
/// writes one line for every request to it, whatever its answer (made, refused, failed).
/// </summary>
public sealed record AuditedAction(string Action);

public static class AuditedActionExtensions
{
    /// <summary>Audits every request to this endpoint as the admin change <paramref name="action"/>.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedAction(action));
}
