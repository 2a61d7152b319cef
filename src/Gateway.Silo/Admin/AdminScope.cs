using Gateway.Security;
using Gateway.Transports.Security;

namespace Gateway.Silo.Admin;

/// <summary>
/// What the caller of an admin endpoint governs (<see cref="Tenancy.Governs"/>): a principal of no
/// tenant, the operator, everything; a tenant's principal only that tenant's upstreams, tools,
/// pins, keys, sessions and audit lines. What it does not govern is answered as if it did not
/// exist, so that one tenant cannot learn another's names by probing.
/// </summary>
/// <param name="Tenant">The caller's tenant (<see cref="GatewayClaims.Tenant"/>).</param>
public sealed record AdminScope(string? Tenant)
{
    public static AdminScope Of(HttpContext context) => new(GatewayClaims.Tenant(context.User));

    /// <summary>The operator's scope: cluster-wide facts are for it alone.</summary>
    public bool IsOperator => Tenant is null;

    public bool Governs(string? owner) => Tenancy.Governs(Tenant, owner);

    /// <summary>
    /// The tenant a new upstream or key belongs to: the one asked for, else the caller's. A
    /// tenant's admin creates only for its own tenant; the operator for any, or none.
    /// </summary>
    /// <param name="what">What is created, for the refusal ("an upstream", "a key").</param>
    /// <returns>The tenant, or the 403 to answer.</returns>
    public (string? Tenant, IResult? Refusal) Assign(string? asked, string what) =>
        asked is null || Governs(asked)
            ? (asked ?? Tenant, null)
            : (null, Results.Problem(
                title: "Another tenant's",
                detail: $"A principal of tenant '{Tenant}' may not create {what} for tenant '{asked}': leave tenant out, or give '{Tenant}'",
                statusCode: StatusCodes.Status403Forbidden));

    /// <summary>The 403 for what only the operator may see.</summary>
    public IResult OperatorOnly(string what) => Results.Problem(
        title: "For the operator only",
        detail: $"{what} describes the whole cluster, all tenants' alike: only a principal of no tenant may read it (this one is of tenant '{Tenant}')",
        statusCode: StatusCodes.Status403Forbidden);
}
