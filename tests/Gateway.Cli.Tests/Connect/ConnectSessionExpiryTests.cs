using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Cli.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Connect;

/// <summary>A session that expires under the bridge: the pending request is answered with an error and the bridge exits non-zero.</summary>
public sealed class ConnectSessionExpiryTests
{
    private const string UserKey = "expiry-user-key-0123456789abcdef012";
    private const string AdminKey = "expiry-admin-key-0123456789abcdef01";

    [Fact]
    public async Task RequestAfterTheSessionExpired_GetsAnError_AndTheBridgeExitsWithOne()
    {
        var config = GatewayConfig.Config();
        config["Sessions"] = new JsonObject { ["IdleTimeout"] = "00:00:01" };
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(GatewayConfig.ApiKey("user", UserKey), GatewayConfig.ApiKey("admin", AdminKey, "admin")),
        };
        await using var gateway = await GatewayInstance.StartAsync(config);
        using var bridge = ConnectBridge.Start(gateway.McpUrl, ["--api-key-env", ConnectBridge.KeyVariable], UserKey);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // No notifications/initialized, so no GET stream keeps the session alive.
        await SendAsync(bridge, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"by-hand","version":"1"}}}""");
        var initialized = JsonNode.Parse(await bridge.StandardOutput.ReadLineAsync(timeout.Token) ?? "null");
        await Poll.UntilAsync(async () => await OpenSessionsAsync(gateway) == 0, "the idle session to expire");
        await SendAsync(bridge, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        var answer = JsonNode.Parse(await bridge.StandardOutput.ReadLineAsync(timeout.Token) ?? "null");
        await bridge.WaitForExitAsync(timeout.Token);

        Assert.NotNull(initialized?["result"]);
        Assert.Equal(2, (int?)answer?["id"]);
        Assert.NotNull(answer?["error"]?["message"]);
        Assert.Equal(1, bridge.ExitCode);
    }

    private static async Task SendAsync(System.Diagnostics.Process bridge, string line)
    {
        await bridge.StandardInput.WriteLineAsync(line);
        await bridge.StandardInput.FlushAsync();
    }

    private static async Task<int> OpenSessionsAsync(GatewayInstance gateway)
    {
        using var request = ClientRequests.Create("GET", "/admin/sessions?principal=key:user", bearer: AdminKey);
        using var response = await gateway.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (body?["sessions"] as JsonArray)?.Count ?? -1;
    }
}
