using Gateway.Configuration;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Gateway.Upstreams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Transports.Security;

/// <summary>
/// Authenticates MCP and admin requests with an API key (Authorization: Bearer KEY, or X-API-Key)
/// or an HS256 JWT. The principal's name binds sessions: "key:NAME" or "jwt:SUBJECT".
/// Health endpoints stay open.
/// </summary>
public sealed class GatewayAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AuthOptions _options;
    private readonly Dictionary<string, string> _keyNamesByHash;
    private readonly TokenValidationParameters? _jwt;
    private readonly JsonWebTokenHandler _handler = new();

    public GatewayAuthenticationMiddleware(RequestDelegate next, IOptions<AuthOptions> options)
    {
        _next = next;
        _options = options.Value;
        _keyNamesByHash = _options.ApiKeys.ToDictionary(
            k => (k.KeySha256 ?? Hash(SecretReference.Resolve(k.Key ?? ""))).ToLowerInvariant(),
            k => k.Name,
            StringComparer.Ordinal);
        if (_options.Jwt.IsConfigured)
        {
            _jwt = new TokenValidationParameters
            {
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SecretReference.Resolve(_options.Jwt.SigningKey!))),
                ValidIssuer = _options.Jwt.Issuer,
                ValidateIssuer = _options.Jwt.Issuer is not null,
                ValidAudience = _options.Jwt.Audience,
                ValidateAudience = _options.Jwt.Audience is not null,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            };
        }
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_options.Enabled || context.Request.Path.StartsWithSegments("/health"))
        {
            await _next(context);
            return;
        }

        var credential = Credential(context.Request);
        var principal = credential is null ? null : await AuthenticateAsync(credential);
        if (principal is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mcp-gateway\"";
            await context.Response.WriteAsJsonAsync(new
            {
                error = credential is null ? "Authentication required: send an API key or a bearer token" : "Invalid credentials",
            });
            return;
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, principal)], "gateway"));
        await _next(context);
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string? Credential(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers["X-API-Key"].ToString();
        return apiKey.Length > 0 ? apiKey : null;
    }

    private async Task<string?> AuthenticateAsync(string credential)
    {
        // Compare hashes in constant time, so response timing says nothing about a key's prefix.
        var hash = Encoding.ASCII.GetBytes(Hash(credential));
        foreach (var (known, name) in _keyNamesByHash)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(known)))
            {
                return "key:" + name;
            }
        }

        if (_jwt is null || !_handler.CanReadToken(credential))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(credential, _jwt);
        return result.IsValid && result.ClaimsIdentity.FindFirst("sub")?.Value is { } subject ? "jwt:" + subject : null;
    }
}
