using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An OAuth 2.0 token endpoint on a loopback port (POST /token): the client-credentials and
/// refresh-token grants of RFC 6749, one confidential client, tokens "access-1-{salt}", "access-2-{salt}", ...
/// with the lifetime the test chooses. Refresh tokens rotate ("refresh-0" is the first, each
/// refresh issues the next) and a used one is dead, as servers with rotation and reuse detection
/// do. Every token it issues goes into the upstream's tokens file, which the upstream accepts
/// tokens from, until <see cref="Revoke"/> empties it: an upstream that never refuses a token it
/// was given, so a second token is fetched only because the first expired, or was revoked.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string ClientId = "gateway-client";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<string> _issued = [];
    private readonly List<Grant> _grants = [];
    private readonly List<string> _accepted = [];
    private readonly string _salt = Guid.NewGuid().ToString("N")[..8];
    private string _refreshToken = "refresh-0";

    private TokenServer(WebApplication app, string clientSecret, int expiresIn, string? refusal, string tokensFile)
    {
        _app = app;
        ClientSecret = clientSecret;
        ExpiresIn = expiresIn;
        Refusal = refusal;
        TokensFile = tokensFile;
    }

    public string ClientSecret { get; }

    /// <summary>expires_in of every token, in seconds.</summary>
    public int ExpiresIn { get; }

    /// <summary>When set, every request is refused with this OAuth error code (and a description).</summary>
    public string? Refusal { get; }

    /// <summary>The file the upstream reads its accepted bearer tokens from (its --bearer-tokens-file).</summary>
    public string TokensFile { get; }

    public string TokenUrl => _app.Urls.First().TrimEnd('/') + "/token";

    public IReadOnlyList<string> Issued
    {
        get
        {
            lock (_gate)
            {
                return [.. _issued];
            }
        }
    }

    /// <summary>Every request the endpoint took, in order.</summary>
    public IReadOnlyList<Grant> Grants
    {
        get
        {
            lock (_gate)
            {
                return [.. _grants];
            }
        }
    }

    public static async Task<TokenServer> StartAsync(string clientSecret, int expiresIn, string? refusal = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new TokenServer(app, clientSecret, expiresIn, refusal, Path.Combine(Paths.NewTempDirectory(), "tokens.txt"));
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>The upstream stops accepting every token issued so far.</summary>
    public void Revoke()
    {
        lock (_gate)
        {
            _accepted.Clear();
            WriteTokens();
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var (method, id, secret) = ClientOf(context.Request, form);
        var grant = new Grant((string?)form["grant_type"] ?? "", method, (string?)form["refresh_token"], (string?)form["scope"], (string?)form["audience"]);
        lock (_gate)
        {
            _grants.Add(grant);
            if (Refusal is not null)
            {
                // As a careless server might: the description repeats what the client sent.
                return Error(Refusal, $"client {id} with secret {secret} is not known here", StatusCodes.Status401Unauthorized);
            }

            if (id != ClientId || secret != ClientSecret)
            {
                return Error("invalid_client", "client authentication failed", StatusCodes.Status401Unauthorized);
            }

            string? rotated = null;
            if (grant.Type == "refresh_token")
            {
                if (grant.RefreshToken != _refreshToken)
                {
                    return Error("invalid_grant", "the refresh token is not valid", StatusCodes.Status400BadRequest);
                }

                rotated = _refreshToken = $"refresh-{int.Parse(_refreshToken["refresh-".Length..]) + 1}";
            }
            else if (grant.Type != "client_credentials")
            {
                return Error("unsupported_grant_type", $"'{grant.Type}' is not supported", StatusCodes.Status400BadRequest);
            }

            var token = $"access-{_issued.Count + 1}-{_salt}";
            _issued.Add(token);
            _accepted.Add(token);
            WriteTokens();
            var body = new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = ExpiresIn };
            if (rotated is not null)
            {
                body["refresh_token"] = rotated;
            }

            return Results.Text(body.ToJsonString(), "application/json");
        }
    }

    /// <summary>RFC 6749 §2.3.1: HTTP Basic with form-encoded id and secret, or both in the body.</summary>
    private static (string Method, string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
            var colon = pair.IndexOf(':');
            return ("client_secret_basic", Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
        }

        return ("client_secret_post", form["client_id"], form["client_secret"]);
    }

    private static IResult Error(string code, string description, int status) =>
        Results.Text(new JsonObject { ["error"] = code, ["error_description"] = description }.ToJsonString(), "application/json", statusCode: status);

    /// <summary>Replaced whole, so the upstream never reads half a file.</summary>
    private void WriteTokens()
    {
        var temporary = TokensFile + ".tmp";
        File.WriteAllLines(temporary, _accepted);
        File.Move(temporary, TokensFile, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <param name="ClientAuthentication">client_secret_basic or client_secret_post, as the request authenticated.</param>
    public sealed record Grant(string Type, string ClientAuthentication, string? RefreshToken, string? Scope, string? Audience);
}
