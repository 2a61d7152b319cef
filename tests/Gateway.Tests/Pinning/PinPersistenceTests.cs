using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Pinning;

/// <summary>Pins are grain state (SQLite here): a restarted gateway still knows them, so a change made while it was down is held.</summary>
public sealed class PinPersistenceTests
{
    [Fact]
    public async Task PinsSurviveARestart_SoAChangeMadeWhileDownIsHeld()
    {
        await using var alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var data = Paths.NewTempDirectory();
        string pinned;
        await using (var first = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", alpha.Url)), data))
        {
            await first.WaitForUpstreamsAsync("alpha");
            pinned = await Poll.UntilAsync(async () => EchoPin(await first.Http.GetFromJsonAsync<JsonObject>("/admin/pins")), h => h is not null, "echo's pin") ?? "";
        }

        // Straight to the upstream: no gateway is running to see it.
        await using (var direct = await McpClients.ConnectAsync(alpha.Url))
        {
            await direct.CallToolAsync("set_description", new Dictionary<string, object?> { ["name"] = "echo", ["description"] = "Echoes, and keeps a copy." });
        }

        await using var second = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", alpha.Url)), data);
        var pins = await Poll.UntilAsync(
            () => second.Http.GetFromJsonAsync<JsonObject>("/admin/pins"),
            p => p!["pending"]!.AsArray().Any(h => (string?)h!["tool"] == "echo"),
            "echo to be held after the restart");
        await using var client = await second.ConnectAsync();
        await Poll.UntilAsync(async () => !(await client.ListToolsAsync()).Any(t => t.Name == "alpha__echo"), "alpha__echo to leave tools/list");

        var held = pins!["pending"]!.AsArray().Single(h => (string?)h!["tool"] == "echo")!;
        Assert.Equal(pinned, EchoPin(pins));
        Assert.Equal(("changed", pinned, "Echoes, and keeps a copy."), ((string?)held["kind"], (string?)held["pinnedHash"], (string?)held["description"]));
    }

    private static string? EchoPin(JsonObject? pins) =>
        (string?)pins?["pins"]?.AsArray().FirstOrDefault(p => (string?)p!["tool"] == "echo")?["hash"];
}
