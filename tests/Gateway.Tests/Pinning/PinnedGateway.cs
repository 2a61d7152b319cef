using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace Gateway.Tests.Pinning;

/// <summary>
/// A silo with tool pinning on (the default) in front of one real test upstream over Streamable
/// HTTP, "alpha", whose tool list is one per process: a tool changed or renamed through any session
/// changes what the gateway's own connection reads. An admin and a viewer key. Tests of a class
/// share it, each changing a tool of its own.
/// </summary>
public sealed class PinnedGateway : IAsyncLifetime
{
    public const string AdminKey = "pin-admin-key-0123456789abcdef012345";
    public const string ViewerKey = "pin-viewer-key-0123456789abcdef01234";

    public TestUpstreamProcess Alpha { get; private set; } = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", Alpha.Url));
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(GatewayConfig.ApiKey("root", AdminKey, "admin"), GatewayConfig.ApiKey("vic", ViewerKey, "viewer")),
        };
        Gateway = await GatewayInstance.StartAsync(config);
        await Gateway.WaitForUpstreamsWithKeyAsync(AdminKey, "alpha");
    }

    public Task<McpClient> ConnectAsync() => Gateway.ConnectAsync(apiKey: AdminKey);

    public async Task<(HttpStatusCode Status, JsonNode? Body)> AdminAsync(HttpMethod method, string path, string key = AdminKey)
    {
        using var request = ClientRequests.Create(method.Method, path, bearer: key);
        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Alpha.DisposeAsync();
    }
}
