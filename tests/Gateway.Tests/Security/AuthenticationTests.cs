using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Silo.Hosting;
using Gateway.Tests.Infrastructure;
using Gateway.Transports.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Security;

/// <summary>
/// API keys and JWTs (HS256, RS256 from an issuer's discovery document and JWKS, ES256 from a
/// PEM) authenticate; every kind of bad credential is refused with 401 and a message naming what
/// is wrong, and the sessions already open keep serving.
/// </summary>
public sealed class AuthenticationTests(AuthenticationTests.Gateways fixture) : IClassFixture<AuthenticationTests.Gateways>
{
    public const string AliceKey = "alice-key-0123456789abcdef0123456789";
    private const string BobKey = "bob-key-0123456789abcdef0123456789ab";
    private const string ExpiredKey = "old-key-0123456789abcdef0123456789ab";
    private const string SigningKey = "a-test-signing-key-that-is-long-enough-for-hs256";

    private readonly RSA _rsa = fixture.Rsa;
    private readonly ECDsa _ec = fixture.Ec;
    private readonly IssuerServer _issuer = fixture.Issuer;
    private readonly GatewayInstance _keys = fixture.Keys;
    private readonly GatewayInstance _oauth = fixture.OAuth;
    private readonly GatewayInstance _pem = fixture.Pem;

    public static TheoryData<string> RefusedCredentials() =>
    [
        "no credential",
        "unknown key",
        "expired key",
        "key in the query string",
        "token in the query string",
        "expired token",
        "token for another audience",
        "token from another issuer",
        "token without exp",
        "token without sub",
        "alg none",
        "token signed with another key",
        "malformed token",
    ];

