using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>
/// A principal may hold Gateway:Sessions:MaxPerPrincipal open sessions: one more initialize gets
/// 429 with -32054 saying why and what to do, other principals are unaffected, and ending a
/// session makes room at once.
/// </summary>
public sealed class SessionLimitTests
{
    private const string AliceKey = "alice-key-0123456789abcdef0123456789";
    private const string BobKey = "bob-key-0123456789abcdef0123456789ab";

    private const int SessionLimitReached = -32054;

    [Fact]
    public async Task InitializeBeyondThePrincipalsLimit_Is429_OthersUnaffected_DeleteMakesRoom()
    {
        var config = Config(limit: 3);
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(
                GatewayConfig.ApiKey("alice", AliceKey),
                GatewayConfig.ApiKey("bob", BobKey)),
        };
        await using var gateway = await GatewayInstance.StartAsync(config);
        var mcp = new RawMcp(gateway.Http);
        var alices = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            alices.Add(await mcp.InitializeAsync(apiKey: AliceKey));
        }

        var (refused, body, headers) = await mcp.PostAsync(RawMcp.InitializeBody, null, apiKey: AliceKey);
        var bobs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            bobs.Add(await mcp.InitializeAsync(apiKey: BobKey));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal(SessionLimitReached, RawMcp.ErrorCode(body));
        Assert.Equal(1, (int?)body?["id"]);
        Assert.False(headers.Contains("Mcp-Session-Id"));
        var message = RawMcp.ErrorMessage(body);
        Assert.Contains("'key:alice' has 3 open sessions", message);
        Assert.Contains("limit 3", message);
        Assert.Contains("DELETE", message);
        Assert.Contains("expire", message);
        Assert.Equal(3, bobs.Distinct().Count());

        // Alice's sessions still serve, and ending one frees its place for her next initialize.
        Assert.Equal(HttpStatusCode.OK, (await mcp.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", alices[0], apiKey: AliceKey)).Status);
        Assert.Equal(HttpStatusCode.OK, await mcp.DeleteAsync(alices[1], apiKey: AliceKey));
        var (reopened, _, reopenedHeaders) = await mcp.PostAsync(RawMcp.InitializeBody, null, apiKey: AliceKey);
        Assert.Equal(HttpStatusCode.OK, reopened);
        Assert.True(reopenedHeaders.Contains("Mcp-Session-Id"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await mcp.PostAsync(RawMcp.InitializeBody, null, apiKey: AliceKey)).Status);
    }

    [Fact]
    public async Task WithAuthOff_EveryClientIsTheOneAnonymousPrincipal()
    {
        await using var gateway = await GatewayInstance.StartAsync(Config(limit: 2));
        var mcp = new RawMcp(gateway.Http);
        await mcp.InitializeAsync();
        await mcp.InitializeAsync();

        var (refused, body, _) = await mcp.PostAsync(RawMcp.InitializeBody, null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal(SessionLimitReached, RawMcp.ErrorCode(body));
        Assert.Contains("authentication is off", RawMcp.ErrorMessage(body));
        Assert.Contains("2 open sessions", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task ExpiredSessions_FreeTheirPlaces()
    {
        var config = Config(limit: 1);
        config["Sessions"]!["IdleTimeout"] = "00:00:01";
        await using var gateway = await GatewayInstance.StartAsync(config);
        var mcp = new RawMcp(gateway.Http);
        var first = await mcp.InitializeAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await mcp.PostAsync(RawMcp.InitializeBody, null)).Status);

        await Poll.UntilAsync(
            async () => (await mcp.PostAsync(RawMcp.InitializeBody, null)).Status == HttpStatusCode.OK,
            "the idle session to expire and free its place");

        Assert.Equal(HttpStatusCode.NotFound, (await mcp.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", first)).Status);
    }

    private static JsonObject Config(int limit)
    {
        var config = GatewayConfig.Config();
        config["Sessions"] = new JsonObject { ["MaxPerPrincipal"] = limit };
        return config;
    }
}
