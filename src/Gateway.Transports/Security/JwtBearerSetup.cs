using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Transports.Security;

/// <summary>
/// Turns Gateway:Auth:Jwt into ASP.NET Core's JwtBearer options. Each kind of key admits only its
/// own algorithm (a shared key HS256, an RSA key RS256, an EC key ES256), so a token signed with
/// HS256 using the RSA public key as the secret is refused, and so is an unsigned one.
/// </summary>
public static class JwtBearerSetup
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    public static void Configure(JwtBearerOptions bearer, JwtOptions jwt)
    {
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (!string.IsNullOrEmpty(jwt.SigningKey))
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SecretReference.Resolve(jwt.SigningKey))));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (!string.IsNullOrEmpty(jwt.PublicKey))
        {
            var (key, algorithm) = PublicKey(SecretReference.Resolve(jwt.PublicKey));
            keys.Add(key);
            algorithms.Add(algorithm);
        }

        if (!string.IsNullOrEmpty(jwt.Authority) || !string.IsNullOrEmpty(jwt.JwksUri))
        {
            algorithms.AddRange([SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256]);
        }

        bearer.MapInboundClaims = false;
        bearer.IncludeErrorDetails = true;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidateIssuer = true,
            ValidAudience = jwt.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = jwt.ClockSkew,
            IssuerSigningKeys = keys,
            ValidAlgorithms = algorithms.Distinct().ToArray(),
            NameClaimType = "sub",
            RoleClaimType = jwt.RolesClaim,
        };

        if (!string.IsNullOrEmpty(jwt.JwksUri))
        {
            // Keys straight from a JWKS URL, cached and refreshed by the configuration manager.
            bearer.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwt.JwksUri, new JwksRetriever(), new HttpDocumentRetriever { RequireHttps = !IsLoopback(jwt.JwksUri) });
        }
        else if (!string.IsNullOrEmpty(jwt.Authority))
        {
            bearer.Authority = jwt.Authority;
            bearer.RequireHttpsMetadata = !IsLoopback(jwt.Authority);
        }

        bearer.Events = new JwtBearerEvents
        {
            // Only the Authorization header: a token in the query string is refused by the API key handler's rule.
            OnMessageReceived = context =>
            {
                context.Token = ApiKeyAuthenticationHandler.BearerToken(context.Request.Headers.Authorization.ToString());
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                var user = context.Principal!;
                var subject = user.FindFirst("sub")?.Value;
                if (string.IsNullOrEmpty(subject))
                {
                    context.Fail("The bearer token has no 'sub' claim naming its principal");
                    return Task.CompletedTask;
                }

                var roles = user.FindAll(jwt.RolesClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                context.Principal = GatewayClaims.Principal("jwt:" + subject, roles, user.FindFirst(jwt.TenantClaim)?.Value, SchemeName);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>What a client is told when its token is refused: the rule it broke, without the library's codes.</summary>
    public static string Describe(Exception failure) => failure switch
    {
        SecurityTokenExpiredException expired => $"The bearer token expired at {expired.Expires:O}",
        SecurityTokenNotYetValidException early => $"The bearer token is not valid before {early.NotBefore:O}",
        SecurityTokenNoExpirationException => "The bearer token has no expiry ('exp' claim)",
        SecurityTokenInvalidAudienceException => "The bearer token was not issued for this gateway (its 'aud' claim is not the configured audience)",
        SecurityTokenInvalidIssuerException => "The bearer token's issuer ('iss' claim) is not the configured issuer",
        SecurityTokenInvalidAlgorithmException => "The bearer token's signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is not valid",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is malformed",
        SecurityTokenException => "The bearer token is not valid",
        _ => failure.Message,
    };

    /// <summary>An EC key means ES256, anything else must be an RSA key (RS256).</summary>
    private static (SecurityKey Key, string Algorithm) PublicKey(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return (new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            ec.Dispose();
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return (new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
    }

    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>Reads a bare JWKS document as the configuration JwtBearer validates against.</summary>
    private sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var document = await retriever.GetDocumentAsync(address, cancel);
            var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = new JsonWebKeySet(document) };
            foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
