using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace Gateway.Tests.Mcp.LegacySse;

/// <summary>A silo with API keys for alice and bob, fronting the test upstream "alpha" over HTTP.</summary>
public sealed class LegacySseFixture : IAsyncLifetime
{
    public const string AliceKey = "alice-key-0123456789abcdef0123456789";
    public const string BobKey = "bob-key-0123456789abcdef0123456789ab";

    private TestUpstreamProcess _alpha = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", _alpha.Url));
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(GatewayConfig.ApiKey("alice", AliceKey, "admin"), GatewayConfig.ApiKey("bob", BobKey)),
        };
        // Short keep-alives, so that a stream whose session ended elsewhere closes soon.
        config["Http"] = new JsonObject { ["KeepAliveInterval"] = "00:00:00.5" };
        Gateway = await GatewayInstance.StartAsync(config);
        await Gateway.WaitForUpstreamsWithKeyAsync(AliceKey, "alpha");
    }

    /// <summary>The SDK's McpClient on the 2024-11-05 transport (HttpTransportMode.Sse), as alice.</summary>
    public Task<McpClient> ConnectAsync(string path = "/sse", McpClientOptions? options = null)
    {
        options ??= new McpClientOptions();
        options.ClientInfo ??= new ModelContextProtocol.Protocol.Implementation { Name = "legacy-sse-tests", Version = "1.0" };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Gateway.BaseUrl + path),
            TransportMode = HttpTransportMode.Sse,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + AliceKey },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return McpClient.CreateAsync(transport, options, cancellationToken: timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await _alpha.DisposeAsync();
    }
}
