using System.Net;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tests.Infrastructure;
using Gateway.Transports.StreamableHttp;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Security;

/// <summary>
/// Tenants at the MCP endpoints: a tenant's principals see and reach only that tenant's upstreams,
/// on the merged endpoint and on virtual servers; a principal of no tenant only the upstreams of no
/// tenant. Three copies of one test upstream serve the same names and URIs, so each tenant's
/// answers show whose upstream served them.
/// </summary>
public sealed class TenantCatalogTests(TenantCatalogTests.TenantsGateway fixture) : IClassFixture<TenantCatalogTests.TenantsGateway>
{
    private const string AcmeKey = "acme-key-0123456789abcdef0123456789ab";
    private const string GlobexKey = "globex-key-0123456789abcdef0123456789";
    private const string RootKey = "root-key-0123456789abcdef0123456789ab";
    private const string SigningKey = "tenant-tests-signing-key-0123456789abcdef";

    private readonly GatewayInstance _gateway = fixture.Gateway;

    [Theory]
    [InlineData(AcmeKey, "acme-tools")]
    [InlineData(GlobexKey, "globex-tools")]
    [InlineData(RootKey, "shared")]
    public async Task MergedEndpoint_ListsOnlyTheTenantsUpstreams(string key, string own)
    {
        await using var client = await _gateway.ConnectAsync(apiKey: key);

        var upstreams = (await client.ListToolsAsync()).Select(t => t.Name[..t.Name.IndexOf("__", StringComparison.Ordinal)])
            .Concat((await client.ListPromptsAsync()).Select(p => p.Name[..p.Name.IndexOf("__", StringComparison.Ordinal)]))
            .Distinct().ToList();

        Assert.Equal([own], upstreams);
    }

    [Theory]
    [InlineData(AcmeKey, "acme-tools")]
    [InlineData(GlobexKey, "globex-tools")]
    [InlineData(RootKey, "shared")]
    public async Task OneUri_IsReadFromTheTenantsOwnUpstream(string key, string own)
    {
        await using var client = await _gateway.ConnectAsync(apiKey: key);

        var read = await client.ReadResourceAsync("test://static/hello");

        Assert.Equal($"hello from {own}", Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text);
    }

    [Fact]
    public async Task AnotherTenantsTool_Prompt_AndDarkUpstream_AreUnknown_AndTheSessionStillServes()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync(apiKey: AcmeKey);

