using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Mcp;

namespace Gateway.Tests.Upstreams;

/// <summary>
/// OAuth upstreams: the gateway gets an access token from a real token endpoint on loopback, sends
/// it as a bearer token to an upstream that accepts the tokens that endpoint issued (until they are
/// revoked), renews it when it expires or when the upstream refuses it, keeps a rotated refresh token, and says what a token
/// endpoint's refusal was without repeating any secret.
/// </summary>
public sealed class OAuthCredentialTests
{
    private const string Upstream = "oauthed";
    private const string Echo = Upstream + "__echo";

    [Fact]
    public async Task ClientCredentials_GetsAToken_UsesIt_AndGetsANewOneWhenItExpires()
    {
        await using var tokens = await TokenServer.StartAsync("cc-secret-5e0d", expiresIn: 1);
        await using var upstream = await TestUpstreamProcess.StartHttpAsync(Upstream, 0, "--bearer-tokens-file", tokens.TokensFile);
        await using var gateway = await StartGatewayAsync(upstream, ClientCredentials(tokens));
        await using var client = await gateway.ConnectAsync();
        Assert.Equal("first", await EchoAsync(client, "first"));

        // The token lives a second, and the upstream refuses none it was given: only its expiry brings a second one.
        await Poll.UntilAsync(async () => await EchoAsync(client, "later") == "later" && tokens.Issued.Count >= 2, "a second token to be issued and used");

        Assert.Equal("again", await EchoAsync(client, "again"));
        Assert.Equal(0, await UpstreamStats.UnauthorizedAsync(upstream));
        Assert.All(tokens.Grants, g => Assert.Equal(("client_credentials", "client_secret_basic", "tools:call"), (g.Type, g.ClientAuthentication, g.Scope)));
    }

    [Fact]
    public async Task ClientCredentials_WhenTheUpstreamRefusesTheToken_GetsANewOne_AndTheCallSucceeds()
    {
        await using var tokens = await TokenServer.StartAsync("cc-secret-a41b", expiresIn: 3600);
        await using var upstream = await TestUpstreamProcess.StartHttpAsync(Upstream, 0, "--bearer-tokens-file", tokens.TokensFile);
        await using var gateway = await StartGatewayAsync(upstream, ClientCredentials(tokens));
        await using var client = await gateway.ConnectAsync();
        Assert.Equal("before", await EchoAsync(client, "before"));
        Assert.Single(tokens.Issued);

        tokens.Revoke();

        Assert.Equal("after", await EchoAsync(client, "after"));
        Assert.Equal(2, tokens.Issued.Count);
        Assert.True(await UpstreamStats.UnauthorizedAsync(upstream) >= 1, "the upstream never refused the revoked token");
    }

    [Fact]
    public async Task RefreshToken_KeepsTheRotatedRefreshToken_AndAuthenticatesInTheBody()
    {
        await using var tokens = await TokenServer.StartAsync("rt-secret-c3f9", expiresIn: 1);
        await using var upstream = await TestUpstreamProcess.StartHttpAsync(Upstream, 0, "--bearer-tokens-file", tokens.TokensFile);
        var auth = new JsonObject
        {
            ["Type"] = "oauth-refresh-token", ["TokenUrl"] = tokens.TokenUrl, ["ClientId"] = TokenServer.ClientId,
            ["ClientSecret"] = tokens.ClientSecret, ["RefreshToken"] = "refresh-0", ["ClientAuthentication"] = "client_secret_post",
        };
        await using var gateway = await StartGatewayAsync(upstream, auth);
        await using var client = await gateway.ConnectAsync();

        // Each refresh kills the refresh token it used: a third token needs the second rotated one.
        await Poll.UntilAsync(async () => await EchoAsync(client, "on") == "on" && tokens.Issued.Count >= 3, "three tokens from rotating refresh tokens");

        var grants = tokens.Grants;
        Assert.Equal(["refresh-0", "refresh-1", "refresh-2"], grants.Take(3).Select(g => g.RefreshToken));
        Assert.All(grants, g => Assert.Equal(("refresh_token", "client_secret_post"), (g.Type, g.ClientAuthentication)));
        Assert.Equal(0, await UpstreamStats.UnauthorizedAsync(upstream));
    }

    [Fact]
    public async Task ATokenEndpointRefusal_GivesTheUpstreamAStatusNamingTheEndpointAndTheErrorCode_AndNoSecret()
    {
        await using var tokens = await TokenServer.StartAsync("refused-secret-88e2", expiresIn: 3600, refusal: "invalid_client");
        await using var upstream = await TestUpstreamProcess.StartHttpAsync(Upstream, 0, "--bearer-tokens-file", tokens.TokensFile);
        await using var gateway = await StartGatewayAsync(upstream, ClientCredentials(tokens), wait: false);

        var view = await Poll.UntilAsync(
            async () => (await gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!.OfType<JsonObject>().Single(u => (string?)u["name"] == Upstream),
            u => (string?)u["state"] == "failed", "the upstream to be reported failed");

        var error = (string?)view["error"];
        Assert.Contains($"token endpoint {tokens.TokenUrl} refused the request: invalid_client", error);
        Assert.Contains("HTTP 401 Unauthorized", error);
        Assert.DoesNotContain(tokens.ClientSecret, view.ToJsonString());
        Assert.Equal("***", (string?)view["auth"]!["clientSecret"]);
        Assert.Equal(0, await UpstreamStats.UnauthorizedAsync(upstream));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await gateway.Http.GetAsync("/health/ready")).StatusCode);
    }

    private static JsonObject ClientCredentials(TokenServer tokens) => new()
    {
        ["Type"] = "oauth-client-credentials", ["TokenUrl"] = tokens.TokenUrl, ["ClientId"] = TokenServer.ClientId,
        ["ClientSecret"] = tokens.ClientSecret, ["Scope"] = "tools:call",
    };

    private static async Task<GatewayInstance> StartGatewayAsync(TestUpstreamProcess upstream, JsonObject auth, bool wait = true)
    {
        var definition = GatewayConfig.HttpUpstream(Upstream, upstream.Url);
        definition["Auth"] = auth;
        var gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(definition));
        if (wait)
        {
            await gateway.WaitForUpstreamsAsync(Upstream);
        }

        return gateway;
    }

    private static async Task<string> EchoAsync(ModelContextProtocol.Client.McpClient client, string message) =>
        MergedEndpointTests.Text(await client.CallToolAsync(Echo, new Dictionary<string, object?> { ["message"] = message }));
}
