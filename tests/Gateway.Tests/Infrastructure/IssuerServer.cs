using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An OAuth authorization server as a resource server sees it, on a loopback port: an OpenID
/// discovery document naming the issuer and its JWKS, and the JWKS with one RSA public key.
/// </summary>
public sealed class IssuerServer : IAsyncDisposable
{
    public const string KeyId = "test-key-1";

    private readonly WebApplication _app;

    private IssuerServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<IssuerServer> StartAsync(RSA signingKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(signingKey.ExportParameters(false)) { KeyId = KeyId });
        var keys = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject { ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E }),
        }.ToJsonString();
        app.MapGet("/jwks.json", () => Results.Text(keys, "application/json"));
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var self = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Text(new JsonObject { ["issuer"] = self, ["jwks_uri"] = self + "/jwks.json" }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        return new IssuerServer(app, app.Urls.First().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
