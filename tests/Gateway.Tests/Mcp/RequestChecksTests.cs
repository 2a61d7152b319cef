using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>
/// The checks every MCP request passes before its handler (one endpoint filter for /mcp and
/// /servers/{name}/mcp): each bad header gets its own answer, in a fixed order, and a request with
/// several faults is told about the first.
/// </summary>
public sealed class RequestChecksTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""";
    private readonly RawMcp _mcp = new(fixture.Gateway.Http);

    [Fact]
    public async Task Post_WithoutSessionId_EchoesTheRequestId()
    {
        var (status, body, _) = await _mcp.PostAsync(ToolsList, sessionId: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32600, RawMcp.ErrorCode(body));
        Assert.Equal(3, (int?)body!["id"]);
    }

    [Fact]
    public async Task Post_WithUnsupportedVersionAndNoSession_IsToldAboutTheVersion()
    {
        var (status, body, _) = await _mcp.PostAsync(ToolsList, sessionId: null, protocolVersion: "1999-01-01");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1999-01-01", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task Post_ToAnUnknownServerWithoutSession_Is404NamingTheServer()
    {
        var (status, body, _) = await new RawMcp(fixture.Gateway.Http, "/servers/nobody/mcp").PostAsync(ToolsList, sessionId: null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("nobody", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task Post_MalformedJsonWithoutSession_IsAParseError()
    {
        var (status, body, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0",""", sessionId: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32700, RawMcp.ErrorCode(body));
    }

    [Fact]
    public async Task Post_InitializeWithAMalformedSessionHeader_OpensASession()
    {
        var (status, _, headers) = await _mcp.PostAsync(RawMcp.InitializeBody, sessionId: "left over from before");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(headers.Contains("Mcp-Session-Id"));
    }

    [Theory]
    [InlineData(null, "2025-11-25", HttpStatusCode.BadRequest, -32600)]
    [InlineData("not well formed!", "2025-11-25", HttpStatusCode.NotFound, -32001)]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1999-01-01", HttpStatusCode.BadRequest, -32600)]
    public async Task GetStream_WithABadHeader_IsRefusedWithItsAnswer(string? sessionId, string version, HttpStatusCode expected, int code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        }

        using var response = await fixture.Gateway.Http.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(code, RawMcp.ErrorCode(body));
    }

    [Fact]
    public async Task Delete_WithAMalformedSessionId_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, await _mcp.DeleteAsync("not well formed!"));
    }
}
