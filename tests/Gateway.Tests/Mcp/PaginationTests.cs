using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>Lists page over every upstream's pages with an opaque cursor.</summary>
public sealed class PaginationTests : IAsyncLifetime
{
    private TestUpstreamProcess _many = null!;
    private GatewayInstance _gateway = null!;

    public async Task InitializeAsync()
    {
        // The upstream itself pages its 25 extra tools 10 at a time; the gateway pages 7 at a time.
        _many = await TestUpstreamProcess.StartHttpAsync("many", 0, "--extra-tools", "25", "--page-size", "10");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("many", _many.Url), GatewayConfig.StdioUpstream("few"));
        config["Catalog"] = new JsonObject { ["PageSize"] = 7 };
        _gateway = await GatewayInstance.StartAsync(config);
        await _gateway.WaitForUpstreamsAsync("many", "few");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _many.DisposeAsync();
    }

    [Fact]
    public async Task ToolsList_PagesThroughEveryUpstreamsTools_WithoutRepeats()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync();
        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = ++pages, ["method"] = "tools/list" };
            if (cursor is not null)
            {
                request["params"] = new JsonObject { ["cursor"] = cursor };
            }

            var (_, body, _) = await raw.PostAsync(request.ToJsonString(), session);
            var page = body!["result"]!["tools"]!.AsArray();
            Assert.True(page.Count <= 7);
            names.AddRange(page.Select(t => (string)t!["name"]!));
            cursor = (string?)body["result"]!["nextCursor"];
        }
        while (cursor is not null);

        await using var client = await _gateway.ConnectAsync();
        var all = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(all.Order(), names.Order());
        Assert.Equal(25, names.Count(n => n.StartsWith("many__extra_", StringComparison.Ordinal)));
        Assert.Contains("few__echo", names);
        Assert.True(pages > 4);
    }

    [Fact]
    public async Task InvalidCursor_IsInvalidParams()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync();

        var (_, body, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"%%%"}}""", session);

        Assert.Equal(-32602, RawMcp.ErrorCode(body));
        Assert.Contains("cursor", RawMcp.ErrorMessage(body));
    }
}
