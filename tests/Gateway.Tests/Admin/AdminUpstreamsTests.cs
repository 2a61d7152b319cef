using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Admin;

/// <summary>Upstreams added through the admin API appear in the catalog and survive a restart; config ones stay.</summary>
public sealed class AdminUpstreamsTests
{
    [Fact]
    public async Task AddedUpstream_IsServed_AndSurvivesARestart_ThenCanBeRemoved()
    {
        var data = Paths.NewTempDirectory();
        var (command, args) = TestUpstreamProcess.StdioCommand("added");
        var body = new JsonObject { ["name"] = "added", ["transport"] = "stdio", ["command"] = command, ["args"] = new JsonArray(args.Select(a => (JsonNode)a!).ToArray()), ["env"] = new JsonObject { ["TOKEN"] = "s3cret" } };

        var config = GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed"));
        config["Admin"] = new JsonObject { ["AllowStdioUpstreams"] = true };
        await using (var gateway = await GatewayInstance.StartAsync(config, data))
        {
            var created = await gateway.Http.PostAsJsonAsync("/admin/upstreams", body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var view = await created.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("***", (string?)view!["env"]!["TOKEN"]);
            await gateway.WaitForUpstreamsAsync("fixed", "added");
            await using var client = await gateway.ConnectAsync();
            Assert.Equal("persisted", Gateway.Tests.Mcp.MergedEndpointTests.Text(await client.CallToolAsync("added__echo", new Dictionary<string, object?> { ["message"] = "persisted" })));
        }

        await using (var restarted = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed")), data))
        {
            await restarted.WaitForUpstreamsAsync("fixed", "added");
            var list = (await restarted.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!;
            Assert.Equal("admin", (string?)list.Single(u => (string?)u!["name"] == "added")!["source"]);
            Assert.Equal("config", (string?)list.Single(u => (string?)u!["name"] == "fixed")!["source"]);
            Assert.DoesNotContain("s3cret", list.ToJsonString());

            Assert.Equal(HttpStatusCode.NoContent, (await restarted.Http.DeleteAsync("/admin/upstreams/added")).StatusCode);
            await using var client = await restarted.ConnectAsync();
            var tools = await Poll.UntilAsync(async () => (await client.ListToolsAsync()).Select(t => t.Name).ToList(),
                names => !names.Any(n => n.StartsWith("added__", StringComparison.Ordinal)), "added__ tools to disappear");
            Assert.Contains("fixed__echo", tools);
        }

        await using (var again = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed")), data))
        {
            var list = await again.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams");
            Assert.DoesNotContain(list!, u => (string?)u!["name"] == "added");
        }
    }

    [Fact]
    public async Task AdminApi_RefusesBadInputWithClearErrors()
    {
        var config = GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed"));
        config["Admin"] = new JsonObject { ["AllowStdioUpstreams"] = true };
        await using var gateway = await GatewayInstance.StartAsync(config);

        var invalid = await gateway.Http.PostAsJsonAsync("/admin/upstreams", new { name = "bad name!", transport = "carrier-pigeon" });
        var notJson = await gateway.Http.PostAsync("/admin/upstreams", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"));
        var duplicate = await gateway.Http.PostAsJsonAsync("/admin/upstreams", new { name = "fixed", transport = "http", url = "http://upstream.example/mcp" });
        var removeConfigured = await gateway.Http.DeleteAsync("/admin/upstreams/fixed");
        var removeUnknown = await gateway.Http.DeleteAsync("/admin/upstreams/ghost");
        var unbounded = await gateway.Http.PostAsJsonAsync("/admin/upstreams",
            new { name = "unbounded", transport = "stdio", command = "true", maxProcesses = 0, processIdleTimeoutSeconds = -1 });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("bad name!", problem);
        Assert.Contains("carrier-pigeon", problem);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, removeConfigured.StatusCode);
        Assert.Contains("config file", await removeConfigured.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, removeUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unbounded.StatusCode);
        var limits = await unbounded.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("0 is not a number of processes: use 1 or more", (string?)limits!["errors"]!["maxProcesses"]![0]);
        Assert.Contains("-1 is not a number of seconds above 0", (string?)limits["errors"]!["processIdleTimeoutSeconds"]![0]);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task AdminApi_RefusesBadCredentialsWithErrorsNamingTheField()
    {
        var config = GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed"));
        config["Admin"] = new JsonObject { ["AllowedSecretReferences"] = new JsonArray("env://ALLOWED_TOKEN") };
        await using var gateway = await GatewayInstance.StartAsync(config);
        async Task<JsonObject> RefusedAsync(JsonObject auth)
        {
            var response = await gateway.Http.PostAsJsonAsync("/admin/upstreams",
                new JsonObject { ["name"] = "bad-auth", ["transport"] = "http", ["url"] = "https://mcp.example.com/mcp", ["auth"] = auth });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        }

        var body = await RefusedAsync(new JsonObject { ["type"] = "static", ["secret"] = "s", ["in"] = "body" });
        var template = await RefusedAsync(new JsonObject { ["type"] = "static", ["secret"] = "s", ["format"] = "template", ["template"] = "token" });
        var loopbackTokenUrl = await RefusedAsync(new JsonObject
        {
            ["type"] = "oauth-client-credentials", ["tokenUrl"] = "http://127.0.0.1:9/token", ["clientId"] = "c", ["clientSecret"] = "s",
        });
        var plainHttpTokenUrl = await RefusedAsync(new JsonObject
        {
            ["type"] = "oauth-refresh-token", ["tokenUrl"] = "http://auth.example.com/token", ["clientId"] = "c", ["refreshToken"] = "r", ["secret"] = "s",
        });
        var reference = await RefusedAsync(new JsonObject { ["type"] = "static", ["secret"] = "env://GATEWAY_OWN_SECRET" });
        var stored = await RefusedAsync(new JsonObject { ["type"] = "static", ["secret"] = "protected://CfDJ8copied-from-a-dump" });

        Assert.Contains("no REST-wrapped tools", (string?)body["auth.in"]![0]);
        Assert.Contains("{secret}", (string?)template["auth.template"]![0]);
        Assert.Contains("127.0.0.1 is a loopback address", (string?)loopbackTokenUrl["auth.tokenUrl"]![0]);
        Assert.Contains("must use https", (string?)plainHttpTokenUrl["auth.tokenUrl"]![0]);
        Assert.Equal("secret does not apply to an OAuth credential (its token is sent as Authorization: Bearer); remove it", (string?)plainHttpTokenUrl["auth.secret"]![0]);
        Assert.Contains("Gateway:Admin:AllowedSecretReferences", (string?)reference["auth.secret"]![0]);
        Assert.Contains("how the gateway stores an encrypted secret", (string?)stored["auth.secret"]![0]);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task ToolStats_CountCallsAndErrors()
    {
        await using var gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed")));
        await gateway.WaitForUpstreamsAsync("fixed");
        await using var client = await gateway.ConnectAsync();

        await client.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "1" });
        await client.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "2" });
        await client.CallToolAsync("fixed__fail", new Dictionary<string, object?> { ["message"] = "x" });

        var echo = await Poll.UntilAsync(async () => await Row(gateway, "fixed__echo"), r => (long?)r?["calls"] == 2, "two echo calls counted");
        var fail = await Poll.UntilAsync(async () => await Row(gateway, "fixed__fail"), r => (long?)r?["toolErrors"] == 1, "one tool error counted");
        Assert.True((double)echo!["p50Ms"]! > 0);
        Assert.Equal(1, (long?)fail!["calls"]);
    }

    private static async Task<JsonNode?> Row(GatewayInstance gateway, string tool)
    {
        var stats = await gateway.Http.GetFromJsonAsync<JsonObject>("/admin/tools");
        return stats!["tools"]!.AsArray().FirstOrDefault(t => (string?)t!["name"] == tool);
    }
}
