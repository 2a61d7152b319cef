using System.Text.Json;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp.Sessionless;

/// <summary>
/// The other way round: an upstream that speaks only the session-less revision (2026-07-28)
/// behind clients of the session-based ones. The gateway learns the revision from the upstream's
/// refusal of initialize, and an input-required result of the upstream reaches such a client as
/// the sampling or elicitation request it knows, whose answer the gateway's retry carries.
/// </summary>
public sealed class SessionlessUpstreamTests(SessionlessUpstreamTests.Gateway fixture) : IClassFixture<SessionlessUpstreamTests.Gateway>
{
    private readonly GatewayInstance _gateway = fixture.Instance;

    [Fact]
    public async Task ASessionBasedClient_CallsTheToolsOfASessionlessUpstream()
    {
        await using var client = await _gateway.ConnectAsync(protocolVersion: "2025-11-25");

        var tools = await client.ListToolsAsync();
        var echoed = await client.CallToolAsync("modern__echo", new Dictionary<string, object?> { ["message"] = "across revisions" });

        Assert.Contains(tools, t => t.Name == "modern__ask_elicitation");
        Assert.Equal("across revisions", MergedEndpointTests.Text(echoed));
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2025-06-18")]
    [InlineData("2026-07-28")]
    public async Task TheUpstreamsInputRequired_ReachesTheClient_AsTheRequestsOfItsRevision(string revision)
    {
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (_, _, _) => ValueTask.FromResult(new CreateMessageResult { Model = "bridge-model", Content = [new TextContentBlock { Text = "bridged" }] }),
                ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("lin") },
                }),
            },
        };
        await using var client = await _gateway.ConnectAsync(protocolVersion: revision, options: options);

        var sampled = await client.CallToolAsync("modern__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "bridge?" });
        var elicited = await client.CallToolAsync("modern__ask_elicitation", new Dictionary<string, object?> { ["message"] = "Name?" });

        Assert.Equal("sampled by bridge-model: bridged", MergedEndpointTests.Text(sampled));
        Assert.Equal("accept: lin", MergedEndpointTests.Text(elicited));
    }

    public sealed class Gateway : IAsyncLifetime
    {
        private TestUpstreamProcess _upstream = null!;

        public GatewayInstance Instance { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _upstream = await TestUpstreamProcess.StartHttpAsync("modern", 0, "--stateless");
            Instance = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.HttpUpstream("modern", _upstream.Url)));
            await Instance.WaitForUpstreamsAsync("modern");
        }

        public async Task DisposeAsync()
        {
            await Instance.DisposeAsync();
            await _upstream.DisposeAsync();
        }
    }
}
