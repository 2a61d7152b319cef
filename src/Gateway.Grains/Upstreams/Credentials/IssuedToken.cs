namespace Gateway.Upstreams.Credentials;

/// <summary>What a token endpoint issued (RFC 6749 §5.1).</summary>
/// <param name="ExpiresIn">The token's lifetime; null when the server did not say (the token is then used until the upstream refuses it).</param>
/// <param name="RefreshToken">A new refresh token, when the server rotates them; it replaces the one the gateway holds.</param>
public sealed record IssuedToken(string AccessToken, TimeSpan? ExpiresIn, string? RefreshToken);
