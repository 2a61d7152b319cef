using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>
/// Session ids nobody initialized, well formed so that they reach the session grains: each is
/// refused with 404 on every method, stores nothing, and leaves no activation behind, so a client
/// making ids up cannot fill the silo.
/// </summary>
public sealed class UnknownSessionTests
{
    private const int Forged = 200;

    [Fact]
    public async Task ForgedSessionIds_Are404_StoreNothing_AndLeaveNoActivations()
    {
        await using var gateway = await GatewayInstance.StartAsync(GatewayConfig.Config());
        var stored = StoredSessions.Sqlite(gateway.DataDirectory);
        var mcp = new RawMcp(gateway.Http);
        var real = await mcp.InitializeAsync();
        var before = await ActivationsAsync(gateway);

        var posts = new List<(HttpStatusCode Status, int? Code)>();
        for (var i = 0; i < Forged; i++)
        {
            var (status, body, _) = await mcp.PostAsync($$"""{"jsonrpc":"2.0","id":{{i}},"method":"tools/list"}""", SessionIds.New());
            posts.Add((status, RawMcp.ErrorCode(body)));
        }

        var gets = new List<HttpStatusCode>();
        var deletes = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            gets.Add((await mcp.GetAsync(SessionIds.New())).Status);
            deletes.Add(await mcp.DeleteAsync(SessionIds.New()));
        }

        Assert.All(posts, post => Assert.Equal((HttpStatusCode.NotFound, -32001), post));
        Assert.All(gets, status => Assert.Equal(HttpStatusCode.NotFound, status));
        Assert.All(deletes, status => Assert.Equal(HttpStatusCode.NotFound, status));
        Assert.Equal(1, await stored.CountAsync());

        // Each refused id's activation goes once its call ended; a few may still be on their way out.
        await Poll.UntilAsync(() => ActivationsAsync(gateway), count => count < before + 20,
            $"the activations of {Forged + 40} refused ids to go (before them: {before})");
        Assert.Equal(HttpStatusCode.OK, (await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", real)).Status);
    }

    private static async Task<long> ActivationsAsync(GatewayInstance gateway) =>
        (long)(await gateway.Http.GetFromJsonAsync<JsonObject>("/admin/cluster"))!["activations"]!;
}
