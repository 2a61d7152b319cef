using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>
/// Whether a POSTed request is answered as JSON or as an SSE stream follows the client's Accept:
/// JSON when it prefers JSON or ranks both alike, a stream when it ranks text/event-stream first.
/// </summary>
public sealed class AnswerMediaTypeTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    [Theory]
    [InlineData("application/json, text/event-stream", "application/json")]
    [InlineData("text/event-stream, application/json", "text/event-stream")]
    [InlineData("application/json;q=0.5, text/event-stream", "text/event-stream")]
    [InlineData("text/event-stream;q=0.4, application/json", "application/json")]
    public async Task TheAnswerTakesTheMediaTypeTheClientRanksFirst(string accept, string expected)
    {
        var raw = new RawMcp(fixture.Gateway.Http);
        var session = await raw.InitializeAsync();

        var (status, mediaType, answer, _) = await raw.PostForAnswerAsync(
            """{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", session, protocolVersion: "2025-11-25", accept: accept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, mediaType);
        Assert.Equal(7, answer!["id"]!.GetValue<int>());
        Assert.Contains(answer["result"]!["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "alpha__echo");
    }
}
