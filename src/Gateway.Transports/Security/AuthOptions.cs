namespace Gateway.Transports.Security;

/// <summary>
/// Inbound authentication (Gateway:Auth). With neither API keys nor JWT set, auth is off: only a
/// loopback bind is allowed then, and every local caller acts as the one administrator.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>API keys shorter than this are refused, in the config file and when created.</summary>
    public const int MinimumKeyLength = 32;

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// Keys created through the admin API (POST /admin/keys) authenticate as well. On by default
    /// once auth is on; with auth off there is nobody to give them to.
    /// </summary>
    public bool AllowManagedKeys { get; set; } = true;

    public bool Enabled => ApiKeys.Count > 0 || Jwt.IsConfigured;
}

/// <summary>
/// An API key of the config file: give its SHA-256 (hex) so the file holds no secret, or the key
/// itself (or an env:// / file:// reference to it). A key with no <see cref="Roles"/> may use MCP only.
/// </summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public string? Key { get; set; }

    public string? KeySha256 { get; set; }

    /// <summary>"admin" may change the gateway, "viewer" may read the admin API; others name tool policies.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The tenant whose upstreams, sessions and keys this key's holder sees; null: the whole gateway.</summary>
    public string? Tenant { get; set; }

    /// <summary>After this instant the key is refused.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>
/// JWT bearer tokens, validated by ASP.NET Core's JwtBearer handler: signed with a shared key
/// (HS256), a public key (RS256 or ES256), or keys from the issuer's JWKS (fetched and cached).
/// Issuer, audience and lifetime are always checked.
/// </summary>
public sealed class JwtOptions
{
    public string? Issuer { get; set; }

    /// <summary>This gateway's identifier as tokens name it in "aud": required, so a token minted for another service is refused.</summary>
    public string? Audience { get; set; }

    /// <summary>HS256 shared key (at least 32 bytes); may be an env:// or file:// reference.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An RSA or EC public key in PEM (RS256, ES256); may be an env:// or file:// reference.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The authorization server's base URL: its OpenID/OAuth discovery document names the JWKS. Also advertised to clients (RFC 9728).</summary>
    public string? Authority { get; set; }

    /// <summary>A JWKS URL to fetch signing keys from when the issuer publishes no discovery document.</summary>
    public string? JwksUri { get; set; }

    /// <summary>The claim holding the principal's roles (a string or an array of strings).</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>The claim holding the principal's tenant.</summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Allowed difference between this machine's clock and the issuer's.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsConfigured =>
        !string.IsNullOrEmpty(SigningKey) || !string.IsNullOrEmpty(PublicKey) || !string.IsNullOrEmpty(Authority) || !string.IsNullOrEmpty(JwksUri);
}
