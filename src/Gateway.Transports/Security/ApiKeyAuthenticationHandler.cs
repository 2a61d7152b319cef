using System.Text.Encodings.Web;
using Gateway.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Transports.Security;

/// <summary>
/// Authenticates an API key sent as <c>X-API-Key</c> or <c>Authorization: Bearer KEY</c>. Keys are
/// looked up by their SHA-256 (<see cref="ApiKeyDirectory"/>); the principal is "key:NAME" with
/// the key's roles and tenant. A credential in the query string is refused by name: query strings
/// end up in proxy and browser logs.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyDirectory keys,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";

    /// <summary>Query parameters clients commonly put a credential in.</summary>
    private static readonly string[] QueryCredentials = ["access_token", "token", "api_key", "apikey", "key"];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Credential();
        if (presented is null)
        {
            return QueryCredentials.FirstOrDefault(Request.Query.ContainsKey) is { } parameter
                ? AuthenticateResult.Fail($"A credential in the query string ('{parameter}') is not accepted: send it as 'Authorization: Bearer ...' or '{HeaderName}'")
                : AuthenticateResult.NoResult();
        }

        var key = await keys.FindAsync(presented);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is not valid");
        }

        if (key.ExpiresAt is { } expiry && expiry <= time.GetUtcNow())
        {
            return AuthenticateResult.Fail($"The API key '{key.Name}' expired at {expiry:O}");
        }

        var principal = GatewayClaims.Principal("key:" + key.Name, key.Roles, key.Tenant, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mcp-gateway\"";
        return Task.CompletedTask;
    }

    private string? Credential()
    {
        var header = Request.Headers[HeaderName].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        return BearerToken(Request.Headers.Authorization.ToString());
    }

    public static string? BearerToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > "Bearer ".Length
            ? authorization["Bearer ".Length..].Trim()
            : null;
}

/// <summary>With auth off (a loopback bind and no keys or JWT): every caller is the local operator, an admin.</summary>
public sealed class LocalAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Local";

    private static readonly System.Security.Claims.ClaimsPrincipal Operator =
        GatewayClaims.Principal(PrincipalNames.Local, [GatewayClaims.AdminRole, GatewayClaims.ViewerRole], null, SchemeName);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Operator, SchemeName)));
}
