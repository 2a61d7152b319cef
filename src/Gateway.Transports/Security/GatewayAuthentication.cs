using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;

namespace Gateway.Transports.Security;

/// <summary>
/// Inbound auth on ASP.NET Core's authentication and authorization. One policy scheme picks the
/// handler per request: JwtBearer for a bearer token shaped like a JWT (when JWT is configured),
/// the API key handler otherwise, or, with auth off, the local operator. Three policies guard the
/// endpoints: <see cref="McpPolicy"/> (any authenticated principal), <see cref="ViewerPolicy"/>
/// (reads of the admin API) and <see cref="AdminPolicy"/> (changes). With an OAuth authority
/// configured, 401s carry RFC 9728's resource_metadata and the MCP SDK's handler serves the
/// protected resource metadata document.
/// </summary>
public static class GatewayAuthentication
{
    public const string SchemeName = "Gateway";
    public const string McpPolicy = "mcp";
    public const string ViewerPolicy = "viewer";
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services, AuthOptions auth)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyDirectory>();
        var authority = auth.Jwt.Authority;
        var builder = services.AddAuthentication(SchemeName);
        builder.AddPolicyScheme(SchemeName, "API key or bearer token", options =>
        {
            options.ForwardDefaultSelector = context => Select(context, auth);
            if (auth.Enabled && !string.IsNullOrEmpty(authority))
            {
                options.ForwardChallenge = McpAuthenticationDefaults.AuthenticationScheme;
            }
        });

        if (!auth.Enabled)
        {
            builder.AddScheme<AuthenticationSchemeOptions, LocalAuthenticationHandler>(LocalAuthenticationHandler.SchemeName, null);
        }
        else
        {
            builder.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
            if (auth.Jwt.IsConfigured)
            {
                builder.AddJwtBearer(JwtBearerSetup.SchemeName, options => JwtBearerSetup.Configure(options, auth.Jwt));
            }

            if (!string.IsNullOrEmpty(authority))
            {
                builder.AddMcp(options =>
                {
                    options.ForwardAuthenticate = SchemeName;
                    options.ResourceMetadata = new ProtectedResourceMetadata
                    {
                        AuthorizationServers = [authority],
                        BearerMethodsSupported = ["header"],
                        ResourceName = "MCP gateway",
                    };
                });
            }
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(McpPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(ViewerPolicy, policy => policy.RequireRole(GatewayClaims.ViewerRole, GatewayClaims.AdminRole))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(GatewayClaims.AdminRole));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationAnswers>();
        return services;
    }

    private static string Select(HttpContext context, AuthOptions auth)
    {
        if (!auth.Enabled)
        {
            return LocalAuthenticationHandler.SchemeName;
        }

        var bearer = ApiKeyAuthenticationHandler.BearerToken(context.Request.Headers.Authorization.ToString());
        return auth.Jwt.IsConfigured && bearer is not null && LooksLikeJwt(bearer) && context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].Count == 0
            ? JwtBearerSetup.SchemeName
            : ApiKeyAuthenticationHandler.SchemeName;
    }

    /// <summary>A compact JWS: three base64url parts. API keys the gateway mints never contain a dot.</summary>
    private static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;
}
