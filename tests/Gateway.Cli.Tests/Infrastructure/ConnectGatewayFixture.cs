using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Infrastructure;

/// <summary>
/// A real silo with API keys in front of one real test upstream, "alpha" over Streamable HTTP (its tool list
/// is process-wide, so a tool one session adds reaches the gateway's catalog and every session's list_changed).
/// </summary>
public sealed class ConnectGatewayFixture : IAsyncLifetime
{
    public const string UserKey = "connect-user-key-0123456789abcdef01";
    public const string EnderKey = "connect-ender-key-0123456789abcdef0";
    public const string AdminKey = "connect-admin-key-0123456789abcdef0";

    public TestUpstreamProcess Alpha { get; private set; } = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", Alpha.Url));
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(
                GatewayConfig.ApiKey("user", UserKey),
                GatewayConfig.ApiKey("ender", EnderKey),
                GatewayConfig.ApiKey("admin", AdminKey, "admin")),
        };
        Gateway = await GatewayInstance.StartAsync(config);
        await Gateway.WaitForUpstreamsWithKeyAsync(AdminKey, "alpha");
    }

    /// <summary>How many MCP sessions the principal has open, from <c>GET /admin/sessions</c>.</summary>
    public async Task<int> OpenSessionsAsync(string principal)
    {
        using var request = ClientRequests.Create("GET", "/admin/sessions?principal=" + Uri.EscapeDataString(principal), bearer: AdminKey);
        using var response = await Gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var sessions = await response.Content.ReadFromJsonAsync<JsonNode>();
        return (sessions as JsonArray ?? sessions?["sessions"] as JsonArray)?.Count
            ?? throw new InvalidOperationException("unexpected /admin/sessions answer: " + sessions?.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Alpha.DisposeAsync();
    }
}
