using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp.Sessionless;

/// <summary>
/// The session-less revision (2026-07-28) on the same URLs as the session-based ones: the C# SDK
/// client speaking it lists and calls through the gateway, an upstream's questions reach it as
/// input-required results that its retry answers, and clients of both eras share the endpoint.
/// </summary>
public sealed class SessionlessRevisionTests(SessionlessRevisionTests.Gateway fixture) : IClassFixture<SessionlessRevisionTests.Gateway>
{
    private const string Revision = "2026-07-28";

    private readonly GatewayInstance _gateway = fixture.Instance;

    [Fact]
    public async Task AClientOfTheSessionlessRevision_ListsAndCallsTools_WithNoSession()
    {
        await using var client = await _gateway.ConnectAsync(protocolVersion: Revision);

        var tools = await client.ListToolsAsync();
        var echoed = await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "no session" });

        Assert.Equal(Revision, client.NegotiatedProtocolVersion);
        Assert.Null(client.SessionId);
        Assert.Equal("mcp-gateway", client.ServerInfo?.Name);
        Assert.Contains(tools, t => t.Name == "alpha__echo");
        Assert.Equal("no session", MergedEndpointTests.Text(echoed));
    }

    [Fact]
    public async Task AnUpstreamsSampling_Elicitation_AndRoots_ReachTheClientAsInputRequired_AndItsRetryAnswersThem()
    {
        var answering = new AnsweringClient();
        var options = answering.Options("test-model", _ => "four", name: "grace", root: "file:///work/sessionless");
        await using var client = await _gateway.ConnectAsync(protocolVersion: Revision, options: options);

        var sampled = await client.CallToolAsync("alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "2+2?" });
        var elicited = await client.CallToolAsync("alpha__ask_elicitation", new Dictionary<string, object?> { ["message"] = "Your name?" });
        var roots = await client.CallToolAsync("alpha__list_roots");

        Assert.Equal("sampled by test-model: four", MergedEndpointTests.Text(sampled));
        Assert.Equal(["2+2?"], answering.Prompts);
        Assert.Equal("accept: grace", MergedEndpointTests.Text(elicited));
        Assert.Equal("file:///work/sessionless", MergedEndpointTests.Text(roots));
    }

    [Fact]
    public async Task AClientThatDeclaresNoSampling_IsNotOfferedIt_ByTheUpstreamSessionItsRequestsUse()
    {
        await using var client = await _gateway.ConnectAsync(protocolVersion: Revision);

        var refused = await client.CallToolAsync("alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "hi" });

        Assert.True(refused.IsError);
        Assert.Equal("the client offers no sampling", MergedEndpointTests.Text(refused));
    }

    [Fact]
    public async Task ClientsOfBothEras_UseTheSameUrl_AtOnce()
    {
        await using var sessionless = await _gateway.ConnectAsync(protocolVersion: Revision);
        await using var sessionBased = await _gateway.ConnectAsync(protocolVersion: "2025-11-25");

        var calls = Enumerable.Range(0, 5).SelectMany(i => new[]
        {
            sessionless.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = $"new {i}" }).AsTask(),
            sessionBased.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = $"old {i}" }).AsTask(),
        });
        var texts = (await Task.WhenAll(calls)).Select(MergedEndpointTests.Text).ToHashSet();

        Assert.NotNull(sessionBased.SessionId);
        Assert.Null(sessionless.SessionId);
        Assert.Equal("2025-11-25", sessionBased.NegotiatedProtocolVersion);
        Assert.Equal(Revision, sessionless.NegotiatedProtocolVersion);
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => new[] { $"new {i}", $"old {i}" }).Order(), texts.Order());
    }

    [Fact]
    public async Task Progress_OfASessionlessCall_ComesOnItsOwnResponse_BeforeItsAnswer()
    {
        using var http = new HttpClient();
        var parameters = Meta(new JsonObject { ["name"] = "alpha__slow", ["arguments"] = new JsonObject { ["ms"] = 300, ["steps"] = 3 } });
        parameters["_meta"]!["progressToken"] = "p-1";

        using var response = await http.SendAsync(Post("/mcp", "tools/call", "alpha__slow", parameters));
        var text = await response.Content.ReadAsStringAsync();
        var messages = text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l[5..])!).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["step 1", "step 2", "step 3"], messages.SkipLast(1).Select(m => (string)m["params"]!["message"]!));
        Assert.All(messages.SkipLast(1), m => Assert.Equal("p-1", (string)m["params"]!["progressToken"]!));
        Assert.Equal("done", (string)messages[^1]["result"]!["content"]![0]!["text"]!);
        Assert.Equal("complete", (string)messages[^1]["result"]!["resultType"]!);
    }

    [Fact]
    public async Task AVirtualServer_PassesItsUpstreamThrough_AndAnUnknownOneIs404()
    {
        await using var client = await _gateway.ConnectAsync(server: "alpha", protocolVersion: Revision);

        var tools = await client.ListToolsAsync();
        using var http = new HttpClient();
        using var unknown = await http.SendAsync(Post("/servers/nope/mcp", "tools/list", null, new JsonObject()));

        Assert.Equal("mcp-gateway/alpha", client.ServerInfo?.Name);
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No server named 'nope'", (string)(await ResponseOf(unknown))["error"]!["message"]!);
    }

    [Fact]
    public async Task WhatTheRevisionRemoved_IsRefused_Clearly()
    {
        using var http = new HttpClient();

        using var get = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, _gateway.McpUrl) { Headers = { { "MCP-Protocol-Version", Revision } } });
        using var initialize = await http.SendAsync(Post("/mcp", "initialize", null, Meta()));
        using var noMethodHeader = await http.SendAsync(Post("/mcp", "tools/list", null, Meta(), methodHeader: false));
        using var unknownRequestState = await http.SendAsync(Post("/mcp", "tools/call", "alpha__echo",
            Meta(new JsonObject { ["name"] = "alpha__echo", ["arguments"] = new JsonObject { ["message"] = "x" }, ["requestState"] = "gw1.forged" })));

        Assert.True(get.StatusCode == HttpStatusCode.MethodNotAllowed, $"GET: {get.StatusCode} {await get.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.NotFound, initialize.StatusCode);
        Assert.True(noMethodHeader.StatusCode == HttpStatusCode.BadRequest, $"no Mcp-Method: {noMethodHeader.StatusCode} {await noMethodHeader.Content.ReadAsStringAsync()}");
        Assert.Equal(-32020, (int)JsonNode.Parse(await noMethodHeader.Content.ReadAsStringAsync())!["error"]!["code"]!);
        var forged = await ResponseOf(unknownRequestState);
        Assert.Equal(-32602, (int)forged["error"]!["code"]!);
        Assert.Contains("requestState", (string)forged["error"]!["message"]!);
    }

    [Fact]
    public async Task AListenStream_GetsTheListChangesAndResourceUpdatesItAskedFor_TaggedWithItsId()
    {
        await using var changer = await _gateway.ConnectAsync(protocolVersion: "2025-11-25");
        using var http = new HttpClient();
        var listen = Post("/mcp", "subscriptions/listen", null, Meta(new JsonObject
        {
            ["notifications"] = new JsonObject { ["toolsListChanged"] = true, ["resourceSubscriptions"] = new JsonArray("test://static/hello") },
        }));
        await using var stream = await SseStream.OpenAsync(http, listen);

        var (_, acknowledged) = await stream.NextAsync(NotificationMethods.SubscriptionsAcknowledgedNotification);
        await changer.CallToolAsync("alpha__add_tool", new Dictionary<string, object?> { ["name"] = "from_listen_test" });
        var (_, changed) = await stream.NextAsync(NotificationMethods.ToolListChangedNotification);
        await changer.CallToolAsync("alpha__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });
        var (_, updated) = await stream.NextAsync(NotificationMethods.ResourceUpdatedNotification);

        Assert.True((bool)acknowledged["params"]!["notifications"]!["toolsListChanged"]!);
        Assert.Equal("test://static/hello", (string)acknowledged["params"]!["notifications"]!["resourceSubscriptions"]![0]!);
        Assert.Equal(7, (int)changed["params"]!["_meta"]!["io.modelcontextprotocol/subscriptionId"]!);
        Assert.Equal("test://static/hello", (string)updated["params"]!["uri"]!);
        Assert.Equal(7, (int)updated["params"]!["_meta"]!["io.modelcontextprotocol/subscriptionId"]!);
    }

    private static JsonObject Meta(JsonObject? parameters = null)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Revision,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
        };
        return parameters;
    }

    private HttpRequestMessage Post(string path, string method, string? name, JsonObject parameters, bool methodHeader = true)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 7, ["method"] = method, ["params"] = parameters };
        var request = new HttpRequestMessage(HttpMethod.Post, _gateway.BaseUrl + path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("MCP-Protocol-Version", Revision);
        if (methodHeader)
        {
            request.Headers.Add("Mcp-Method", method);
        }

        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    /// <summary>The JSON-RPC message of a response, plain JSON or the data line of an SSE event.</summary>
    private static async Task<JsonNode> ResponseOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var json = text.StartsWith('{') ? text : text.Split('\n').Where(l => l.StartsWith("data:")).Select(l => l[5..].Trim()).Last();
        return JsonNode.Parse(json)!;
    }

    public sealed class Gateway : IAsyncLifetime
    {
        private TestUpstreamProcess _upstream = null!;

        public GatewayInstance Instance { get; private set; } = null!;

        /// <summary>An HTTP upstream: one process whose tool list and subscriptions all its sessions share.</summary>
        public async Task InitializeAsync()
        {
            _upstream = await TestUpstreamProcess.StartHttpAsync("alpha");
            Instance = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", _upstream.Url)));
            await Instance.WaitForUpstreamsAsync("alpha");
        }

        public async Task DisposeAsync()
        {
            await Instance.DisposeAsync();
            await _upstream.DisposeAsync();
        }
    }
}
