using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>
/// Roles: admin changes the gateway, viewer reads the admin API, any principal uses MCP within the
/// tool policies (filtered tools/list, refused tools/call, on the merged endpoint and a virtual
/// server alike). Keys created through the admin API are shown once, work at once, and stop
/// working when revoked. Commands and the gateway's secrets stay the operator's.
/// </summary>
public sealed class AuthorizationTests(AuthorizationTests.RolesGateway fixture) : IClassFixture<AuthorizationTests.RolesGateway>
{
    private const string AdminKey = "admin-key-0123456789abcdef0123456789";
    private const string ViewerKey = "viewer-key-0123456789abcdef012345678";
    private const string AnalystKey = "analyst-key-0123456789abcdef01234567";
    private const string UserKey = "user-key-0123456789abcdef0123456789a";

    private readonly GatewayInstance _gateway = fixture.Gateway;

    [Theory]
    [InlineData(AdminKey, new[] { "fixed__add", "fixed__echo", "fixed__slow_read", "fixed__whoami" })]
    [InlineData(AnalystKey, new[] { "fixed__add", "fixed__echo", "fixed__slow_read", "fixed__whoami" })]
    [InlineData(ViewerKey, new[] { "fixed__echo", "fixed__slow_read", "fixed__whoami" })]
    [InlineData(UserKey, new string[0])]
    public async Task ToolsList_ShowsOnlyWhatTheRolesMayCall(string key, string[] expected)
    {
        await using var client = await _gateway.ConnectAsync(apiKey: key);

        var tools = (await client.ListToolsAsync()).Select(t => t.Name).Where(n => n.StartsWith("fixed__", StringComparison.Ordinal)).Order();

        Assert.Equal(expected.Where(e => Known.Contains(e)), tools.Where(t => Known.Contains(t)));
    }

