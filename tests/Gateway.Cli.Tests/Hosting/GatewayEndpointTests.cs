using Gateway.Cli.Hosting;

namespace Gateway.Cli.Tests.Hosting;

public sealed class GatewayEndpointTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4444", null, "http://127.0.0.1:4444/mcp")]
    [InlineData("http://127.0.0.1:4444/", "files", "http://127.0.0.1:4444/servers/files/mcp")]
    [InlineData("https://example.test/gw/", "a b", "https://example.test/gw/servers/a%20b/mcp")]
    public void Mcp_BuildsFederatedOrPerServerEndpointUnderTheBaseUrl(string baseUrl, string? server, string expected) =>
        Assert.Equal(expected, new GatewayEndpoint(new Uri(baseUrl), null, false).Mcp(server).AbsoluteUri);

    [Fact]
    public void AdminUpstream_KeepsBasePathPrefix() =>
        Assert.Equal(
            "https://example.test/gw/admin/upstreams/x",
            new GatewayEndpoint(new Uri("https://example.test/gw"), null, false).AdminUpstream("x").AbsoluteUri);
}
