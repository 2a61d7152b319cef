using System.Net;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;

namespace Gateway.Tests.Mcp;

/// <summary>/servers/{upstream}/mcp is a virtual server for one upstream with its original names.</summary>
public sealed class PassThroughEndpointTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    private GatewayInstance Gateway => fixture.Gateway;

    [Fact]
    public async Task ListTools_ShowsOnlyThatUpstreamUnderOriginalNames()
    {
        await using var client = await Gateway.ConnectAsync(server: "alpha");

        var names = (await client.ListToolsAsync()).Select(t => t.Name).ToList();

        Assert.Contains("echo", names);
        Assert.Contains("add", names);
        Assert.DoesNotContain(names, n => n.Contains("__"));
        Assert.Equal("mcp-gateway/alpha", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task CallTool_ByOriginalName_ReachesThatUpstream()
    {
        await using var client = await Gateway.ConnectAsync(server: "beta");

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "direct" });
        var prompt = await client.GetPromptAsync("greet", new Dictionary<string, object?> { ["name"] = "Lin" });
        var resource = await client.ReadResourceAsync("test://static/hello");

        Assert.Equal("direct", MergedEndpointTests.Text(result));
        Assert.NotEmpty(prompt.Messages);
        Assert.Equal("hello from beta", ((ModelContextProtocol.Protocol.TextResourceContents)resource.Contents[0]).Text);
    }

    [Fact]
    public async Task CallTool_OfAnotherUpstream_IsUnknownHere()
    {
        await using var client = await Gateway.ConnectAsync(server: "beta");

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("alpha__echo").AsTask());

        Assert.Contains("alpha__echo", error.Message);
    }

    [Fact]
    public async Task UnknownServer_Is404()
    {
        var raw = new RawMcp(Gateway.Http, "/servers/nobody/mcp");

        var (status, body, _) = await raw.PostAsync(RawMcp.InitializeBody, null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("nobody", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task SessionOfTheMergedEndpoint_IsNotFoundOnAVirtualServer()
    {
        var session = await new RawMcp(Gateway.Http).InitializeAsync();

        var (status, _, _) = await new RawMcp(Gateway.Http, "/servers/alpha/mcp")
            .PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", session);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
