using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Audit;

/// <summary>
/// The audit log of a real silo: each MCP request and each admin change leaves one line in the
/// silo's audit file, with who, which session, what, where and how it ended, and never the
/// arguments or a key; refusals before any session are there too. GET /admin/audit reads it back,
/// filtered, for admins only.
/// </summary>
public sealed class AuditLogTests(AuditLogTests.AuditedGateway fixture) : IClassFixture<AuditLogTests.AuditedGateway>
{
    private const string AdminKey = "audit-admin-key-0123456789abcdef01234";
    private const string ViewerKey = "audit-viewer-key-0123456789abcdef0123";
    private const string AnalystKey = "audit-analyst-key-0123456789abcdef012";
    private const string OpsAdminKey = "audit-ops-admin-key-0123456789abcdef0";

    private readonly GatewayInstance _gateway = fixture.Gateway;

    private string Data => _gateway.DataDirectory;

    [Fact]
    public async Task ToolsListAndToolsCall_EachLeaveOneLine_WithWhoWhatWhereAndOutcome_ButNoArgumentValue()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync(apiKey: AnalystKey);

        await raw.PostAsync("""{"jsonrpc":"2.0","id":"list-101","method":"tools/list"}""", session, apiKey: AnalystKey);
        var (_, called, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":"call-102","method":"tools/call","params":{"name":"fixed__echo","arguments":{"message":"argument-value-7f3a"}}}""",
            session, apiKey: AnalystKey);

