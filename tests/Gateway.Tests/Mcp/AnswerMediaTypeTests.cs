using System.Net;
using System.Text;
using System.Text.Json.Nodes;
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

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await fixture.Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        var json = expected == "text/event-stream"
            ? text.Split('\n').Last(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]
            : text;
        var answer = JsonNode.Parse(json)!;
        Assert.Equal(7, answer["id"]!.GetValue<int>());
        Assert.Contains(answer["result"]!["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "alpha__echo");
    }
}
