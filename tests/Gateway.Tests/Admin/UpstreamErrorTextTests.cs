using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Admin;

/// <summary>
/// An upstream's status says how it failed, never what it answered: the admin API must not
/// become a way to read a server through the gateway.
/// </summary>
public sealed class UpstreamErrorTextTests
{
    private const string Marker = "BODY-MARKER-7f3a9c";

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "HTTP 403 Forbidden")]
    [InlineData(HttpStatusCode.InternalServerError, "HTTP 500 Internal Server Error")]
    public async Task UpstreamAnsweringAnHttpError_StatusShowsTheStatusLine_NotTheBody(HttpStatusCode status, string expected)
    {
        await using var upstream = await CannedHttpServer.StartAsync(status, $"{Marker} AccessKeyId=AKIA{Marker}");
        await using var gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(
            GatewayConfig.HttpUpstream("walled", upstream.BaseUrl + "/mcp"),
            GatewayConfig.StdioUpstream("fixed")));

        var list = await Poll.UntilAsync(
            async () => (await gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!,
            l => (string?)Walled(l)?["state"] == "failed", "walled to be reported failed");

        Assert.True(upstream.Requests > 0, "the gateway never asked the upstream");
        Assert.Equal(expected, (string?)Walled(list)!["error"]);
        Assert.DoesNotContain(Marker, list.ToJsonString());

        // The silo serves on: its other upstream answers.
        await gateway.WaitForUpstreamsAsync("fixed");
        await using var client = await gateway.ConnectAsync();
        Assert.Equal("on", Gateway.Tests.Mcp.MergedEndpointTests.Text(await client.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "on" })));
    }

    private static JsonNode? Walled(JsonArray list) => list.FirstOrDefault(u => (string?)u!["name"] == "walled");
}