    [Theory]
    [MemberData(nameof(RefusedCredentials))]
    public async Task BadCredential_Is401NamingTheProblem_AndOtherSessionsStillServe(string name)
    {
        var raw = new RawMcp(_keys.Http);
        var open = await raw.InitializeAsync(apiKey: AliceKey);
        var (credential, query, expected) = name switch
        {
            "no credential" => (null, "", "Authentication required"),
            "unknown key" => ("not-a-key-0123456789abcdef0123456789", "", "API key is not valid"),
            "expired key" => (ExpiredKey, "", "API key 'old' expired"),
            "key in the query string" => (null, "?api_key=" + AliceKey, "query string ('api_key')"),
            "token in the query string" => (null, "?access_token=" + Hs256(), "query string ('access_token')"),
            "expired token" => (Hs256(expires: DateTime.UtcNow.AddMinutes(-10)), "", "expired at"),
            "token for another audience" => (Hs256(audience: "another-service"), "", "not issued for this gateway"),
            "token from another issuer" => (Hs256(issuer: "someone-else"), "", "issuer"),
            "token without exp" => (Hs256(expires: DateTime.MinValue), "", "no expiry"),
            "token without sub" => (Hs256(subject: null), "", "no 'sub' claim"),
            "alg none" => (TestTokens.Unsigned("tests"), "", "signature"),
            "token signed with another key" => (Hs256(key: "another-key-that-is-long-enough-for-hs256!!"), "", "signature is not valid"),
            "malformed token" => ("eyJhbGciOi.not-base64!.x", "", "malformed"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        using var request = ClientRequests.Create("POST", "/mcp" + query, RawMcp.InitializeBody, credential);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");

        using var response = await _keys.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.True(((string?)body?["detail"] ?? "").Contains(expected, StringComparison.OrdinalIgnoreCase), $"{expected} not in: {body?.ToJsonString()}");
        var (still, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", open, apiKey: AliceKey);
        Assert.Equal(HttpStatusCode.OK, still);
    }

    [Fact]
    public async Task HealthStaysOpen_AdminNeedsCredentials()
    {
        Assert.Equal(HttpStatusCode.OK, (await _keys.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _keys.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _keys.Http.GetAsync("/admin/upstreams")).StatusCode);
    }

    [Fact]
    public async Task ApiKey_OpensASession_ThatAnotherPrincipalCannotUse()
    {
        var raw = new RawMcp(_keys.Http);
        var alices = await raw.InitializeAsync(apiKey: AliceKey);

        var (own, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", alices, apiKey: AliceKey);
        var (foreign, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", alices, apiKey: BobKey);
        var foreignDelete = await raw.DeleteAsync(alices, apiKey: BobKey);
        var (stillOwn, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"ping"}""", alices, apiKey: AliceKey);

        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Equal(HttpStatusCode.NotFound, foreign);
        Assert.Equal(HttpStatusCode.NotFound, foreignDelete);
        Assert.Equal(HttpStatusCode.OK, stillOwn);
    }

    [Fact]
    public async Task XApiKeyHeader_AndAKeyGivenByItsHash_Authenticate()
    {
        using var request = ClientRequests.Create("POST", "/mcp", RawMcp.InitializeBody);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("X-API-Key", BobKey);

        using var response = await _keys.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Hs256Jwt_SignedWithTheConfiguredKey_OpensASessionAndCallsTools()
    {
        await _keys.WaitForUpstreamsWithKeyAsync(AliceKey, "fixed");
        await using var client = await _keys.ConnectAsync(apiKey: Hs256());

        var result = await client.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "authorised" });

        Assert.Equal("authorised", Mcp.MergedEndpointTests.Text(result));
    }

    [Fact]
    public async Task Rs256FromTheIssuersDiscoveryDocument_IsAccepted_Hs256SignedWithItsPublicKeyIsNot()
    {
        var raw = new RawMcp(_oauth.Http);
        var good = Token(new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = IssuerServer.KeyId }, SecurityAlgorithms.RsaSha256), issuer: _issuer.Url);
        var confused = Token(
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_rsa.ExportSubjectPublicKeyInfoPem())), SecurityAlgorithms.HmacSha256),
            issuer: _issuer.Url);

        var (accepted, _, _) = await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: good);
        var (refused, body, _) = await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: confused);

        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Contains("bearer token", (string?)body?["detail"] ?? "");
    }

    [Fact]
    public async Task Rs256FromABareJwksUrl_AndEs256FromAPem_AreAccepted()
    {
        var raw = new RawMcp(_pem.Http);
        var rs256 = Token(new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = IssuerServer.KeyId }, SecurityAlgorithms.RsaSha256));
        var es256 = Token(new SigningCredentials(new ECDsaSecurityKey(_ec), SecurityAlgorithms.EcdsaSha256));
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Token(new SigningCredentials(new ECDsaSecurityKey(stranger), SecurityAlgorithms.EcdsaSha256));

        Assert.Equal(HttpStatusCode.OK, (await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: rs256)).Status);
        Assert.Equal(HttpStatusCode.OK, (await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: es256)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: forged)).Status);
    }

    [Fact]
    public async Task WithAnAuthority_401PointsAtTheProtectedResourceMetadata_WhichNamesTheAuthorizationServer()
    {
        var (status, _, headers) = await new RawMcp(_oauth.Http).PostAsync(RawMcp.InitializeBody, null);
        var challenge = headers.WwwAuthenticate.ToString();
        var metadataUrl = challenge.Split("resource_metadata=\"")[1].TrimEnd('"');
        var metadata = JsonNode.Parse(await _oauth.Http.GetStringAsync(metadataUrl))!;

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(_oauth.BaseUrl + "/.well-known/oauth-protected-resource/mcp", metadataUrl);
        Assert.Equal(_oauth.McpUrl, (string?)metadata["resource"]);
        Assert.Equal(_issuer.Url, (string?)metadata["authorization_servers"]![0]);
    }

    [Fact]
    public async Task ShortApiKeyInTheConfig_RefusesToStart_NamingTheRule()
    {
        var config = GatewayConfig.Config();
        config["Auth"] = new JsonObject { ["ApiKeys"] = new JsonArray(new JsonObject { ["Name"] = "ops", ["Key"] = "change-me" }) };
        var data = Paths.NewTempDirectory();
        var file = Path.Combine(data, "short.json");
        config["DataDirectory"] = data;
        await File.WriteAllTextAsync(file, new JsonObject { ["Gateway"] = config }.ToJsonString());

        var error = Assert.Throws<OptionsValidationException>(() => GatewayHost.Build(["--config", file], file));

        Assert.Contains(error.Failures, f => f.Contains("Gateway:Auth:ApiKeys:0:Key") && f.Contains("at least 32"));
    }

    [Fact]
    public async Task NonLoopbackBind_WithoutAuth_RefusesToStart()
    {
        var data = Paths.NewTempDirectory();
        var file = Path.Combine(data, "open.json");
        await File.WriteAllTextAsync(file, """{"Gateway":{"Urls":"http://0.0.0.0:0","DataDirectory":"DATA"}}""".Replace("DATA", data));

        var error = Assert.Throws<OptionsValidationException>(() => GatewayHost.Build(["--config", file], file));

        Assert.Contains(error.Failures, f => f.Contains("Gateway:Urls") && f.Contains("0.0.0.0"));
    }

    /// <summary>Three gateways for the class: API keys and HS256; an OAuth authority (RS256); a JWKS URL and an EC key.</summary>
    public sealed class Gateways : IAsyncLifetime
    {
        public RSA Rsa { get; } = RSA.Create(2048);

        public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public IssuerServer Issuer { get; private set; } = null!;

        public GatewayInstance Keys { get; private set; } = null!;

        public GatewayInstance OAuth { get; private set; } = null!;

        public GatewayInstance Pem { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Issuer = await IssuerServer.StartAsync(Rsa);
            var keys = GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed"));
            keys["Auth"] = new JsonObject
            {
                ["ApiKeys"] = new JsonArray(
                    GatewayConfig.ApiKey("alice", AliceKey, "admin"),
                    new JsonObject { ["Name"] = "bob", ["KeySha256"] = ApiKeyDirectory.Hash(BobKey) },
                    new JsonObject { ["Name"] = "old", ["Key"] = ExpiredKey, ["ExpiresAt"] = "2020-01-01T00:00:00Z" }),
                ["Jwt"] = new JsonObject { ["SigningKey"] = SigningKey, ["Issuer"] = "tests", ["Audience"] = "gateway" },
            };

            // An OAuth authorization server: discovery document and JWKS (RS256), advertised by RFC 9728.
            var oauth = GatewayConfig.Config();
            oauth["Auth"] = new JsonObject
            {
                ["Jwt"] = new JsonObject { ["Authority"] = Issuer.Url, ["Issuer"] = Issuer.Url, ["Audience"] = "gateway" },
            };

            // A bare JWKS URL (RS256) and an EC public key in PEM (ES256).
            var pem = GatewayConfig.Config();
            pem["Auth"] = new JsonObject
            {
                ["Jwt"] = new JsonObject
                {
                    ["JwksUri"] = Issuer.Url + "/jwks.json",
                    ["PublicKey"] = Ec.ExportSubjectPublicKeyInfoPem(),
                    ["Issuer"] = "tests",
                    ["Audience"] = "gateway",
                },
            };

            Keys = await GatewayInstance.StartAsync(keys);
            OAuth = await GatewayInstance.StartAsync(oauth);
            Pem = await GatewayInstance.StartAsync(pem);
        }

        public async Task DisposeAsync()
        {
            await Keys.DisposeAsync();
            await OAuth.DisposeAsync();
            await Pem.DisposeAsync();
            await Issuer.DisposeAsync();
            Rsa.Dispose();
            Ec.Dispose();
        }
    }

    private static string Hs256(
        string key = SigningKey, string issuer = "tests", string audience = "gateway", string? subject = "carol", DateTime? expires = default) =>
        TestTokens.Hs256(key, issuer, audience, subject, expires);

    private static string Token(SigningCredentials credentials, string issuer = "tests") => TestTokens.Signed(credentials, issuer);
}
