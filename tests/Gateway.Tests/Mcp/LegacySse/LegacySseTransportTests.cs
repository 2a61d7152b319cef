using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp.LegacySse;

/// <summary>
/// The 2024-11-05 HTTP+SSE transport (GET /sse, POST /messages) against a real silo and upstream:
/// the SDK's client in its SSE mode works as on /mcp, and raw requests get the same refusals.
/// </summary>
public sealed class LegacySseTransportTests(LegacySseFixture fixture) : IClassFixture<LegacySseFixture>
{
    private GatewayInstance Gateway => fixture.Gateway;

    [Fact]
    public async Task SdkClient_OverLegacySse_InitializesAndListsTheMergedCatalog()
    {
        await using var client = await fixture.ConnectAsync();

        var tools = await client.ListToolsAsync();

        Assert.Equal("mcp-gateway", client.ServerInfo?.Name);
        Assert.Contains(tools, t => t.Name == "alpha__echo");
        Assert.Contains(tools, t => t.Name == "alpha__add");
    }

    [Fact]
    public async Task AClientOfTheTransportsOwnRevision_2024_11_05_IsAnsweredInIt_AndServed()
    {
        await using var client = await fixture.ConnectAsync(options: new McpClientOptions { ProtocolVersion = "2024-11-05" });

        var echo = await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "old but served" });

        Assert.Equal("2024-11-05", client.NegotiatedProtocolVersion);
        Assert.Equal("old but served", Text(echo));
    }

    [Fact]
    public async Task OnStreamableHttp_2024_11_05_IsNotOffered()
    {
        var raw = new RawMcp(Gateway.Http);
        var (_, body, _) = await raw.PostAsync(RawMcp.InitializeBody.Replace("2025-11-25", "2024-11-05"), sessionId: null, apiKey: LegacySseFixture.AliceKey);

        Assert.Equal("2025-11-25", (string?)body?["result"]?["protocolVersion"]);
    }

    [Fact]
    public async Task SdkClient_OverLegacySse_CallsToolsWhoseAnswersComeOnTheStream()
    {
        await using var client = await fixture.ConnectAsync();

        var sum = await client.CallToolAsync("alpha__add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 });
        var counts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            counts.Add(Text(await client.CallToolAsync("alpha__counter")));
        }

        Assert.Equal("42", Text(sum));
        // One upstream session behind the client's session.
        Assert.Equal(["1", "2", "3"], counts);
    }

    [Fact]
    public async Task SdkClient_OverLegacySse_GetsEveryProgressUpdateOfItsCall()
    {
        await using var client = await fixture.ConnectAsync();
        await using var updates = NotificationRecorder<double>.Start(client, NotificationMethods.ProgressNotification, Notified.Progress);

        var result = await client.CallToolAsync("alpha__slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 },
            new Progress<ProgressNotificationValue>());
        var received = await updates.UntilAsync(3, "three progress notifications");

        Assert.Equal("done", Text(result));
        Assert.Equal([1.0, 2.0, 3.0], received.Order());
    }

    [Fact]
    public async Task SdkClient_OnAVirtualServersSse_SeesThatUpstreamUnderItsOwnNames()
    {
        await using var client = await fixture.ConnectAsync("/servers/alpha/sse");

        var tools = await client.ListToolsAsync();
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "passed through" });

        Assert.Equal("mcp-gateway/alpha", client.ServerInfo?.Name);
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.DoesNotContain(tools, t => t.Name == "alpha__echo");
        Assert.Equal("passed through", Text(echo));
    }

    [Fact]
    public async Task Get_OfAVirtualServerThatDoesNotExist_Is404NamingIt()
    {
        var request = ClientRequests.Create("GET", "/servers/nowhere/sse", bearer: LegacySseFixture.AliceKey);
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nowhere", RawMcp.ErrorMessage(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task Endpoint_NamesTheMessagesUrlWithAFresh192BitSessionId()
    {
        await using var first = await LegacySseStream.OpenAsync(Gateway.Http, LegacySseFixture.AliceKey);
        await using var second = await LegacySseStream.OpenAsync(Gateway.Http, LegacySseFixture.AliceKey);

        Assert.StartsWith("/messages?sessionId=", first.Endpoint);
        Assert.Equal(32, first.Endpoint["/messages?sessionId=".Length..].Length);
        Assert.NotEqual(first.Endpoint, second.Endpoint);
    }

    [Fact]
    public async Task Post_ToASessionIdNobodyOpened_Is404()
    {
        using var response = await Gateway.Http.SendAsync(ClientRequests.Create("POST", "/messages?sessionId=" + global::Gateway.Protocol.SessionIds.New(),
            """{"jsonrpc":"2.0","id":1,"method":"ping"}""", LegacySseFixture.AliceKey));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(-32001, RawMcp.ErrorCode(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task Post_WithoutASessionId_Is400NamingTheQueryParameter()
    {
        using var response = await Gateway.Http.SendAsync(ClientRequests.Create("POST", "/messages",
            """{"jsonrpc":"2.0","id":1,"method":"ping"}""", LegacySseFixture.AliceKey));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sessionId", RawMcp.ErrorMessage(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task Post_ThatIsNotJson_Is400ParseError()
    {
        await using var stream = await LegacySseStream.InitializeAsync(Gateway.Http, LegacySseFixture.AliceKey);

        using var response = await stream.PostAsync("{not json", LegacySseFixture.AliceKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32700, RawMcp.ErrorCode(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task Post_BeforeInitialize_Is400SayingToInitializeFirst()
    {
        await using var stream = await LegacySseStream.OpenAsync(Gateway.Http, LegacySseFixture.AliceKey);

        using var response = await stream.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", LegacySseFixture.AliceKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("initialize first", RawMcp.ErrorMessage(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task Get_WithABadKey_Is401()
    {
        var request = ClientRequests.Create("GET", "/sse", bearer: "not-a-key-of-this-gateway-0123456789");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_OfAnotherPrincipal_ToAlicesSession_Is404_AndAlicesSessionCarriesOn()
    {
        await using var stream = await LegacySseStream.InitializeAsync(Gateway.Http, LegacySseFixture.AliceKey);

        using var bobs = await stream.PostAsync("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", LegacySseFixture.BobKey);
        using var alices = await stream.PostAsync("""{"jsonrpc":"2.0","id":8,"method":"ping"}""", LegacySseFixture.AliceKey);

        Assert.Equal(HttpStatusCode.NotFound, bobs.StatusCode);
        Assert.Equal(-32001, RawMcp.ErrorCode(await bobs.Content.ReadFromJsonAsync<JsonNode>()));
        Assert.Equal(HttpStatusCode.Accepted, alices.StatusCode);
        var answer = await stream.NextMessageAsync();
        Assert.Equal(8, (int?)answer["id"]);
        Assert.NotNull(answer["result"]);
    }

    [Fact]
    public async Task Post_OfAnotherPrincipal_BeforeInitialize_CannotOpenTheSession()
    {
        await using var stream = await LegacySseStream.OpenAsync(Gateway.Http, LegacySseFixture.AliceKey);

        using var bobs = await stream.PostAsync(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bob","version":"1"}}}""",
            LegacySseFixture.BobKey);

        Assert.Equal(HttpStatusCode.NotFound, bobs.StatusCode);
    }

    [Fact]
    public async Task ClosingTheStream_EndsTheSession()
    {
        var stream = await LegacySseStream.InitializeAsync(Gateway.Http, LegacySseFixture.AliceKey);
        var endpoint = stream.Endpoint;
        await stream.DisposeAsync();

        // The silo notices the closed connection on its own time: poll for the end.
        await Poll.UntilAsync(async () =>
        {
            using var response = await Gateway.Http.SendAsync(
                ClientRequests.Create("POST", endpoint, """{"jsonrpc":"2.0","id":2,"method":"ping"}""", LegacySseFixture.AliceKey));
            return response.StatusCode == HttpStatusCode.NotFound;
        }, "the closed stream's session to end");
    }

    [Fact]
    public async Task SessionEndedByDelete_ClosesItsStream()
    {
        await using var stream = await LegacySseStream.InitializeAsync(Gateway.Http, LegacySseFixture.AliceKey);
        var delete = ClientRequests.Create("DELETE", "/mcp", bearer: LegacySseFixture.AliceKey);
        delete.Headers.TryAddWithoutValidation("Mcp-Session-Id", stream.SessionId);

        using var deleted = await Gateway.Http.SendAsync(delete);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True(await stream.EndsAsync(), "the stream of the deleted session should end");
    }

    [Fact]
    public async Task SessionsStream_StaysOpenAcrossKeepAlives_WhileTheSessionLives()
    {
        await using var stream = await LegacySseStream.InitializeAsync(Gateway.Http, LegacySseFixture.AliceKey);

        // Several keep-alive intervals (0.5 s) pass while the call runs.
        using var call = await stream.PostAsync(
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"alpha__slow","arguments":{"ms":1500,"steps":1}}}""",
            LegacySseFixture.AliceKey);
        var answer = await stream.NextMessageAsync();

        Assert.Equal(HttpStatusCode.Accepted, call.StatusCode);
        Assert.Equal(3, (int?)answer["id"]);
        Assert.Equal("done", (string?)answer["result"]!["content"]![0]!["text"]);
    }

    private static string Text(CallToolResult result) => ((TextContentBlock)result.Content[0]).Text;
}
