using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp.WebSockets;

/// <summary>
/// The SDK's McpClient over /ws (a test transport on ClientWebSocket) against a real silo and
/// upstream: one socket is one session, and everything /mcp carries reaches the client on it.
/// </summary>
[Collection(WebSocketFixture.Collection)]
public sealed class WebSocketTransportTests(WebSocketFixture fixture)
{
    [Fact]
    public async Task SdkClient_OverWebSocket_ListsTheMergedCatalog_AndCallsToolsOnOneUpstreamSession()
    {
        await using var client = await fixture.ConnectAsync();

        var tools = await client.ListToolsAsync();
        var sum = await client.CallToolAsync("alpha__add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 });
        var counts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            counts.Add(MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));
        }

        Assert.Equal("mcp-gateway", client.ServerInfo?.Name);
        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.Contains(tools, t => t.Name == "alpha__echo");
        Assert.Equal("42", MergedEndpointTests.Text(sum));
        // One client session, one upstream session behind it.
        Assert.Equal(["1", "2", "3"], counts);
    }

    [Fact]
    public async Task SdkClient_OverWebSocket_GetsEveryProgressUpdateOfItsCall()
    {
        await using var client = await fixture.ConnectAsync();
        var updates = new List<double>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            lock (updates)
            {
                updates.Add((double)notification.Params!["progress"]!);
            }

            return ValueTask.CompletedTask;
        });

        var result = await client.CallToolAsync("alpha__slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 },
            new Progress<ProgressNotificationValue>());
        var received = await Poll.UntilAsync(() => Task.FromResult(Snapshot(updates)), u => u.Count >= 3, "three progress notifications");

        Assert.Equal("done", MergedEndpointTests.Text(result));
        Assert.Equal([1.0, 2.0, 3.0], received.Order());
    }

    [Fact]
    public async Task Sampling_AskedByTheUpstream_IsAnsweredByTheClientOverItsSocket()
    {
        var asked = new List<string>();
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, _, _) =>
                {
                    lock (asked)
                    {
                        asked.Add(request!.Messages[0].Content.OfType<TextContentBlock>().Single().Text);
                    }

                    return ValueTask.FromResult(new CreateMessageResult { Model = "ws-model", Content = [new TextContentBlock { Text = "sampled over a socket" }] });
                },
            },
        };
        await using var client = await fixture.ConnectAsync(options: options);

        var sampled = await client.CallToolAsync("alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "what is 2+2?" });

        Assert.Equal("sampled by ws-model: sampled over a socket", MergedEndpointTests.Text(sampled));
        Assert.Equal(["what is 2+2?"], asked);
    }

    [Fact]
    public async Task AResourceSubscribedOverTheSocket_SendsItsUpdatesThere()
    {
        await using var client = await fixture.ConnectAsync();
        var updates = new List<string>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (notification, _) =>
        {
            lock (updates)
            {
                updates.Add((string?)notification.Params?["uri"] ?? "");
            }

            return ValueTask.CompletedTask;
        });

        await client.SubscribeToResourceAsync("test://static/hello");
        var told = await client.CallToolAsync("alpha__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });

        Assert.Equal("notified 1", MergedEndpointTests.Text(told));
        Assert.Equal(["test://static/hello"], await Poll.UntilAsync(() => Task.FromResult(Snapshot(updates)), u => u.Count >= 1, "the resource update"));
    }

    [Fact]
    public async Task SdkClient_OnAVirtualServersSocket_SeesThatUpstreamUnderItsOwnNames()
    {
        await using var client = await fixture.ConnectAsync("/servers/alpha/ws");

        var tools = await client.ListToolsAsync();
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "passed through" });

        Assert.Equal("mcp-gateway/alpha", client.ServerInfo?.Name);
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.DoesNotContain(tools, t => t.Name == "alpha__echo");
        Assert.Equal("passed through", MergedEndpointTests.Text(echo));
    }

    [Fact]
    public async Task ARequestFailingUpstream_IsAnsweredWithItsError_AndTheSocketCarriesOn()
    {
        await using var client = await fixture.ConnectAsync();

        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("alpha__no_such_tool").AsTask());
        var echo = await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "still here" });

        Assert.Contains("alpha__no_such_tool", unknown.Message);
        Assert.Equal("still here", MergedEndpointTests.Text(echo));
    }

    [Fact]
    public async Task OnA2025_03_26Session_ABatchIsAnsweredAsOneArray_OnALaterRevisionItIsRefusedNamingIt()
    {
        await using var old = await fixture.OpenAsync();
        await old.InitializeAsync("2025-03-26");
        await using var current = await fixture.OpenAsync();
        await current.InitializeAsync();
        const string batch = """[{"jsonrpc":"2.0","id":10,"method":"ping"},{"jsonrpc":"2.0","id":11,"method":"tools/list"}]""";

        await old.SendAsync(batch);
        var answers = await old.NextAnswerAsync();
        await current.SendAsync(batch);
        var refused = await current.NextAnswerAsync();

        Assert.Equal([10, 11], answers.AsArray().Select(a => (int)a!["id"]!));
        Assert.Equal(-32600, (int?)refused["error"]?["code"]);
        Assert.Contains("2025-11-25", (string?)refused["error"]?["message"]);
    }

    private static List<T> Snapshot<T>(List<T> items)
    {
        lock (items)
        {
            return [.. items];
        }
    }
}
