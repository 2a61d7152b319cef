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
        await using var updates = NotificationRecorder<double>.Start(client, NotificationMethods.ProgressNotification, Notified.Progress);

        var result = await client.CallToolAsync("alpha__slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 },
            new Progress<ProgressNotificationValue>());
        var received = await updates.UntilAsync(3, "three progress notifications");

        Assert.Equal("done", MergedEndpointTests.Text(result));
        Assert.Equal([1.0, 2.0, 3.0], received.Order());
    }

    [Fact]
    public async Task Sampling_AskedByTheUpstream_IsAnsweredByTheClientOverItsSocket()
    {
        var answering = new AnsweringClient();
        var options = answering.Options("ws-model", _ => "sampled over a socket");
        await using var client = await fixture.ConnectAsync(options: options);

        var sampled = await client.CallToolAsync("alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "what is 2+2?" });

        Assert.Equal("sampled by ws-model: sampled over a socket", MergedEndpointTests.Text(sampled));
        Assert.Equal(["what is 2+2?"], answering.Prompts);
    }

    [Fact]
    public async Task AResourceSubscribedOverTheSocket_SendsItsUpdatesThere()
    {
        await using var client = await fixture.ConnectAsync();
        await using var updates = NotificationRecorder<string>.Start(client, NotificationMethods.ResourceUpdatedNotification, Notified.Uri);

        await client.SubscribeToResourceAsync("test://static/hello");
        var told = await client.CallToolAsync("alpha__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });

        Assert.Equal("notified 1", MergedEndpointTests.Text(told));
        Assert.Equal(["test://static/hello"], await updates.UntilAsync(1, "the resource update"));
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
}
