using System.Security.Claims;
using Gateway.Protocol;

namespace Gateway.Transports.Security;

/// <summary>
/// What the gateway reads from an authenticated principal, whichever handler made it: its name
/// (which binds sessions: "key:NAME", "jwt:SUBJECT", or <see cref="PrincipalNames.Local"/> with auth off), its roles and its tenant.
/// </summary>
public static class GatewayClaims
{
    public const string AdminRole = "admin";
    public const string ViewerRole = "viewer";
    public const string TenantClaim = "gateway:tenant";

    public static ClaimsPrincipal Principal(string name, IEnumerable<string> roles, string? tenant, string authenticationType)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(ClaimTypes.Role, r)));
        if (!string.IsNullOrEmpty(tenant))
        {
            claims.Add(new Claim(TenantClaim, tenant));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string[] Roles(ClaimsPrincipal user) =>
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static string? Tenant(ClaimsPrincipal user) => user.FindFirst(TenantClaim)?.Value;
}