    [Fact]
    public async Task ToolsCall_OutsideTheRoles_IsRefusedNamingTheRole_OnMergedAndVirtualServers()
    {
        var raw = new RawMcp(_gateway.Http);
        var viewers = await raw.InitializeAsync(apiKey: ViewerKey);
        var call = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"fixed__add","arguments":{"a":1,"b":2}}}""";

        var (status, body, _) = await raw.PostAsync(call, viewers, apiKey: ViewerKey);
        var (_, allowed, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"fixed__echo","arguments":{"message":"hi"}}}""", viewers, apiKey: ViewerKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(GatewayErrorCodes.Forbidden, RawMcp.ErrorCode(body));
        Assert.Contains("needs the role analyst", RawMcp.ErrorMessage(body));
        Assert.Null(allowed?["error"]);

        await using var virtualServer = await _gateway.ConnectAsync(server: "fixed", apiKey: ViewerKey);
        var names = (await virtualServer.ListToolsAsync()).Select(t => t.Name).ToList();
        var refused = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() =>
            virtualServer.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 }).AsTask());
        Assert.DoesNotContain("add", names);
        Assert.Contains("echo", names);
        Assert.Contains("needs the role analyst", refused.Message);

        await using var analysts = await _gateway.ConnectAsync(server: "fixed", apiKey: AnalystKey);
        var sum = await analysts.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });
        Assert.Equal("3", Mcp.MergedEndpointTests.Text(sum));
    }

    public static TheoryData<string, string, string, string?, HttpStatusCode, string> AdminRequests() => new()
    {
        { "no key", "GET", "/admin/upstreams", null, HttpStatusCode.Unauthorized, "Authentication required" },
        { UserKey, "GET", "/admin/upstreams", null, HttpStatusCode.Forbidden, "needs the role viewer or admin" },
        { ViewerKey, "POST", "/admin/upstreams", """{"name":"x","transport":"http","url":"http://127.0.0.1:9/mcp"}""", HttpStatusCode.Forbidden, "needs the role admin" },
        { UserKey, "POST", "/admin/upstreams", """{"name":"x","transport":"stdio","command":"sh","args":["-c","id"]}""", HttpStatusCode.Forbidden, "needs the role admin" },
        { ViewerKey, "DELETE", "/admin/upstreams/fixed", null, HttpStatusCode.Forbidden, "needs the role admin" },
        { ViewerKey, "POST", "/admin/keys", """{"name":"mine","roles":["admin"]}""", HttpStatusCode.Forbidden, "needs the role admin" },
        { AdminKey, "POST", "/admin/upstreams", """{"name":"shell","transport":"stdio","command":"sh","args":["-c","touch /tmp/pwned"]}""", HttpStatusCode.Forbidden, "Gateway:Admin:AllowStdioUpstreams" },
        { AdminKey, "POST", "/admin/upstreams", """{"name":"leak","transport":"http","url":"http://127.0.0.1:9/mcp","headers":{"X-Leak":"env://Gateway__Auth__ApiKeys__0__Key"}}""", HttpStatusCode.BadRequest, "AllowedSecretReferences" },
        { AdminKey, "POST", "/admin/upstreams", """{"name":"leak","transport":"http","url":"http://127.0.0.1:9/mcp","headers":{"X-Leak":"file:///run/secrets/../../etc/passwd"}}""", HttpStatusCode.BadRequest, "AllowedSecretReferences" },
        { AdminKey, "POST", "/admin/upstreams", "{\"name\":\"evil\\n\",\"transport\":\"http\",\"url\":\"http://127.0.0.1:9/mcp\"}", HttpStatusCode.BadRequest, "not a valid upstream name" },
        { AdminKey, "POST", "/admin/keys", """{"name":"bad name","roles":["admin"]}""", HttpStatusCode.BadRequest, "not a valid key name" },
        { AdminKey, "POST", "/admin/keys", """{"name":"past","expiresAt":"2020-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, "not in the future" },
        { AdminKey, "POST", "/admin/keys", """{"name":"vic"}""", HttpStatusCode.Conflict, "config file" },
        { AdminKey, "DELETE", "/admin/keys/ghost", null, HttpStatusCode.NotFound, "No live key" },
    };

    [Theory]
    [MemberData(nameof(AdminRequests))]
    public async Task AdminRequest_IsRefusedWithTheRightStatusAndMessage_AndNothingChanges(
        string key, string method, string path, string? body, HttpStatusCode expected, string message)
    {
        var before = await _gateway.Http.SendAsync(ClientRequests.Create("GET", "/admin/upstreams", null, AdminKey));
        var beforeText = await before.Content.ReadAsStringAsync();

        using var response = await _gateway.Http.SendAsync(ClientRequests.Create(method, path, body, key == "no key" ? null : key));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, (string?)problem?["detail"] ?? "");
        var after = await (await _gateway.Http.SendAsync(ClientRequests.Create("GET", "/admin/upstreams", null, AdminKey))).Content.ReadAsStringAsync();
        Assert.Equal(Names(beforeText), Names(after));
        Assert.False(File.Exists("/tmp/pwned"));
        await using var client = await _gateway.ConnectAsync(apiKey: AnalystKey);
        Assert.Equal("still", Mcp.MergedEndpointTests.Text(await client.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "still" })));
    }

    [Fact]
    public async Task ViewerReadsTheAdminApi_AdminAddsAnHttpUpstreamWithAnAllowedReference()
    {
        var list = await _gateway.Http.SendAsync(ClientRequests.Create("GET", "/admin/upstreams", null, ViewerKey));
        var added = await _gateway.Http.SendAsync(ClientRequests.Create("POST", "/admin/upstreams",
            """{"name":"allowed","transport":"http","url":"http://127.0.0.1:9/mcp","headers":{"Authorization":"env://ALLOWED_TOKEN"}}""", AdminKey));
        var removed = await _gateway.Http.SendAsync(ClientRequests.Create("DELETE", "/admin/upstreams/allowed", null, AdminKey));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    [Fact]
    public async Task CreatedKey_IsShownOnce_WorksWithItsRoles_AndStopsWorkingWhenRevoked()
    {
        var created = await _gateway.Http.SendAsync(ClientRequests.Create("POST", "/admin/keys", """{"name":"ci","roles":["viewer"]}""", AdminKey));
        var answer = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var key = (string)answer["key"]!;
        var listed = await (await _gateway.Http.SendAsync(ClientRequests.Create("GET", "/admin/keys", null, AdminKey))).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("mgw_", key);
        Assert.True(key.Length >= 32);
        Assert.DoesNotContain(key, listed);
        Assert.DoesNotContain(Gateway.Transports.Security.ApiKeyDirectory.Hash(key), listed);
        Assert.Contains("\"ci\"", listed);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Http.SendAsync(ClientRequests.Create("GET", "/admin/upstreams", null, key))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _gateway.Http.SendAsync(ClientRequests.Create("DELETE", "/admin/upstreams/fixed", null, key))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _gateway.Http.SendAsync(ClientRequests.Create("DELETE", "/admin/keys/ci", null, AdminKey))).StatusCode);
        var revoked = await _gateway.Http.SendAsync(ClientRequests.Create("GET", "/admin/upstreams", null, key));
        var again = await _gateway.Http.SendAsync(ClientRequests.Create("POST", "/admin/keys", """{"name":"ci"}""", AdminKey));

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ForeignHostHeader_Is400_ForeignOriginOnAnAdminWrite_Is403()
    {
        var rebound = ClientRequests.Create("GET", "/admin/upstreams", null, AdminKey);
        rebound.Headers.Host = "attacker.example";
        var otherPort = ClientRequests.Create("DELETE", "/admin/upstreams/fixed", null, AdminKey);
        otherPort.Headers.TryAddWithoutValidation("Origin", "http://localhost:1");
        var ownOrigin = ClientRequests.Create("POST", "/admin/keys", """{"name":"bad name"}""", AdminKey);
        ownOrigin.Headers.TryAddWithoutValidation("Origin", _gateway.BaseUrl);

        using var host = await _gateway.Http.SendAsync(rebound);
        using var origin = await _gateway.Http.SendAsync(otherPort);
        using var own = await _gateway.Http.SendAsync(ownOrigin);

        Assert.Equal(HttpStatusCode.BadRequest, host.StatusCode);
        Assert.Contains("attacker.example", await host.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, origin.StatusCode);
        Assert.Contains("may not change this gateway", await origin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
    }

    /// <summary>One gateway for the class: four principals, two tool rules, two allowed secret references.</summary>
    public sealed class RolesGateway : IAsyncLifetime
    {
        public GatewayInstance Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var config = GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed"));
            config["Auth"] = new JsonObject
            {
                ["ApiKeys"] = new JsonArray(
                    GatewayConfig.ApiKey("root", AdminKey, "admin"),
                    GatewayConfig.ApiKey("vic", ViewerKey, "viewer"),
                    GatewayConfig.ApiKey("ana", AnalystKey, "analyst"),
                    GatewayConfig.ApiKey("bob", UserKey)),
            };
            config["Authorization"] = new JsonObject
            {
                ["Tools"] = new JsonArray(
                    new JsonObject { ["Tool"] = "fixed__add", ["Roles"] = new JsonArray("analyst") },
                    new JsonObject { ["Tool"] = "fixed__*", ["Roles"] = new JsonArray("viewer", "analyst") }),
            };
            config["Admin"] = new JsonObject { ["AllowedSecretReferences"] = new JsonArray("env://ALLOWED_TOKEN", "file:///run/secrets/*") };

            // Admin upstreams at 127.0.0.1 (nothing listens on port 9): past the SSRF guard, so the checks under test are the role ones.
            config["Network"] = new JsonObject { ["AllowedUpstreamHosts"] = new JsonArray("127.0.0.1") };
            Gateway = await GatewayInstance.StartAsync(config);
            await Gateway.WaitForUpstreamsWithKeyAsync(AdminKey, "fixed");
        }

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();
    }

    /// <summary>The test upstream's tools this suite reasons about (it serves more).</summary>
    private static readonly string[] Known = ["fixed__add", "fixed__echo", "fixed__whoami"];

    private static string Names(string upstreams) =>
        string.Join(",", JsonNode.Parse(upstreams)!.AsArray().Select(u => (string?)u!["name"]).Order());
}