        var list = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (string?)l["requestId"] == "list-101", "the tools/list line"));
        var call = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (string?)l["requestId"] == "call-102", "the tools/call line"));
        Assert.Null(called?["error"]);
        foreach (var line in new[] { list, call })
        {
            Assert.Equal("mcp", (string?)line["kind"]);
            Assert.Equal("key:ana", (string?)line["principal"]);
            Assert.Equal("acme", (string?)line["tenant"]);
            Assert.Equal(SessionIds.ForLog(session), (string?)line["session"]);
            Assert.Equal("ok", (string?)line["outcome"]);
            Assert.True((double?)line["durationMs"] > 0);
            Assert.StartsWith("127.0.0.1:", (string?)line["silo"]);
        }

        Assert.Equal("tools/list", (string?)list["method"]);
        Assert.Null(list["tool"]);
        Assert.Equal("tools/call", (string?)call["method"]);
        Assert.Equal("fixed__echo", (string?)call["tool"]);
        Assert.Equal("fixed", (string?)call["upstream"]);
        Assert.Equal(Encoding.UTF8.GetByteCount("""{"message":"argument-value-7f3a"}"""), (int?)call["argumentsBytes"]);
        Assert.DoesNotContain("argument-value-7f3a", AuditFiles.Text(Data));
        Assert.DoesNotContain(session, AuditFiles.Text(Data));
    }

    [Fact]
    public async Task ToolCallsTheSessionRefuses_AreErrorLines_WithTheirCode()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync(apiKey: ViewerKey);

        var (_, forbidden, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":"policy-201","method":"tools/call","params":{"name":"fixed__add","arguments":{"a":1,"b":2}}}""", session, apiKey: ViewerKey);
        await raw.PostAsync("""{"jsonrpc":"2.0","id":"unknown-202","method":"tools/call","params":{"name":"nobody__x"}}""", session, apiKey: ViewerKey);

        var policy = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (string?)l["requestId"] == "policy-201", "the refused call's line"));
        var unknown = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (string?)l["requestId"] == "unknown-202", "the unknown tool's line"));
        Assert.Equal(GatewayErrorCodes.Forbidden, RawMcp.ErrorCode(forbidden));
        Assert.Equal("key:vic", (string?)policy["principal"]);
        Assert.Equal("error", (string?)policy["outcome"]);
        Assert.Equal(GatewayErrorCodes.Forbidden, (int?)policy["code"]);
        Assert.Equal("fixed__add", (string?)policy["tool"]);
        Assert.Equal("fixed", (string?)policy["upstream"]);
        Assert.Equal("error", (string?)unknown["outcome"]);
        Assert.Equal(GatewayErrorCodes.InvalidParams, (int?)unknown["code"]);
        Assert.Equal("nobody__x", (string?)unknown["tool"]);
        Assert.Null(unknown["upstream"]);
        Assert.Null(unknown["argumentsBytes"]);
    }

    [Fact]
    public async Task ARequestWithABadKey_IsARefusedLine_With401_AndTheKeyIsNotInTheFile()
    {
        const string badKey = "not-a-key-of-this-gateway-0123456789abc";
        using var request = ClientRequests.Create("POST", "/servers/fixed/mcp", RawMcp.InitializeBody, badKey);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");

        using var response = await _gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refused = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (int?)l["status"] == 401 && (string?)l["server"] == "fixed", "the 401's line"));
        Assert.Equal("mcp", (string?)refused["kind"]);
        Assert.Equal("refused", (string?)refused["outcome"]);
        Assert.Null(refused["principal"]);
        Assert.DoesNotContain(badKey, AuditFiles.Text(Data));
    }

    [Fact]
    public async Task AnUpstreamAddedAndAKeyCreated_EachLeaveOneAdminLine_AndARefusedChangeIsThereToo()
    {
        var added = await SendAsync("POST", "/admin/upstreams", """{"name":"audited-upstream","transport":"http","url":"http://127.0.0.1:9/mcp"}""", OpsAdminKey);
        var created = await SendAsync("POST", "/admin/keys", """{"name":"audited-key","roles":["viewer"]}""", AdminKey);
        var refused = await SendAsync("POST", "/admin/keys", """{"name":"viewers-own","roles":["admin"]}""", ViewerKey);
        var key = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!;

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var upstream = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (string?)l["target"] == "audited-upstream", "the upstream's line"));
        var minted = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (string?)l["target"] == "audited-key", "the key's line"));
        var denied = Assert.Single(await AuditFiles.WaitForAsync(Data, l => (string?)l["principal"] == "key:vic" && (string?)l["action"] == "key.create", "the refused change's line"));
        Assert.Equal("admin", (string?)upstream["kind"]);
        Assert.Equal("upstream.add", (string?)upstream["action"]);
        Assert.Equal("ok", (string?)upstream["outcome"]);
        Assert.Equal("key:opal", (string?)upstream["principal"]);
        Assert.Equal("ops", (string?)upstream["tenant"]);
        Assert.Equal("key.create", (string?)minted["action"]);
        Assert.Equal("ok", (string?)minted["outcome"]);
        Assert.Null(minted["status"]);
        Assert.Equal("refused", (string?)denied["outcome"]);
        Assert.Equal(403, (int?)denied["status"]);
        Assert.DoesNotContain(key, AuditFiles.Text(Data));
        Assert.DoesNotContain(AdminKey, AuditFiles.Text(Data));
    }

    [Fact]
    public async Task GetAudit_FiltersByPrincipalToolAndSince_NewestFirst()
    {
        await using var analyst = await _gateway.ConnectAsync(apiKey: AnalystKey);
        var session = SessionIds.ForLog(analyst.SessionId!);
        bool Ours(JsonObject line) => (string?)line["session"] == session;
        await analyst.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "first" });
        var first = Assert.Single(await AuditFiles.WaitForAsync(Data, l => Ours(l) && (string?)l["tool"] == "fixed__echo", "the first echo line"));
        var firstTime = (DateTimeOffset)first["time"]!;
        await analyst.CallToolAsync("fixed__add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });
        await analyst.CallToolAsync("fixed__echo", new Dictionary<string, object?> { ["message"] = "second" });
        await Poll.UntilAsync(() => Task.FromResult(AuditFiles.Lines(Data).Count(l => Ours(l) && (string?)l["tool"] == "fixed__echo") == 2), "the second echo line");

        var byPrincipal = await EntriesAsync("?principal=key:ana");
        var byTool = await EntriesAsync("?tool=fixed__echo");
        var since = await EntriesAsync($"?tool=fixed__echo&since={Uri.EscapeDataString(firstTime.AddTicks(1).ToString("O"))}");
        var limited = await EntriesAsync("?principal=key:ana&limit=2");

        Assert.All(byPrincipal, e => Assert.Equal("key:ana", (string?)e["principal"]));
        Assert.Contains(byPrincipal, e => Ours(e) && (string?)e["tool"] == "fixed__add");
        Assert.All(byTool, e => Assert.Equal("fixed__echo", (string?)e["tool"]));
        Assert.Equal(2, byTool.Count(Ours));
        Assert.All(since, e => Assert.True((DateTimeOffset)e["time"]! > firstTime));
        Assert.Single(since, Ours);
        Assert.Equal(2, limited.Count);
        Assert.Equal(byPrincipal.Select(e => (DateTimeOffset)e["time"]!).OrderDescending(), byPrincipal.Select(e => (DateTimeOffset)e["time"]!));
    }

    [Fact]
    public async Task GetAudit_IsForAdminsOnly_AndNamesWhatIsWrongWithAQuery()
    {
        using var asViewer = await SendAsync("GET", "/admin/audit", null, ViewerKey);
        using var anonymous = await SendAsync("GET", "/admin/audit", null, null);
        using var bad = await SendAsync("GET", "/admin/audit?since=yesterday&limit=5000", null, AdminKey);
        var problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Contains("needs the role admin", await asViewer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'yesterday' is not a date and time", (string?)problem["detail"]);
        Assert.Contains("'5000' is not a whole number from 1 to 1000", (string?)problem["detail"]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AuditFiles_AreReadableByTheGatewaysUserOnly()
    {
        await using var client = await _gateway.ConnectAsync(apiKey: AnalystKey);
        await client.PingAsync();
        await AuditFiles.WaitForAsync(Data, l => (string?)l["method"] == "ping", "a line");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(AuditFiles.DirectoryOf(Data)));
        Assert.All(AuditFiles.Files(Data), file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
    }

    private async Task<List<JsonObject>> EntriesAsync(string query)
    {
        using var response = await SendAsync("GET", "/admin/audit" + query, null, AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Single(answer["silos"]!.AsArray());
        Assert.Empty(answer["unanswered"]!.AsArray());
        return [.. answer["entries"]!.AsArray().Select(e => e!.AsObject())];
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path, string? body, string? key) =>
        _gateway.Http.SendAsync(ClientRequests.Create(method, path, body, key));

    /// <summary>One gateway for the class: an admin of no tenant and one of a tenant, a viewer, an analyst with a tenant, and a tool rule the viewer is outside of.</summary>
    public sealed class AuditedGateway : IAsyncLifetime
    {
        public GatewayInstance Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // The MCP principals are of tenant acme, and so is the upstream they call.
            var upstream = GatewayConfig.StdioUpstream("fixed");
            upstream["Tenant"] = "acme";
            var config = GatewayConfig.Config(upstream);
            config["Auth"] = new JsonObject
            {
                ["ApiKeys"] = new JsonArray(
                    GatewayConfig.TenantApiKey("root", AdminKey, null, "admin"),
                    GatewayConfig.TenantApiKey("opal", OpsAdminKey, "ops", "admin"),
                    GatewayConfig.TenantApiKey("vic", ViewerKey, "acme", "viewer"),
                    GatewayConfig.TenantApiKey("ana", AnalystKey, "acme", "analyst")),
            };
            config["Authorization"] = new JsonObject
            {
                ["Tools"] = new JsonArray(
                    new JsonObject { ["Tool"] = "fixed__add", ["Roles"] = new JsonArray("analyst") },
                    new JsonObject { ["Tool"] = "fixed__*", ["Roles"] = new JsonArray("viewer", "analyst") }),
            };

            // An admin upstream at 127.0.0.1 (nothing listens on port 9) passes the SSRF guard.
            config["Network"] = new JsonObject { ["AllowedUpstreamHosts"] = new JsonArray("127.0.0.1") };
            Gateway = await GatewayInstance.StartAsync(config);
            await Gateway.WaitForUpstreamsWithKeyAsync(AdminKey, "fixed");
        }

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();
    }
}
