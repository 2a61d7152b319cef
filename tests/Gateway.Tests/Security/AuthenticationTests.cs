using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Silo.Hosting;
using Gateway.Tests.Infrastructure;
using Gateway.Transports.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Security;

/// <summary>API keys and JWTs authenticate; sessions belong to the principal that created them.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string SigningKey = "a-test-signing-key-that-is-long-enough-for-hs256";
    private GatewayInstance _gateway = null!;

    public async Task InitializeAsync()
    {
        var config = GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed"));
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(
                new JsonObject { ["Name"] = "alice", ["Key"] = "alice-key" },
                new JsonObject { ["Name"] = "bob", ["KeySha256"] = GatewayAuthenticationMiddleware.Hash("bob-key") }),
            ["Jwt"] = new JsonObject { ["SigningKey"] = SigningKey, ["Issuer"] = "tests", ["Audience"] = "gateway" },
        };
        _gateway = await GatewayInstance.StartAsync(config);
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    [Fact]
    public async Task NoOrWrongCredential_Is401WithAChallenge_HealthStaysOpen()
    {
        var raw = new RawMcp(_gateway.Http);

        var (none, _, noneHeaders) = await raw.PostAsync(RawMcp.InitializeBody, null);
        var (wrong, _, _) = await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: "guess");
        var admin = await _gateway.Http.GetAsync("/admin/upstreams");
        var health = await _gateway.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.Unauthorized, none);
        Assert.Contains("Bearer", noneHeaders.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task ApiKey_OpensASession_ThatAnotherPrincipalCannotUse()
    {
        var raw = new RawMcp(_gateway.Http);
        var alices = await raw.InitializeAsync(apiKey: "alice-key");

        var (own, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", alices, apiKey: "alice-key");
        var (foreign, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", alices, apiKey: "bob-key");
        var foreignDelete = await raw.DeleteAsync(alices, apiKey: "bob-key");
        var (stillOwn, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"ping"}""", alices, apiKey: "alice-key");

        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Equal(HttpStatusCode.NotFound, foreign);
        Assert.Equal(HttpStatusCode.NotFound, foreignDelete);
        Assert.Equal(HttpStatusCode.OK, stillOwn);
    }

    [Fact]
    public async Task Jwt_SignedWithTheConfiguredKey_IsAccepted_OthersAreNot()
    {
        var raw = new RawMcp(_gateway.Http);

        var (good, _, _) = await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: Token(SigningKey, "tests"));
        var (badKey, _, _) = await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: Token("another-key-that-is-long-enough-for-hs256!!", "tests"));
        var (badIssuer, _, _) = await raw.PostAsync(RawMcp.InitializeBody, null, apiKey: Token(SigningKey, "someone-else"));

        Assert.Equal(HttpStatusCode.OK, good);
        Assert.Equal(HttpStatusCode.Unauthorized, badKey);
        Assert.Equal(HttpStatusCode.Unauthorized, badIssuer);
    }

    [Fact]
    public async Task SdkClient_WithApiKey_ListsAndCallsTools()
    {
        await _gateway.WaitForUpstreamsWithKeyAsync("alice-key", "fixed");
        await using var client = await _gateway.ConnectAsync(apiKey: "alice-key");

        var result = await client.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "authorised" });

        Assert.Equal("authorised", Mcp.MergedEndpointTests.Text(result));
    }

    [Fact]
    public async Task NonLoopbackBind_WithoutAuth_RefusesToStart()
    {
        var data = Paths.NewTempDirectory();
        var file = Path.Combine(data, "open.json");
        await File.WriteAllTextAsync(file, """{"Gateway":{"Urls":"http://0.0.0.0:0","DataDirectory":"DATA"}}""".Replace("DATA", data));

        var app = GatewayHost.Build(["--config", file], file);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        await app.DisposeAsync();

        Assert.Contains(error.Failures, f => f.Contains("Gateway:Urls") && f.Contains("0.0.0.0"));
    }

    private static string Token(string key, string issuer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = "gateway",
        Claims = new Dictionary<string, object> { ["sub"] = "carol" },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });
}
