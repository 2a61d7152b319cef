using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Mcp;

namespace Gateway.Tests.Upstreams;

/// <summary>
/// A static credential reaches an upstream that refuses every request without it, in each place
/// and format it can take, from each source a secret can have (a value, env://, file://); the
/// admin API shows where it goes but never the secret.
/// </summary>
public sealed class StaticCredentialTests
{
    [Fact]
    public async Task AHeaderInPrefixFormat_FromAnEnvironmentReference_ReachesTheUpstream()
    {
        var variable = "GATEWAY_TEST_STATIC_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "prefixed-secret-4f1e");
        var auth = new JsonObject { ["Type"] = "static", ["Secret"] = $"env://{variable}", ["Format"] = "prefix" };

        var view = await CallThroughAsync("--require-header", "Authorization: Bearer prefixed-secret-4f1e", auth);

        Assert.Equal($"env://{variable}", (string?)view["auth"]!["secret"]);
    }

    [Fact]
    public async Task AQueryParameter_FromAFileReference_ReachesTheUpstream()
    {
        var file = Path.Combine(Paths.NewTempDirectory(), "api-key");
        await File.WriteAllTextAsync(file, "query-secret-9b2c\n");
        var auth = new JsonObject { ["Type"] = "static", ["Secret"] = new Uri(file).AbsoluteUri, ["In"] = "query", ["Name"] = "api_key" };

        var view = await CallThroughAsync("--require-query", "api_key=query-secret-9b2c", auth);

        Assert.Equal("query", (string?)view["auth"]!["in"]);
    }

    [Fact]
    public async Task AHeaderInTemplateFormat_WithAPlainValue_ReachesTheUpstream_AndIsMasked()
    {
        var auth = new JsonObject
        {
            ["Type"] = "static", ["Secret"] = "template-secret-71ad", ["Name"] = "X-Api-Key", ["Format"] = "template", ["Template"] = "token {secret}",
        };

        var view = await CallThroughAsync("--require-header", "X-Api-Key: token template-secret-71ad", auth);

        Assert.Equal("***", (string?)view["auth"]!["secret"]);
        Assert.DoesNotContain("template-secret-71ad", view.ToJsonString());
    }

    /// <summary>Starts an upstream that demands the credential and a gateway configured to send it; calls a tool through it.</summary>
    /// <returns>The upstream's view in GET /admin/upstreams.</returns>
    private static async Task<JsonObject> CallThroughAsync(string requirement, string value, JsonObject auth)
    {
        await using var upstream = await TestUpstreamProcess.StartHttpAsync("guarded", 0, requirement, value);
        var definition = GatewayConfig.HttpUpstream("guarded", upstream.Url);
        definition["Auth"] = auth;
        await using var gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(definition));
        await gateway.WaitForUpstreamsAsync("guarded");

        await using var client = await gateway.ConnectAsync();
        var answer = await client.CallToolAsync("guarded__echo", new Dictionary<string, object?> { ["message"] = "through" });

        Assert.Equal("through", MergedEndpointTests.Text(answer));
        Assert.Equal(0, await UpstreamStats.UnauthorizedAsync(upstream));
        var list = (await gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!;
        return list.OfType<JsonObject>().Single(u => (string?)u["name"] == "guarded");
    }
}
