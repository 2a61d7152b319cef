namespace Gateway.Security;

/// <summary>
/// Who sees and manages what across tenants. A principal's tenant comes from its API key or its
/// token's tenant claim; an upstream's from its definition. Null is the space of no tenant: the
/// operator's own, where auth off, keys without a tenant and tokens without the claim live.
/// </summary>
public static class Tenancy
{
    /// <summary>
    /// Whether a principal of <paramref name="principal"/>'s tenant sees, at the MCP endpoints, what
    /// an upstream of <paramref name="owner"/>'s tenant offers: only its own tenant's, and a
    /// principal of no tenant only the upstreams of no tenant.
    /// </summary>
    public static bool Sees(string? principal, string? owner) => string.Equals(principal, owner, StringComparison.Ordinal);

    /// <summary>
    /// Whether a principal of <paramref name="principal"/>'s tenant may read or change, through the
    /// admin API, what belongs to <paramref name="owner"/>'s: its own tenant's; a principal of no
    /// tenant (the operator) everything.
    /// </summary>
    public static bool Governs(string? principal, string? owner) => principal is null || Sees(principal, owner);
}
