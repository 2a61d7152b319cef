using Gateway.Protocol;
using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>Malformed or unauthorised input gets a precise error; the silo and other sessions carry on.</summary>
public sealed class BadInputTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    private readonly RawMcp _mcp = new(fixture.Gateway.Http);

    [Fact]
    public async Task MalformedJson_IsParseError()
    {
        var session = await _mcp.InitializeAsync();

        var (status, body, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":""", session);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32700, RawMcp.ErrorCode(body));
        await StillServesAsync(session);
    }

    [Fact]
    public async Task JsonDeeperThanTheLimit_IsParseError()
    {
        var session = await _mcp.InitializeAsync();
        var deep = """{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":""" + new string('[', 200) + new string(']', 200) + "}}";

        var (status, body, _) = await _mcp.PostAsync(deep, session);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32700, RawMcp.ErrorCode(body));
        Assert.Contains("depth", RawMcp.ErrorMessage(body));
        await StillServesAsync(session);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""", "jsonrpc")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", "method")]
    [InlineData("""{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":42}""", "method")]
    [InlineData("""[]""", "batch")]
    [InlineData("""42""", "object")]
    public async Task InvalidJsonRpc_IsInvalidRequestNamingTheProblem(string message, string named)
    {
        var session = await _mcp.InitializeAsync();

        var (status, body, _) = await _mcp.PostAsync(message, session);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32600, RawMcp.ErrorCode(body));
        Assert.Contains(named, RawMcp.ErrorMessage(body));
        await StillServesAsync(session);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":5,"capabilities":[],"clientInfo":"me"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize"}""")]
    public async Task InitializeWithMalformedParams_IsInvalidParams_AndOpensNoSession(string message)
    {
        var (status, body, headers) = await _mcp.PostAsync(message, sessionId: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-32602, RawMcp.ErrorCode(body));
        Assert.False(headers.Contains("Mcp-Session-Id"));
    }

    [Fact]
    public async Task RequestWithMalformedParams_GetsAnErrorNotAServerFailure()
    {
        var session = await _mcp.InitializeAsync();

        var (_, setLevel, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":42}}""", session);
        var (_, call, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":["x"]}}""", session);
        var (_, complete, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"completion/complete","params":{"ref":"nope"}}""", session);

        Assert.Equal(-32602, RawMcp.ErrorCode(setLevel));
        Assert.Equal(-32602, RawMcp.ErrorCode(call));
        Assert.Equal(-32602, RawMcp.ErrorCode(complete));
        await StillServesAsync(session);
    }

    [Fact]
    public async Task UnknownMethod_IsMethodNotFound()
    {
        var session = await _mcp.InitializeAsync();

        var (status, body, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":7,"method":"tools/teleport"}""", session);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-32601, RawMcp.ErrorCode(body));
        Assert.Equal(7, (int?)body!["id"]);
        Assert.Contains("tools/teleport", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task UnknownTool_IsAnErrorNamingTheTool()
    {
        var session = await _mcp.InitializeAsync();

        var (_, body, _) = await _mcp.PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ghost__tool","arguments":{}}}""", session);

        Assert.Equal(-32602, RawMcp.ErrorCode(body));
        Assert.Contains("ghost__tool", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task MissingSessionId_OnANonInitializeRequest_Is400()
    {
        var (status, body, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Mcp-Session-Id", RawMcp.ErrorMessage(body));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not a session id\r\nX-Injected: 1")]
    public async Task UnknownSession_Is404(string sessionId)
    {
        var (status, _, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task DeletedSession_Is404_AndOtherSessionsAreUnaffected()
    {
        var doomed = await _mcp.InitializeAsync();
        var other = await _mcp.InitializeAsync();

        Assert.Equal(HttpStatusCode.OK, await _mcp.DeleteAsync(doomed));
        var (status, _, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", doomed);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, await _mcp.DeleteAsync(doomed));
        await StillServesAsync(other);
    }

    [Fact]
    public async Task UnsupportedProtocolVersionHeader_Is400()
    {
        var session = await _mcp.InitializeAsync();

        var (status, body, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", session, protocolVersion: "1999-01-01");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1999-01-01", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var session = await _mcp.InitializeAsync();
        var huge = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"PAYLOAD"}}}"""
            .Replace("PAYLOAD", new string('x', 5 * 1024 * 1024));

        var (status, body, _) = await _mcp.PostAsync(huge, session, expectContinue: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("limit", RawMcp.ErrorMessage(body));
        await StillServesAsync(session);
    }

    [Fact]
    public async Task ForeignOrigin_Is403_LoopbackOriginIsAllowed()
    {
        var (foreign, _, _) = await _mcp.PostAsync(RawMcp.InitializeBody, null, origin: "http://evil.example");
        var (local, _, _) = await _mcp.PostAsync(RawMcp.InitializeBody, null, origin: "http://localhost:6274");

        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.Equal(HttpStatusCode.OK, local);
    }

    [Fact]
    public async Task Notification_IsAccepted()
    {
        var session = await _mcp.InitializeAsync();

        var (status, body, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}}""", session);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Null(body);
    }

    [Fact]
    public async Task Batch_Of_2025_03_26_GetsAnArrayOfAnswers()
    {
        var session = await _mcp.InitializeAsync(protocolVersion: "2025-03-26");

        var (status, body, _) = await _mcp.PostAsync(
            """[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"nope"}]""", session);

        Assert.Equal(HttpStatusCode.OK, status);
        var answers = body!.AsArray();
        Assert.Equal(2, answers.Count);
        Assert.Equal(-32601, RawMcp.ErrorCode(answers[1]));
    }

    [Theory]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task Batch_OfALaterRevision_IsRefusedNamingIt_AndNothingInItRuns(string version)
    {
        var session = await _mcp.InitializeAsync(protocolVersion: version);

        var (status, body, _) = await _mcp.PostAsync(
            """[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"alpha__counter"}},{"jsonrpc":"2.0","id":2,"method":"ping"}]""", session, protocolVersion: version);
        var (_, counted, _) = await _mcp.PostAsync(
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"alpha__counter"}}""", session, protocolVersion: version);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(GatewayErrorCodes.InvalidRequest, RawMcp.ErrorCode(body));
        Assert.Contains($"this session speaks {version}", RawMcp.ErrorMessage(body));
        Assert.Equal("1", (string?)counted?["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task GetStream_WithoutSseAccept_Is406_AndForAnUnknownSession_Is404()
    {
        var session = await _mcp.InitializeAsync();
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        plain.Headers.TryAddWithoutValidation("Accept", "application/json");
        plain.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        using var unknown = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        unknown.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        unknown.Headers.TryAddWithoutValidation("Mcp-Session-Id", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        using var notAcceptable = await fixture.Gateway.Http.SendAsync(plain);
        using var notFound = await fixture.Gateway.Http.SendAsync(unknown);

        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    [Fact]
    public async Task Delete_WithoutSessionId_Is400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await _mcp.DeleteAsync(sessionId: null));
    }

    private async Task StillServesAsync(string session)
    {
        var (status, body, _) = await _mcp.PostAsync(
            """{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"alive"}}}""", session);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alive", (string?)body!["result"]!["content"]![0]!["text"]);
    }
}
