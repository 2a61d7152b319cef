namespace Gateway.Audit;

/// <summary>
/// Which audit lines <c>GET /admin/audit</c> wants: all of its filters must match (principal,
/// tool and tenant exactly, time from <see cref="Since"/> on), newest first, at most
/// <see cref="Limit"/>. Each silo's reader applies it, so the limit counts matching lines only.
/// </summary>
/// <param name="Tenant">Only lines of this tenant: a tenant's admin's own, or the operator's choice.</param>
[GenerateSerializer, Immutable, Alias("gw.AuditQuery")]
public sealed record AuditQuery(string? Principal, string? Tool, DateTimeOffset? Since, int Limit, string? Tenant = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public bool Matches(AuditEntry entry) =>
        (Principal is null || string.Equals(entry.Principal, Principal, StringComparison.Ordinal))
        && (Tool is null || string.Equals(entry.Tool, Tool, StringComparison.Ordinal))
        && (Tenant is null || string.Equals(entry.Tenant, Tenant, StringComparison.Ordinal))
        && (Since is not { } since || entry.Time >= since);
}
