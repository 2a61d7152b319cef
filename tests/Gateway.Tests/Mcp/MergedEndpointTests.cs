using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp;

/// <summary>An SDK client on /mcp sees both upstreams' tools, resources and prompts under qualified names and uses them.</summary>
public sealed class MergedEndpointTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    private GatewayInstance Gateway => fixture.Gateway;

    [Theory]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task Initialize_WithEachSupportedRevision_NegotiatesThatRevision(string version)
    {
        await using var client = await Gateway.ConnectAsync(protocolVersion: version);

        Assert.Equal(version, client.NegotiatedProtocolVersion);
        Assert.Equal("mcp-gateway", client.ServerInfo?.Name);
        Assert.NotNull(client.ServerCapabilities?.Tools);
    }

    [Fact]
    public async Task Connect_WithDefaultClientOptions_SpeaksTheSessionlessRevision()
    {
        // The SDK's client prefers 2026-07-28, which its server/discover finds the gateway speaks.
        await using var client = await Gateway.ConnectAsync(protocolVersion: null);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "alpha__echo");
    }

    [Fact]
    public async Task ListTools_ShowsEveryUpstreamsToolsUnderQualifiedNames()
    {
        await using var client = await Gateway.ConnectAsync();

        var names = (await client.ListToolsAsync()).Select(t => t.Name).ToHashSet();

        Assert.Contains("alpha__echo", names);
        Assert.Contains("alpha__add", names);
        Assert.Contains("beta__echo", names);
        Assert.Contains("beta__slow", names);
        Assert.DoesNotContain("echo", names);
    }

    [Fact]
    public async Task CallTool_ByQualifiedName_ReachesTheRightUpstream()
    {
        await using var client = await Gateway.ConnectAsync();

        var sum = await client.CallToolAsync("alpha__add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 });
        var echo = await client.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "through stdio" });

        Assert.Equal("42", Text(sum));
        Assert.Equal("through stdio", Text(echo));
        Assert.NotEqual(true, sum.IsError);
    }

    [Fact]
    public async Task CallTool_WithProgressToken_ForwardsUpstreamProgressToTheCaller()
    {
        await using var client = await Gateway.ConnectAsync();
        var updates = new List<JsonNode?>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            lock (updates)
            {
                updates.Add(notification.Params);
            }

            return ValueTask.CompletedTask;
        });

        // The IProgress makes the SDK send a progress token. The SDK hands a request's progress to
        // it only until the answer is in, and dispatches notifications concurrently, so the last
        // update may miss it; the client-wide handler above sees every one, in any order.
        var result = await client.CallToolAsync("beta__slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 },
            new Progress<ProgressNotificationValue>());
        var received = await Poll.UntilAsync(() => Task.FromResult(Snapshot(updates)), u => u.Count >= 3, "three progress notifications");

        // The slow tool reports each of its three steps: exactly three updates reach the caller.
        Assert.Equal("done", Text(result));
        Assert.Equal([1.0, 2.0, 3.0], received.Select(u => (double)u!["progress"]!).Order());
        Assert.All(received, u => Assert.Equal(3.0, (double?)u!["total"]));
        Assert.All(received, u => Assert.Equal($"step {(double)u!["progress"]!}", (string?)u["message"]));
    }

    [Fact]
    public async Task CallTool_WithProgressToken_StreamsEveryUpdateBeforeTheAnswer()
    {
        var raw = new RawMcp(Gateway.Http);
        var session = await raw.InitializeAsync();

        var events = await raw.PostForEventsAsync(
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"beta__slow","arguments":{"ms":300,"steps":3},"_meta":{"progressToken":"p-42"}}}""",
            session);

        // The slow tool sends one update per step, 100 ms apart: all three come before the answer,
        // in increasing order (MCP requires progress to increase), with the client's token.
        var progress = events.SkipLast(1).ToList();
        Assert.All(progress, e => Assert.Equal("p-42", (string?)e["params"]!["progressToken"]));
        Assert.Equal([1.0, 2.0, 3.0], progress.Select(e => (double)e["params"]!["progress"]!));
        Assert.Equal(5, (int?)events[^1]["id"]);
        Assert.Equal("done", (string?)events[^1]["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task CallTool_ThatReportsAToolError_ReturnsIsErrorResult()
    {
        await using var client = await Gateway.ConnectAsync();

        var result = await client.CallToolAsync("alpha__fail", new Dictionary<string, object?> { ["message"] = "bad thing" });

        Assert.True(result.IsError);
        Assert.Contains("bad thing", Text(result));
    }

    [Fact]
    public async Task CallTool_ThatThrowsUpstream_ReturnsTheUpstreamsJsonRpcError()
    {
        await using var client = await Gateway.ConnectAsync();

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("alpha__throw").AsTask());

        Assert.NotEqual(McpErrorCode.MethodNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task CallTool_UnknownName_IsAnErrorNamingTheTool()
    {
        await using var client = await Gateway.ConnectAsync();

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("alpha__nope").AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("alpha__nope", error.Message);
    }

    [Fact]
    public async Task Resources_AreListedAndReadThroughTheGateway()
    {
        await using var client = await Gateway.ConnectAsync();

        var resources = await client.ListResourcesAsync();
        var templates = await client.ListResourceTemplatesAsync();
        var hello = await client.ReadResourceAsync("test://static/hello");
        var item = await client.ReadResourceAsync("test://items/7");

        Assert.Contains(resources, r => r.Uri == "test://static/hello");
        Assert.Contains(templates, t => t.UriTemplate == "test://items/{id}");
        Assert.Equal("hello from alpha", ((TextResourceContents)hello.Contents[0]).Text);
        Assert.Equal("item 7", ((TextResourceContents)item.Contents[0]).Text);
    }

    [Fact]
    public async Task ReadResource_UnknownUri_IsResourceNotFound()
    {
        await using var client = await Gateway.ConnectAsync();

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("nowhere://x").AsTask());

        Assert.Equal(McpErrorCode.ResourceNotFound, error.ErrorCode);
        Assert.Contains("nowhere://x", error.Message);
    }

    [Fact]
    public async Task Prompts_AreQualifiedAndCompletionsRouteToTheirUpstream()
    {
        await using var client = await Gateway.ConnectAsync();

        var prompts = (await client.ListPromptsAsync()).Select(p => p.Name).ToList();
        var prompt = await client.GetPromptAsync("beta__greet", new Dictionary<string, object?> { ["name"] = "Ada" });
        var completion = await client.CompleteAsync(new PromptReference { Name = "beta__greet" }, "name", "al");

        Assert.Contains("alpha__greet", prompts);
        Assert.Contains("beta__greet", prompts);
        Assert.Contains("Hello, Ada!", ((TextContentBlock)prompt.Messages[0].Content).Text);
        Assert.Equal(["albert", "alice"], completion.Completion.Values.Order());
    }

    [Fact]
    public async Task Ping_AnswersWithoutTouchingUpstreams()
    {
        await using var client = await Gateway.ConnectAsync();

        await client.PingAsync();
    }

    [Fact]
    public async Task StatefulUpstream_GivesEachClientSessionItsOwnUpstreamSession()
    {
        await using var first = await Gateway.ConnectAsync();
        await using var second = await Gateway.ConnectAsync();

        var a1 = Text(await first.CallToolAsync("alpha__counter"));
        var a2 = Text(await first.CallToolAsync("alpha__counter"));
        var b1 = Text(await second.CallToolAsync("alpha__counter"));
        var whoFirst = Text(await first.CallToolAsync("beta__whoami"));
        var whoSecond = Text(await second.CallToolAsync("beta__whoami"));

        Assert.Equal(("1", "2", "1"), (a1, a2, b1));
        Assert.NotEqual(whoFirst, whoSecond);
    }

    private static List<JsonNode?> Snapshot(List<JsonNode?> updates)
    {
        lock (updates)
        {
            return [.. updates];
        }
    }

    internal static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
