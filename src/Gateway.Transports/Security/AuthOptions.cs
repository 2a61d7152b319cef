namespace Gateway.Transports.Security;

/// <summary>Inbound authentication (Gateway:Auth). With neither API keys nor JWT set, auth is off.</summary>
public sealed class AuthOptions
{
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public JwtOptions Jwt { get; set; } = new();

    public bool Enabled => ApiKeys.Count > 0 || Jwt.IsConfigured;
}

/// <summary>An API key: give its SHA-256 (hex) so the config file holds no secret, or the key itself (or an env:// / file:// reference).</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public string? Key { get; set; }

    public string? KeySha256 { get; set; }
}

/// <summary>JWT bearer tokens signed with HS256 (a shared key, which may be an env:// or file:// reference).</summary>
public sealed class JwtOptions
{
    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public string? SigningKey { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(SigningKey);
}
