using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gateway.Cli.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Cli.Tests.Connect;

/// <summary>
/// The SDK's stdio client runs the built CLI as <c>gateway connect URL</c> against a real silo and a real
/// upstream, as Claude Desktop would: the session, its calls and notifications all pass through the bridge.
/// </summary>
public sealed class ConnectAgainstGatewayTests(ConnectGatewayFixture fixture) : IClassFixture<ConnectGatewayFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StdioClient_InitializesListsAndCallsTools_ThroughTheGateway()
    {
        await using var client = await ConnectAsync();

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("alpha__add", new Dictionary<string, object?> { ["a"] = 20, ["b"] = 22 });

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.Contains(tools, t => t.Name == "alpha__echo");
        Assert.False(result.IsError ?? false);
        Assert.Contains("42", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task ProgressOfACall_ReachesTheStdioClient()
    {
        await using var client = await ConnectAsync();
        var progress = Observe(client, NotificationMethods.ProgressNotification);

        var result = await client.CallToolAsync(
            "alpha__slow",
            new Dictionary<string, object?> { ["ms"] = 30, ["steps"] = 3 },
            progress: new Progress<ProgressNotificationValue>(_ => { }));

        Assert.False(result.IsError ?? false);
        // The SDK's handlers may run out of order, so any of the three steps will do.
        var update = await NextAsync(progress);
        Assert.StartsWith("step ", (string?)update.Params?["message"]);
        Assert.Equal(3, (int?)update.Params?["total"]);
    }

    [Fact]
    public async Task ListChanged_ArrivesOnTheStandaloneStream_OfAClientThatSentNothing()
    {
        // The listener never calls anything, so a POST answer cannot carry the notification to it: only the GET stream can.
        await using var listener = await ConnectAsync();
        var changes = Observe(listener, NotificationMethods.ToolListChangedNotification);
        await using var caller = await ConnectAsync();
        var name = "via_bridge_" + Guid.NewGuid().ToString("N")[..8];

        await caller.CallToolAsync("alpha__add_tool", new Dictionary<string, object?> { ["name"] = name });

        await NextAsync(changes);
        var tools = await Poll.UntilAsync(async () => (await listener.ListToolsAsync()).Select(t => t.Name).ToList(),
            names => names.Contains("alpha__" + name), $"alpha__{name} in the listener's tools/list");
        Assert.Contains("alpha__" + name, tools);
    }

    [Fact]
    public async Task WrongApiKey_GivesTheStdioClientAnErrorNamingTheRefusal()
    {
        var stderr = new ConcurrentQueue<string>();

        var error = await Assert.ThrowsAnyAsync<McpException>(() =>
            ConnectBridge.ConnectAsync(fixture.Gateway.McpUrl, ["--api-key", "not-a-key-of-this-gateway-0123456789"], stderr));

        Assert.Contains("the gateway answered 401 Unauthorized", error.Message);
        Assert.DoesNotContain(stderr, line => line.Contains("not-a-key-of-this-gateway"));
    }

    [Fact]
    public async Task StdinClosing_EndsTheGatewaySession_AndTheBridgeExitsZero()
    {
        using var bridge = ConnectBridge.Start(fixture.Gateway.McpUrl, ["--api-key-env", ConnectBridge.KeyVariable], ConnectGatewayFixture.EnderKey);
        using var timeout = new CancellationTokenSource(Patience);
        await bridge.StandardInput.WriteLineAsync(
            """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"by-hand","version":"1"}}}""");
        await bridge.StandardInput.FlushAsync();
        var answer = JsonNode.Parse(await bridge.StandardOutput.ReadLineAsync(timeout.Token) ?? "null");
        await bridge.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await bridge.StandardInput.FlushAsync();
        var openBefore = await fixture.OpenSessionsAsync("key:ender");

        bridge.StandardInput.Close();
        await bridge.WaitForExitAsync(timeout.Token);

        Assert.Equal("init", (string?)answer?["id"]);
        Assert.Equal("2025-11-25", (string?)answer?["result"]?["protocolVersion"]);
        Assert.Equal(1, openBefore);
        Assert.Equal(0, bridge.ExitCode);
        Assert.Equal(0, await fixture.OpenSessionsAsync("key:ender"));
    }

    private Task<McpClient> ConnectAsync() =>
        ConnectBridge.ConnectAsync(fixture.Gateway.McpUrl, ["--api-key-env", ConnectBridge.KeyVariable], keyFromEnvironment: ConnectGatewayFixture.UserKey);

    private static Channel<JsonRpcNotification> Observe(McpClient client, string method)
    {
        var channel = Channel.CreateUnbounded<JsonRpcNotification>();
        client.RegisterNotificationHandler(method, (n, _) =>
        {
            channel.Writer.TryWrite(n);
            return ValueTask.CompletedTask;
        });
        return channel;
    }

    private static async Task<JsonRpcNotification> NextAsync(Channel<JsonRpcNotification> channel)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