        var (_, tool, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"globex-tools__echo","arguments":{"message":"x"}}}""", session, apiKey: AcmeKey);
        var (_, prompt, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"globex-tools__greet","arguments":{"name":"x"}}}""", session, apiKey: AcmeKey);
        var (_, dark, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"globex-down__echo","arguments":{"message":"x"}}}""", session, apiKey: AcmeKey);
        var (_, own, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"acme-tools__echo","arguments":{"message":"mine"}}}""", session, apiKey: AcmeKey);

        Assert.Equal(GatewayErrorCodes.InvalidParams, RawMcp.ErrorCode(tool));
        Assert.Contains("Unknown tool: 'globex-tools__echo'", RawMcp.ErrorMessage(tool));
        Assert.Equal(GatewayErrorCodes.InvalidParams, RawMcp.ErrorCode(prompt));
        Assert.Contains("globex-tools__greet", RawMcp.ErrorMessage(prompt));
        Assert.Equal(GatewayErrorCodes.InvalidParams, RawMcp.ErrorCode(dark));
        Assert.Contains("Unknown tool: 'globex-down__echo'", RawMcp.ErrorMessage(dark));
        Assert.Equal("mine", (string?)own?["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task GlobexsDarkUpstream_IsNamedToGlobex()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync(apiKey: GlobexKey);

        var (_, dark, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"globex-down__echo","arguments":{"message":"x"}}}""", session, apiKey: GlobexKey);

        Assert.Equal(GatewayErrorCodes.UpstreamUnavailable, RawMcp.ErrorCode(dark));
        Assert.Contains("globex-down", RawMcp.ErrorMessage(dark));
    }

    [Theory]
    [InlineData(AcmeKey, "globex-tools")]
    [InlineData(AcmeKey, "shared")]
    [InlineData(RootKey, "acme-tools")]
    public async Task AnotherTenantsVirtualServer_IsNotFound_LikeOneThatDoesNotExist(string key, string server)
    {
        var raw = new RawMcp(_gateway.Http, $"/servers/{server}/mcp");
        var missing = new RawMcp(_gateway.Http, "/servers/no-such-upstream/mcp");

        var (status, body, headers) = await raw.PostAsync(RawMcp.InitializeBody, sessionId: null, apiKey: key);
        var (missingStatus, missingBody, _) = await missing.PostAsync(RawMcp.InitializeBody, sessionId: null, apiKey: key);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False(headers.Contains(McpHeaders.SessionId));
        Assert.Equal($"No server named '{server}'", RawMcp.ErrorMessage(body));
        Assert.Equal(missingStatus, status);
        Assert.Equal(RawMcp.ErrorCode(missingBody), RawMcp.ErrorCode(body));
    }

    [Fact]
    public async Task TheTenantsVirtualServer_ServesItsUpstream()
    {
        await using var client = await _gateway.ConnectAsync(server: "acme-tools", apiKey: AcmeKey);

        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "ours" });
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("globex-tools__greet").AsTask());

        Assert.Equal("ours", Mcp.MergedEndpointTests.Text(echo));
        Assert.Contains("globex-tools__greet", refused.Message);
    }

    [Fact]
    public async Task ASession_IsNotFoundToAnotherTenantsPrincipal()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync(apiKey: AcmeKey);

        var (status, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", session, apiKey: GlobexKey);
        var (ownStatus, own, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session, apiKey: AcmeKey);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.OK, ownStatus);
        Assert.NotEmpty(own!["result"]!["tools"]!.AsArray());
    }

    [Fact]
    public async Task AJwtsTenantClaim_PicksTheCatalog_AndATokenOfAnotherTenantCannotUseTheSession()
    {
        var acme = Hs256("dana", "acme");
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync(apiKey: acme);

        var (_, listed, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", session, apiKey: acme);
        var (status, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session, apiKey: Hs256("dana", "globex"));

        Assert.All(listed!["result"]!["tools"]!.AsArray(), t => Assert.StartsWith("acme-tools__", (string?)t!["name"]));
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    private static string Hs256(string subject, string tenant) =>
        TestTokens.Hs256(SigningKey, "tests", subject: subject, claims: new Dictionary<string, object> { ["tenant"] = tenant });

    public sealed class TenantsGateway : IAsyncLifetime
    {
        public GatewayInstance Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var config = GatewayConfig.Config(
                Tenant(GatewayConfig.StdioUpstream("acme-tools"), "acme"),
                Tenant(GatewayConfig.StdioUpstream("globex-tools"), "globex"),
                GatewayConfig.StdioUpstream("shared"),
                // Nothing listens on port 9: an upstream of globex's that is down, so its names route by prefix.
                Tenant(GatewayConfig.HttpUpstream("globex-down", "http://127.0.0.1:9/mcp"), "globex"));
            config["Auth"] = new JsonObject
            {
                ["ApiKeys"] = new JsonArray(
                    GatewayConfig.TenantApiKey("acme-user", AcmeKey, "acme"),
                    GatewayConfig.TenantApiKey("globex-user", GlobexKey, "globex"),
                    GatewayConfig.ApiKey("root", RootKey, "admin")),
                ["Jwt"] = new JsonObject { ["SigningKey"] = SigningKey, ["Issuer"] = "tests", ["Audience"] = "gateway" },
            };
            Gateway = await GatewayInstance.StartAsync(config);
            await Gateway.WaitForUpstreamsWithKeyAsync(RootKey, "acme-tools", "globex-tools", "shared");
        }

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();

        private static JsonObject Tenant(JsonObject upstream, string tenant)
        {
            upstream["Tenant"] = tenant;
            return upstream;
        }
    }
}
