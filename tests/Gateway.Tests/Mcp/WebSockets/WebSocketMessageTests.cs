using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp.WebSockets;

/// <summary>
/// What a socket carries, message by message: initialize first, a message that cannot be used
/// answered as a POST body would be while the socket stays up, a binary or oversized message
/// closing it with a status naming why, requests side by side and bounded, and the socket's end
/// cancelling its calls upstream and ending its session.
/// </summary>
[Collection(WebSocketFixture.Collection)]
public sealed class WebSocketMessageTests(WebSocketFixture fixture)
{
    private const string Ping = """{"jsonrpc":"2.0","id":2,"method":"ping"}""";

    private readonly HttpClient _alpha = new() { BaseAddress = new Uri(fixture.Alpha.Url) };

    [Fact]
    public async Task AFirstMessageOtherThanInitialize_GetsAnErrorNamingIt_AndInitializeStillOpensTheSession()
    {
        await using var socket = await fixture.OpenAsync();

        await socket.SendAsync("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""");
        var refused = await socket.NextAsync();
        var initialized = await socket.InitializeAsync();
        await socket.SendAsync(Ping);
        var pong = await socket.NextAnswerAsync();

        Assert.Equal(7, (int?)refused["id"]);
        Assert.Equal(-32600, RawMcp.ErrorCode(refused));
        Assert.Contains("initialize first", RawMcp.ErrorMessage(refused));
        Assert.Contains("'tools/list'", RawMcp.ErrorMessage(refused));
        Assert.NotNull(initialized["result"]);
        Assert.Equal(2, (int?)pong["id"]);
        Assert.NotNull(pong["result"]);
    }

    [Fact]
    public async Task AMessageThatIsNotJson_GetsAParseError_AndTheSocketStaysUp()
    {
        await using var socket = await fixture.OpenAsync();
        await socket.InitializeAsync();

        await socket.SendAsync("{not json");
        var parseError = await socket.NextAsync();
        await socket.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":"not an object"}""");
        var badParams = await socket.NextAsync();
        await socket.SendAsync(Ping);
        var pong = await socket.NextAnswerAsync();

