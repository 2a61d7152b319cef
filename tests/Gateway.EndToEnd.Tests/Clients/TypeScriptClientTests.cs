using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Clients;

/// <summary>The official TypeScript SDK client, run by node, uses the silo executable over Streamable HTTP, legacy HTTP+SSE and WebSocket.</summary>
public sealed class TypeScriptClientTests(TestUpstreamSiloFixture fixture, ITestOutputHelper output)
    : IClassFixture<TestUpstreamSiloFixture>, IDisposable
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task CallTool_FromTypeScriptClientOnMergedEndpoint_ReachesTheStdioUpstream()
    {
        var reply = await RunClientAsync(Silo.McpUrl, "ts__echo", """{"message":"from node"}""");

        Assert.Contains("ts__echo", ToolNames(reply));
        Assert.Equal("from node", (string?)reply["result"]?["content"]?[0]?["text"]);
        Assert.NotEqual(true, (bool?)reply["result"]?["isError"]);
    }

    [Fact]
    public async Task CallTool_FromTypeScriptClientOnPassThroughEndpoint_UsesTheOriginalName()
    {
        var reply = await RunClientAsync($"{Silo.BaseUrl}/servers/{TestUpstreamSiloFixture.Upstream}/mcp", "echo", """{"message":"passed through"}""");

        Assert.Contains("echo", ToolNames(reply));
        Assert.DoesNotContain("ts__echo", ToolNames(reply));
        Assert.Equal("passed through", (string?)reply["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task CallTool_FromTypeScriptSseClientTransport_OverLegacySse_ReachesTheStdioUpstream()
    {
        var reply = await RunClientAsync($"{Silo.BaseUrl}/sse", "ts__echo", """{"message":"over legacy sse"}""", "sse");

        Assert.Contains("ts__echo", ToolNames(reply));
        Assert.Equal("over legacy sse", (string?)reply["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task CallTool_FromTypeScriptWebSocketClientTransport_OverWs_ReachesTheStdioUpstream()
    {
        var reply = await RunClientAsync(WebSocketUrl("/ws"), "ts__echo", """{"message":"over a websocket"}""", "websocket");

        Assert.Contains("ts__echo", ToolNames(reply));
        Assert.Equal("over a websocket", (string?)reply["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task SamplingFromTheUpstream_IsAnsweredByTheTypeScriptClient_OverAVirtualServersWebSocket()
    {
        var reply = await RunClientAsync(WebSocketUrl($"/servers/{TestUpstreamSiloFixture.Upstream}/ws"), "ask_sampling", """{"prompt":"asked over a socket"}""", "websocket");

        Assert.Contains("ask_sampling", ToolNames(reply));
        Assert.NotEqual(true, (bool?)reply["result"]?["isError"]);
        Assert.Equal("sampled by node-model: from node: asked over a socket", (string?)reply["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task SamplingFromTheUpstream_IsAnsweredByTheTypeScriptClient_ThroughTheGateway()
    {
        var reply = await RunClientAsync(Silo.McpUrl, "ts__ask_sampling", """{"prompt":"ping from the upstream"}""");

        Assert.NotEqual(true, (bool?)reply["result"]?["isError"]);
        Assert.Equal("sampled by node-model: from node: ping from the upstream", (string?)reply["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task ElicitationFromTheUpstream_IsAnsweredByTheTypeScriptClient_ThroughTheGateway()
    {
        var reply = await RunClientAsync(Silo.McpUrl, "ts__ask_elicitation", """{"message":"who are you?"}""");

        Assert.NotEqual(true, (bool?)reply["result"]?["isError"]);
        Assert.Equal("accept: node user", (string?)reply["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task RootsAskedByTheUpstream_AreTheTypeScriptClientsOwn_OverLegacySse()
    {
        var reply = await RunClientAsync($"{Silo.BaseUrl}/sse", "ts__list_roots", "{}", "sse");

        Assert.NotEqual(true, (bool?)reply["result"]?["isError"]);
        Assert.Equal("file:///node/project", (string?)reply["result"]?["content"]?[0]?["text"]);
    }

    public void Dispose()
    {
        if (fixture.Silo is { } silo)
        {
            output.WriteLine(silo.Describe());
        }
    }

    /// <summary>The ws:// URL of a path of the silo (http://).</summary>
    private string WebSocketUrl(string path) => "ws" + Silo.BaseUrl["http".Length..] + path;

    /// <summary>Runs client.mjs and parses the one JSON line it prints on success.</summary>
    private async Task<JsonObject> RunClientAsync(string url, string tool, string argumentsJson, string transport = "streamable-http")
    {
        var run = await TypeScriptClient.CallToolAsync(url, tool, argumentsJson, transport);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, $"{run}\n{Silo.Describe()}");
        var line = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return JsonNode.Parse(line ?? "null") as JsonObject
            ?? throw new InvalidOperationException($"client.mjs printed no JSON object: {run}");
    }

    private static List<string?> ToolNames(JsonObject reply) =>
        reply["tools"]?.AsArray().Select(n => (string?)n).ToList() ?? [];
}
