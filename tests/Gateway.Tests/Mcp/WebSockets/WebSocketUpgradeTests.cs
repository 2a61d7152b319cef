using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp.WebSockets;

/// <summary>
/// The upgrade request to /ws gets the checks a request to /mcp gets (the API key, the virtual
/// server, the protocol version header) as plain HTTP answers, before any socket exists; the
/// <c>mcp</c> subprotocol is named back to a client that offers it.
/// </summary>
[Collection(WebSocketFixture.Collection)]
public sealed class WebSocketUpgradeTests(WebSocketFixture fixture)
{
    [Fact]
    public async Task Upgrade_WithoutAKey_OrWithABadOne_Is401_AndWithAKey_Opens()
    {
        var withoutKey = await RefusedStatusAsync(apiKey: null);
        var badKey = await RefusedStatusAsync(apiKey: "not-a-key-of-this-gateway-0123456789");
        await using var socket = await RawWebSocket.ConnectAsync(fixture.Gateway.BaseUrl, WebSocketFixture.BobKey);
        var initialized = await socket.InitializeAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey);
        Assert.Equal(HttpStatusCode.Unauthorized, badKey);
        Assert.Equal("2025-11-25", (string?)initialized["result"]?["protocolVersion"]);
    }

    [Fact]
    public async Task Upgrade_OfferingMcp_NegotiatesIt_AndOneOfferingNone_IsServedWithout()
    {
        await using var offering = await fixture.OpenAsync();
        await using var plain = await fixture.OpenAsync(subprotocols: []);
        var answer = await plain.InitializeAsync();

        Assert.Equal("mcp", offering.Socket.SubProtocol);
        Assert.Null(plain.Socket.SubProtocol);
        Assert.NotNull(answer["result"]);
    }

    [Fact]
    public async Task Upgrade_OfferingOnlyAnotherSubprotocol_Is400NamingMcp()
    {
        using var request = Upgrade("/ws");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Protocol", "graphql-ws");
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = RawMcp.ErrorMessage(await response.Content.ReadFromJsonAsync<JsonNode>());
        Assert.Contains("graphql-ws", message);
        Assert.Contains("'mcp'", message);
    }

    [Fact]
    public async Task Upgrade_OfAVirtualServerThatDoesNotExist_Is404NamingIt()
    {
        using var response = await fixture.Gateway.Http.SendAsync(Upgrade("/servers/nowhere/ws"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nowhere", RawMcp.ErrorMessage(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task Upgrade_WithAnUnsupportedProtocolVersionHeader_Is400NamingIt()
    {
        using var request = Upgrade("/ws");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "1999-01-01");
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1999-01-01", RawMcp.ErrorMessage(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task APlainGet_Is426NamingTheUpgrade()
    {
        using var response = await fixture.Gateway.Http.SendAsync(ClientRequests.Create("GET", "/ws", bearer: WebSocketFixture.AliceKey));

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal("websocket", response.Headers.Upgrade.ToString());
        Assert.Contains("Upgrade: websocket", RawMcp.ErrorMessage(await response.Content.ReadFromJsonAsync<JsonNode>()));
    }

    [Fact]
    public async Task Upgrade_FromAForeignOrigin_Is403()
    {
        using var request = Upgrade("/ws");
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<HttpStatusCode> RefusedStatusAsync(string? apiKey)
    {
        using var client = RawWebSocket.NewClient(apiKey, ["mcp"]);
        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(RawWebSocket.Url(fixture.Gateway.BaseUrl), CancellationToken.None));
        return client.HttpStatusCode;
    }

    /// <summary>An HTTP/1.1 WebSocket upgrade as alice, sent by HttpClient, so that a refusal's body can be read.</summary>
    private static HttpRequestMessage Upgrade(string path)
    {
        var request = ClientRequests.Create("GET", path, bearer: WebSocketFixture.AliceKey);
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        return request;
    }
}