        Assert.Equal(-32700, RawMcp.ErrorCode(parseError));
        Assert.Equal(-32602, RawMcp.ErrorCode(badParams));
        Assert.Equal(3, (int?)badParams["id"]);
        Assert.Equal(2, (int?)pong["id"]);
        Assert.NotNull(pong["result"]);
    }

    [Fact]
    public async Task ABinaryMessage_ClosesTheSocketWith1003NamingIt()
    {
        await using var socket = await fixture.OpenAsync();
        await socket.InitializeAsync();

        await socket.SendBinaryAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}"""u8.ToArray());
        var (status, reason) = await socket.ClosedAsync();

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, status);
        Assert.Contains("binary", reason);
        Assert.Contains("text", reason);
    }

    [Fact]
    public async Task AMessageOverTheSizeLimit_ClosesTheSocketWith1009NamingTheLimit()
    {
        await using var socket = await fixture.OpenAsync();
        await socket.InitializeAsync();

        var padding = new string('x', WebSocketFixture.MaxMessageBytes);
        await socket.SendAsync($$$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"{{{{padding}}}}"}}}""");
        var (status, reason) = await socket.ClosedAsync();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Contains(WebSocketFixture.MaxMessageBytes.ToString(), reason);
        Assert.Contains("Gateway:Http:MaxRequestBodyBytes", reason);
    }

    [Fact]
    public async Task ASlowCall_HoldsUpNoPingSentAfterIt()
    {
        await using var socket = await fixture.OpenAsync();
        await socket.InitializeAsync();

        await socket.SendAsync(SlowCall(id: 1));
        var progress = await socket.NextAsync();
        await socket.SendAsync(Ping);
        var firstAnswer = await socket.NextAnswerAsync();

        Assert.Equal("notifications/progress", (string?)progress["method"]);
        // The call runs for 30 s; the ping's answer comes while it runs.
        Assert.Equal(2, (int?)firstAnswer["id"]);
        Assert.NotNull(firstAnswer["result"]);
    }

    [Fact]
    public async Task ACallsProgress_AllComesBeforeItsAnswer_OnTheSocket()
    {
        await using var socket = await fixture.OpenAsync();
        await socket.InitializeAsync();

        await socket.SendAsync("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"alpha__slow","arguments":{"ms":300,"steps":3},"_meta":{"progressToken":"t"}}}""");
        var before = new List<JsonNode>();
        JsonNode message;
        while ((message = await socket.NextAsync())["id"] is null)
        {
            before.Add(message);
        }

        Assert.Equal(5, (int?)message["id"]);
        Assert.Equal("done", (string?)message["result"]?["content"]?[0]?["text"]);
        Assert.Equal([1.0, 2.0, 3.0], before.Where(m => (string?)m["method"] == "notifications/progress").Select(m => (double)m["params"]!["progress"]!));
    }

    [Fact]
    public async Task BeyondTheRequestsInFlightLimit_ARequestIsRefusedNamingTheSetting_AndTheOthersRunOn()
    {
        await using var socket = await fixture.OpenAsync();
        await socket.InitializeAsync();

        for (var id = 1; id <= WebSocketFixture.MaxRequestsInFlight; id++)
        {
            await socket.SendAsync(SlowCall(id));
        }

        await socket.SendAsync(Ping);
        var refused = await socket.NextAnswerAsync();

        Assert.Equal(2, (int?)refused["id"]);
        Assert.Equal(-32600, RawMcp.ErrorCode(refused));
        Assert.Contains("Gateway:Http:WebSocketMaxRequestsInFlight", RawMcp.ErrorMessage(refused));
    }

    [Fact]
    public async Task ASocketThatDropsMidCall_GetsTheCallCancelledUpstream_AndItsSessionEnded()
    {
        var socket = await fixture.OpenAsync();
        await socket.InitializeAsync();
        await socket.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"alpha__whoami","arguments":{}}}""");
        var upstreamSession = (string)(await socket.NextAnswerAsync())["result"]!["content"]![0]!["text"]!;
        var before = await CancelledCallsAsync();

        await socket.SendAsync(SlowCall(id: 2));
        Assert.Equal("notifications/progress", (string?)(await socket.NextAsync())["method"]);
        // No close frame, no notifications/cancelled: the connection just goes.
        socket.Socket.Abort();
        await socket.DisposeAsync();

        await Poll.UntilAsync(async () => await CancelledCallsAsync() > before, "the upstream to see the call cancelled");
        await Poll.UntilAsync(async () => await UpstreamStatusAsync(upstreamSession) == HttpStatusCode.NotFound, "the session's upstream session to end");
    }

    [Fact]
    public async Task ClosingTheSocket_EndsItsSession_AsDeleteDoes()
    {
        await using var client = await fixture.ConnectAsync();
        var upstreamSession = MergedEndpointTests.Text(await client.CallToolAsync("alpha__whoami"));
        Assert.Equal(HttpStatusCode.OK, await UpstreamStatusAsync(upstreamSession));

        await client.DisposeAsync();

        await Poll.UntilAsync(async () => await UpstreamStatusAsync(upstreamSession) == HttpStatusCode.NotFound, "the session's upstream session to end");
    }

    [Fact]
    public async Task ASiloThatStops_ClosesItsSocketsWith1001()
    {
        // A silo of its own, with auth off (loopback), since this one stops.
        var gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", fixture.Alpha.Url)));
        var socket = await RawWebSocket.ConnectAsync(gateway.BaseUrl, apiKey: null);
        await socket.InitializeAsync();

        var stopping = gateway.DisposeAsync().AsTask();
        var (status, reason) = await socket.ClosedAsync();
        await socket.DisposeAsync();
        await stopping;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Contains("stopping", reason);
    }

    private static string SlowCall(int id) =>
        $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"alpha__slow","arguments":{"ms":30000,"steps":300},"_meta":{"progressToken":"p{{{{id}}}}"}}}""";

    private async Task<long> CancelledCallsAsync() => (long)(await _alpha.GetFromJsonAsync<JsonObject>("/test/stats"))!["cancelledCalls"]!;

    /// <summary>How the upstream answers a ping on one of its sessions: 404 once the session has ended.</summary>
    private async Task<HttpStatusCode> UpstreamStatusAsync(string upstreamSession)
    {
        var (status, _, _) = await new RawMcp(_alpha, new Uri(fixture.Alpha.Url).AbsolutePath).PostAsync(Ping, upstreamSession);
        return status;
    }
}
