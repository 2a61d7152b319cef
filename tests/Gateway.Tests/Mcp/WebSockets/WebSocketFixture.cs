using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace Gateway.Tests.Mcp.WebSockets;

/// <summary>
/// A silo with API keys for alice and bob, fronting the test upstream "alpha" over HTTP, with
/// small WebSocket limits (64 KB messages, 4 requests in flight) so that reaching them is cheap.
/// </summary>
public sealed class WebSocketFixture : IAsyncLifetime
{
    public const string Collection = "websocket gateway";

    public const string AliceKey = "alice-key-0123456789abcdef0123456789";
    public const string BobKey = "bob-key-0123456789abcdef0123456789ab";
    public const int MaxMessageBytes = 64 * 1024;
    public const int MaxRequestsInFlight = 4;

    public TestUpstreamProcess Alpha { get; private set; } = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", Alpha.Url));
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(GatewayConfig.ApiKey("alice", AliceKey, "admin"), GatewayConfig.ApiKey("bob", BobKey)),
        };
        config["Http"] = new JsonObject
        {
            ["MaxRequestBodyBytes"] = MaxMessageBytes,
            ["WebSocketMaxRequestsInFlight"] = MaxRequestsInFlight,
        };
        Gateway = await GatewayInstance.StartAsync(config);
        await Gateway.WaitForUpstreamsWithKeyAsync(AliceKey, "alpha");
    }

    /// <summary>The SDK's McpClient over /ws (or <paramref name="path"/>) as alice.</summary>
    public Task<McpClient> ConnectAsync(string path = "/ws", McpClientOptions? options = null) =>
        WebSocketClientTransport.ConnectClientAsync(RawWebSocket.Url(Gateway.BaseUrl, path), options, AliceKey);

    /// <summary>A raw socket to /ws as alice.</summary>
    public Task<RawWebSocket> OpenAsync(string path = "/ws", string[]? subprotocols = null) =>
        RawWebSocket.ConnectAsync(Gateway.BaseUrl, AliceKey, path, subprotocols);

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Alpha.DisposeAsync();
    }
}

/// <summary>One silo for the WebSocket test classes, which run one after another: they share the upstream's counters.</summary>
[CollectionDefinition(WebSocketFixture.Collection)]
public sealed class WebSocketCollection : ICollectionFixture<WebSocketFixture>;
