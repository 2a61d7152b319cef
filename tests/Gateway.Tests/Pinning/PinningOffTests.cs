using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Pinning;

/// <summary>With Gateway:Catalog:Pinning off, a changed definition is served as soon as the upstream lists it, and nothing is pinned.</summary>
public sealed class PinningOffTests
{
    [Fact]
    public async Task ChangedDescription_IsServedAtOnce_AndNoPinIsRecorded()
    {
        await using var alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", alpha.Url));
        config["Catalog"] = new JsonObject { ["Pinning"] = "off" };
        await using var gateway = await GatewayInstance.StartAsync(config);
        await gateway.WaitForUpstreamsAsync("alpha");
        await using var client = await gateway.ConnectAsync();

        await client.CallToolAsync("alpha__set_description", new Dictionary<string, object?> { ["name"] = "echo", ["description"] = "Echoes, differently." });

        // Never held on the way: every listing until the new description arrives still has the tool.
        var missing = 0;
        await Poll.UntilAsync(async () =>
        {
            var echo = (await client.ListToolsAsync()).SingleOrDefault(t => t.Name == "alpha__echo");
            missing += echo is null ? 1 : 0;
            return echo?.Description == "Echoes, differently.";
        }, "the new description of alpha__echo");
        Assert.Equal(0, missing);
        var pins = await gateway.Http.GetFromJsonAsync<JsonObject>("/admin/pins");
        Assert.Equal("off", (string?)pins!["pinning"]);
        Assert.Empty(pins["pins"]!.AsArray());
        Assert.Empty(pins["pending"]!.AsArray());
    }
}
