using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Isolated.Tests.Infrastructure;

/// <summary>
/// One gateway for the tier, inside the isolated namespace: a config-file upstream "home" (the
/// test upstream over HTTP on 127.0.0.1, which the operator's config may name), the allowlists
/// <see cref="IsolatedNetwork.AllowedName"/> and <see cref="IsolatedNetwork.AllowedAddress"/>/32,
/// and a client session opened at the start that every test uses after a refusal, to show that
/// the process and other sessions still serve. Outside the namespace it fails every test.
/// </summary>
public sealed class GuardedGatewayFixture : IAsyncLifetime
{
    private int _names;

    public TestUpstreamProcess Home { get; private set; } = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public McpClient Bystander { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        IsolatedNetwork.Require();
        Home = await TestUpstreamProcess.StartHttpAsync("home");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("home", Home.Url));
        config["Network"] = new JsonObject
        {
            ["AllowedUpstreamHosts"] = new JsonArray(IsolatedNetwork.AllowedName),
            ["AllowedUpstreamNetworks"] = new JsonArray($"{IsolatedNetwork.AllowedAddress}/32"),
        };
        Gateway = await GatewayInstance.StartAsync(config);
        await Gateway.WaitForUpstreamsAsync("home");
        Bystander = await Gateway.ConnectAsync();
    }

    /// <summary>A fresh upstream name, so that the tests' admin upstreams never meet.</summary>
    public string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}";

    public Task<HttpResponseMessage> AddHttpUpstreamAsync(string name, string url, bool claimFromConfig = false) =>
        Gateway.Http.PostAsJsonAsync("/admin/upstreams", new JsonObject
        {
            ["name"] = name,
            ["transport"] = "http",
            ["url"] = url,
            ["fromConfig"] = claimFromConfig,
        });

    /// <summary>GET /admin/upstreams until the named upstream's view satisfies the condition; returns the whole list.</summary>
    public Task<JsonArray> WaitForUpstreamAsync(string name, Func<JsonNode, bool> condition, string what) =>
        Poll.UntilAsync(
            async () => (await Gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!,
            list => View(list, name) is { } view && condition(view),
            $"upstream {name} {what}");

    public static JsonNode? View(JsonArray list, string name) => list.FirstOrDefault(u => (string?)u!["name"] == name);

    /// <summary>The session opened before the test still gets its tools/call answered, and the silo is ready.</summary>
    public async Task AssertStillServesAsync()
    {
        var message = $"still serving {Guid.NewGuid():N}";
        Assert.Equal(message, Text(await Bystander.CallToolAsync("home__echo", new Dictionary<string, object?> { ["message"] = message })));
        Assert.True((await Gateway.Http.GetAsync("/health/ready")).IsSuccessStatusCode, "the silo is no longer ready");
    }

    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    public async Task DisposeAsync()
    {
        if (Bystander is not null)
        {
            await Bystander.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Home is not null)
        {
            await Home.DisposeAsync();
        }
    }
}

