using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Isolated.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace Gateway.Isolated.Tests.BadInput;

/// <summary>
/// The bad-input suite: every way of attacking or misusing the gateway the security review found,
/// and the neighbours of each, as one table. Each row is refused with its HTTP status (and JSON-RPC
/// code where it is one) and a message naming the problem; after each, a session opened before the
/// row still gets its tools/call answered and the silo is still ready. It runs inside the isolated
/// namespace, so that the SSRF rows could reach nothing even if the guard failed.
/// </summary>
public sealed class BadInputSuiteTests(BadInputSuiteTests.Target target) : IClassFixture<BadInputSuiteTests.Target>
{
    public const string AdminKey = "suite-admin-0123456789abcdef01234567";
    public const string ViewerKey = "suite-viewer-0123456789abcdef0123456";
    public const string AnalystKey = "suite-analyst-0123456789abcdef012345";
    public const string UserKey = "suite-user-0123456789abcdef012345678";
    public const string SigningKey = "suite-signing-key-that-is-long-enough-for-hs256";

    /// <summary>A secret in the gateway's own environment, which no stdio child may see.</summary>
    public const string GatewaySecretName = "SUITE_GATEWAY_SECRET";
    public const string GatewaySecretValue = "s3cret-of-the-gateway-0123456789";

    /// <param name="Name">What the row tries, and which finding it belongs to.</param>
    /// <param name="Code">The JSON-RPC error code, for rows answered with one.</param>
    public sealed record Row(string Name, string Method, string Path, string? Body, string? Key, HttpStatusCode Status, int? Code, string Message,
        string? Session = null, Dictionary<string, string>? Headers = null)
    {
        public override string ToString() => Name;
    }

    private const string Init = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"suite","version":"1"}}}""";
    private const string Live = "LIVE";

    private static string Upstream(string url, string name = "probe") => $$"""{"name":"{{name}}","transport":"http","url":"{{url}}"}""";

    private static string Call(string tool, string arguments = "{}") =>
        $$$"""{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}}}}""";

    public static TheoryData<Row> Rows() =>
    [
        // 1. Any key holder was an administrator; commands came from the admin API.
        new("1: a key without roles adds a stdio upstream", "POST", "/admin/upstreams", """{"name":"x","transport":"stdio","command":"sh","args":["-c","touch /tmp/suite-pwned"]}""", UserKey, HttpStatusCode.Forbidden, null, "needs the role admin"),
        new("1: a viewer adds an upstream", "POST", "/admin/upstreams", Upstream("http://allowed.test/mcp"), ViewerKey, HttpStatusCode.Forbidden, null, "needs the role admin"),
        new("1: a key without roles reads the admin API", "GET", "/admin/upstreams", null, UserKey, HttpStatusCode.Forbidden, null, "needs the role viewer or admin"),
        new("1: an admin adds a stdio upstream the operator did not allow", "POST", "/admin/upstreams", """{"name":"x","transport":"stdio","command":"sh","args":["-c","id"]}""", AdminKey, HttpStatusCode.Forbidden, null, "Gateway:Admin:AllowStdioUpstreams"),
        new("1: a viewer creates a key", "POST", "/admin/keys", """{"name":"mine","roles":["admin"]}""", ViewerKey, HttpStatusCode.Forbidden, null, "needs the role admin"),
        new("1: a viewer removes an upstream", "DELETE", "/admin/upstreams/home", null, ViewerKey, HttpStatusCode.Forbidden, null, "needs the role admin"),

        // 3. References sent the gateway's variables and files anywhere.
        new("3: an env:// header the operator did not allow", "POST", "/admin/upstreams", """{"name":"x","transport":"http","url":"http://allowed.test/mcp","headers":{"X":"env://SUITE_GATEWAY_SECRET"}}""", AdminKey, HttpStatusCode.BadRequest, null, "AllowedSecretReferences"),
        new("3: a file:// header", "POST", "/admin/upstreams", """{"name":"x","transport":"http","url":"http://allowed.test/mcp","headers":{"X":"file:///etc/shadow"}}""", AdminKey, HttpStatusCode.BadRequest, null, "AllowedSecretReferences"),
        new("3: a reference in the URL", "POST", "/admin/upstreams", """{"name":"x","transport":"http","url":"env://SUITE_GATEWAY_SECRET"}""", AdminKey, HttpStatusCode.BadRequest, null, "AllowedSecretReferences"),

        // 4. SSRF: internal addresses in every spelling.
        new("4: the metadata address", "POST", "/admin/upstreams", Upstream("http://169.254.169.254/latest"), AdminKey, HttpStatusCode.BadRequest, null, "169.254.169.254"),
        new("4: a short form with a port (127.1:22)", "POST", "/admin/upstreams", Upstream("http://127.1:22/"), AdminKey, HttpStatusCode.BadRequest, null, "loopback"),
        new("4: hex (0x7f000001)", "POST", "/admin/upstreams", Upstream("http://0x7f000001/mcp"), AdminKey, HttpStatusCode.BadRequest, null, "loopback"),
        new("4: decimal (2130706433)", "POST", "/admin/upstreams", Upstream("http://2130706433/mcp"), AdminKey, HttpStatusCode.BadRequest, null, "loopback"),
        new("4: octal (0177.0.0.1)", "POST", "/admin/upstreams", Upstream("http://0177.0.0.1/mcp"), AdminKey, HttpStatusCode.BadRequest, null, "loopback"),
        new("4: a trailing dot (127.0.0.1.)", "POST", "/admin/upstreams", Upstream("http://127.0.0.1./mcp"), AdminKey, HttpStatusCode.BadRequest, null, "loopback"),
        new("4: IPv4-mapped metadata ([::ffff:169.254.169.254])", "POST", "/admin/upstreams", Upstream("http://[::ffff:169.254.169.254]/"), AdminKey, HttpStatusCode.BadRequest, null, "169.254.169.254"),
        new("4: IPv6 loopback ([::1])", "POST", "/admin/upstreams", Upstream("http://[::1]:4444/mcp"), AdminKey, HttpStatusCode.BadRequest, null, "loopback"),
        new("4: a private network (10.1.2.3)", "POST", "/admin/upstreams", Upstream("http://10.1.2.3/mcp"), AdminKey, HttpStatusCode.BadRequest, null, "private"),
        new("4: a unique local IPv6 ([fd00::1])", "POST", "/admin/upstreams", Upstream("http://[fd00::1]/mcp"), AdminKey, HttpStatusCode.BadRequest, null, "fd00::1"),
        new("4: the unspecified address (0.0.0.0)", "POST", "/admin/upstreams", Upstream("http://0.0.0.0/mcp"), AdminKey, HttpStatusCode.BadRequest, null, "0.0.0.0"),
        new("4: localhost by name", "POST", "/admin/upstreams", Upstream("http://localhost:4444/admin/upstreams"), AdminKey, HttpStatusCode.BadRequest, null, "localhost"),
        new("4: the gateway's own admin URL", "POST", "/admin/upstreams", Upstream(Live + "/admin/upstreams"), AdminKey, HttpStatusCode.BadRequest, null, "loopback"),

        // 5. Names matched with '$' let a trailing newline through.
        new("5: an upstream name with a trailing LF", "POST", "/admin/upstreams", "{\"name\":\"evil\\n\",\"transport\":\"http\",\"url\":\"http://allowed.test/mcp\"}", AdminKey, HttpStatusCode.BadRequest, null, "not a valid upstream name"),
        new("5: an upstream name with a NUL", "POST", "/admin/upstreams", "{\"name\":\"evil\\u0000\",\"transport\":\"http\",\"url\":\"http://allowed.test/mcp\"}", AdminKey, HttpStatusCode.BadRequest, null, "not a valid upstream name"),
        new("5: a key name with a trailing LF", "POST", "/admin/keys", "{\"name\":\"k\\n\"}", AdminKey, HttpStatusCode.BadRequest, null, "not a valid key name"),
        new("5: a header with CR/LF in its value", "POST", "/admin/upstreams", "{\"name\":\"x\",\"transport\":\"http\",\"url\":\"http://allowed.test/mcp\",\"headers\":{\"X\":\"a\\r\\nInjected: 1\"}}", AdminKey, HttpStatusCode.BadRequest, null, "control character"),

        // 6. Forged session ids.
        new("6: a well-formed session id never minted", "POST", "/mcp", """{"jsonrpc":"2.0","id":2,"method":"ping"}""", AnalystKey, HttpStatusCode.NotFound, null, "ession", Session: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        new("6: a session id of the wrong shape", "POST", "/mcp", """{"jsonrpc":"2.0","id":2,"method":"ping"}""", AnalystKey, HttpStatusCode.NotFound, null, "ession", Session: "../../etc/passwd"),
        new("6: another principal's session", "POST", "/mcp", """{"jsonrpc":"2.0","id":2,"method":"ping"}""", ViewerKey, HttpStatusCode.NotFound, null, "ession", Session: Live),

        // 7. Origins and Host (DNS rebinding).
        new("7: an admin write from another local origin", "DELETE", "/admin/upstreams/home", null, AdminKey, HttpStatusCode.Forbidden, null, "may not change this gateway", Headers: new() { ["Origin"] = "http://localhost:1" }),
        new("7: a foreign origin on MCP", "POST", "/mcp", Init, AnalystKey, HttpStatusCode.Forbidden, null, "evil.example", Headers: new() { ["Origin"] = "http://evil.example" }),
        new("7: a Host the gateway does not answer to", "GET", "/admin/upstreams", null, AdminKey, HttpStatusCode.BadRequest, null, "rebound.example", Headers: new() { ["Host"] = "rebound.example" }),

        // 8 and tokens: credentials.
        new("8: a key nobody was given", "POST", "/mcp", Init, "change-me", HttpStatusCode.Unauthorized, null, "API key is not valid"),
        new("token: expired", "POST", "/mcp", Init, Token(expires: DateTime.UtcNow.AddMinutes(-5)), HttpStatusCode.Unauthorized, null, "expired"),
        new("token: another audience", "POST", "/mcp", Init, Token(audience: "another-api"), HttpStatusCode.Unauthorized, null, "not issued for this gateway"),
        new("token: another issuer", "POST", "/mcp", Init, Token(issuer: "elsewhere"), HttpStatusCode.Unauthorized, null, "issuer"),
        new("token: alg none", "POST", "/mcp", Init, TestTokens.Unsigned("suite"), HttpStatusCode.Unauthorized, null, "signature"),
        new("token: signed with another key", "POST", "/mcp", Init, Token(key: "another-signing-key-long-enough-for-hs256!"), HttpStatusCode.Unauthorized, null, "signature"),
        new("token: in the query string", "POST", "/mcp?access_token=" + Token(), Init, null, HttpStatusCode.Unauthorized, null, "query string"),
        new("no credential at all", "POST", "/mcp", Init, null, HttpStatusCode.Unauthorized, null, "Authentication required"),

        // 9. Oversize bodies are refused, not logged as failures.
        new("9: an admin body over the limit", "POST", "/admin/upstreams", "{\"name\":\"" + new string('a', 70_000) + "\"}", AdminKey, HttpStatusCode.RequestEntityTooLarge, null, "larger than the limit"),
        new("9: an MCP body over the limit", "POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + new string('a', 70_000) + "\"}}", AnalystKey, HttpStatusCode.RequestEntityTooLarge, null, ""),

        // The front door's own refusals.
        new("mcp: not JSON", "POST", "/mcp", "{\"jsonrpc\":", AnalystKey, HttpStatusCode.BadRequest, -32700, "", Session: Live),
        new("mcp: JSON deeper than the limit", "POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + new string('[', 200) + new string(']', 200) + "}", AnalystKey, HttpStatusCode.BadRequest, -32700, "", Session: Live),
        new("mcp: no method", "POST", "/mcp", """{"jsonrpc":"2.0","id":3}""", AnalystKey, HttpStatusCode.BadRequest, -32600, "", Session: Live),
        new("mcp: an unknown method", "POST", "/mcp", """{"jsonrpc":"2.0","id":3,"method":"tools/destroy"}""", AnalystKey, HttpStatusCode.OK, -32601, "tools/destroy", Session: Live),
        new("mcp: an unknown tool", "POST", "/mcp", Call("home__nope"), AnalystKey, HttpStatusCode.OK, -32602, "home__nope", Session: Live),
        new("mcp: tools/call without a name", "POST", "/mcp", """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{}}""", AnalystKey, HttpStatusCode.OK, -32602, "params.name", Session: Live),
        new("mcp: a tool the caller's roles do not open", "POST", "/mcp", Call("home__add", """{"a":1,"b":2}"""), ViewerKey, HttpStatusCode.OK, -32055, "needs the role analyst", Session: "VIEWER"),
        new("mcp: an unsupported protocol version", "POST", "/mcp", """{"jsonrpc":"2.0","id":3,"method":"ping"}""", AnalystKey, HttpStatusCode.BadRequest, -32600, "1999-01-01", Session: Live, Headers: new() { ["MCP-Protocol-Version"] = "1999-01-01" }),
        new("mcp: a GET that does not accept an event stream", "GET", "/mcp", null, AnalystKey, HttpStatusCode.NotAcceptable, -32600, "text/event-stream", Session: Live, Headers: new() { ["Accept"] = "application/json" }),
        new("mcp: a virtual server that does not exist", "POST", "/servers/nope/mcp", Init, AnalystKey, HttpStatusCode.NotFound, -32600, "nope"),
        new("fuzz: a header value of null", "POST", "/admin/upstreams", """{"name":"x","transport":"http","url":"http://allowed.test/mcp","headers":{"X":null}}""", AdminKey, HttpStatusCode.BadRequest, null, "has no value"),
        new("fuzz: an argument of null", "POST", "/admin/upstreams", """{"name":"x","transport":"http","url":"http://allowed.test/mcp","args":[null]}""", AdminKey, HttpStatusCode.BadRequest, null, "a list item is null"),
        new("admin: not JSON", "POST", "/admin/upstreams", "{nope", AdminKey, HttpStatusCode.BadRequest, null, "not an upstream definition"),
        new("admin: an unknown grain kind", "GET", "/admin/cluster/grains/rocket/x", null, AdminKey, HttpStatusCode.BadRequest, null, "rocket"),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Row_IsRefusedNamingTheProblem_AndTheGatewayStillServes(Row row)
    {
        using var request = ClientRequests.Create(row.Method, row.Path, row.Body?.Replace(Live, target.Gateway.BaseUrl), row.Key);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");

        if (row.Session is { } session)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session switch { Live => target.AnalystSession, "VIEWER" => target.ViewerSession, _ => session });
        }

        foreach (var (name, value) in row.Headers ?? [])
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await target.Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(row.Status == response.StatusCode, $"{row.Name}: expected {(int)row.Status}, got {(int)response.StatusCode}: {text}");
        if (row.Code is { } code)
        {
            var error = JsonNode.Parse(text)?["error"];
            Assert.True(code == (int?)error?["code"], $"{row.Name}: expected JSON-RPC {code}: {text}");
        }

        Assert.True(text.Contains(row.Message, StringComparison.Ordinal), $"{row.Name}: '{row.Message}' not in: {text}");
        Assert.False(File.Exists("/tmp/suite-pwned"), "a command ran");
        await target.AssertStillServesAsync();
    }

    /// <summary>Found by the fuzz job: a string that is not UTF-8 passed the parser and failed later, a 500.</summary>
    [Fact]
    public async Task BodyThatIsNotUtf8_IsAParseError()
    {
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"ini__tialize","method":"ping"}""");
        body[23] = 0xFF;
        body[24] = 0xFE;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + AnalystKey);
        request.Headers.TryAddWithoutValidation("Mcp-Session-Id", target.AnalystSession);

        using var response = await target.Gateway.Http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"];

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32700, (int?)error?["code"]);
        Assert.Contains("not valid UTF-8", (string?)error?["message"]);
        await target.AssertStillServesAsync();
    }

    [Fact]
    public async Task StdioChildReadingItsEnvironment_SeesItsDeclaredVariables_AndNoneOfTheGateways()
    {
        var all = FuzzlessText(await target.Analyst.CallToolAsync("home__env", new Dictionary<string, object?>()));

        Assert.Contains("DECLARED_FOR_HOME", all);
        Assert.DoesNotContain(GatewaySecretName, all);
        Assert.DoesNotContain(GatewaySecretValue, all);
        Assert.DoesNotContain(AdminKey, all);
        Assert.DoesNotContain("Gateway__", all);
        await target.AssertStillServesAsync();
    }

    [Theory]
    [InlineData("; touch /tmp/suite-injected")]
    [InlineData("$(touch /tmp/suite-injected)")]
    [InlineData("`touch /tmp/suite-injected`")]
    [InlineData("| touch /tmp/suite-injected")]
    [InlineData("&& touch /tmp/suite-injected\n")]
    public async Task CommandInjectionInAToolArgument_IsJustText(string argument)
    {
        var echoed = FuzzlessText(await target.Analyst.CallToolAsync("home__echo", new Dictionary<string, object?> { ["message"] = argument }));

        Assert.Equal(argument, echoed);
        Assert.False(File.Exists("/tmp/suite-injected"));
        await target.AssertStillServesAsync();
    }

    private static string FuzzlessText(ModelContextProtocol.Protocol.CallToolResult result) =>
        string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text));

    private static string Token(string key = SigningKey, string issuer = "suite", string audience = "gateway", DateTime? expires = null) =>
        TestTokens.Hs256(key, issuer, audience, "mallory", expires);

    /// <summary>
    /// One gateway for the suite: auth on (four keys and HS256 tokens), tool policies, a 64 KB body
    /// limit, the SSRF guard with nothing allowed but allowed.test, and the test upstream "home" as
    /// a stdio child with one declared variable, while the gateway's own environment holds a secret.
    /// </summary>
    public sealed class Target : IAsyncLifetime
    {
        public GatewayInstance Gateway { get; private set; } = null!;

        public McpClient Analyst { get; private set; } = null!;

        public string AnalystSession { get; private set; } = "";

        public string ViewerSession { get; private set; } = "";

        public async Task InitializeAsync()
        {
            IsolatedNetwork.Require();
            Environment.SetEnvironmentVariable(GatewaySecretName, GatewaySecretValue);
            var home = GatewayConfig.StdioUpstream("home");
            home["Env"] = new JsonObject { ["DECLARED_FOR_HOME"] = "yes" };
            var config = GatewayConfig.Config(home);
            config["Auth"] = new JsonObject
            {
                ["ApiKeys"] = new JsonArray(
                    GatewayConfig.ApiKey("root", AdminKey, "admin"),
                    GatewayConfig.ApiKey("vic", ViewerKey, "viewer"),
                    GatewayConfig.ApiKey("ana", AnalystKey, "analyst"),
                    GatewayConfig.ApiKey("bob", UserKey)),
                ["Jwt"] = new JsonObject { ["SigningKey"] = SigningKey, ["Issuer"] = "suite", ["Audience"] = "gateway" },
            };
            config["Authorization"] = new JsonObject
            {
                ["Tools"] = new JsonArray(
                    new JsonObject { ["Tool"] = "home__add", ["Roles"] = new JsonArray("analyst") },
                    new JsonObject { ["Tool"] = "*", ["Roles"] = new JsonArray("viewer", "analyst") }),
            };
            config["Http"] = new JsonObject { ["MaxRequestBodyBytes"] = 65536 };
            config["Network"] = new JsonObject { ["AllowedUpstreamHosts"] = new JsonArray(IsolatedNetwork.AllowedName) };
            Gateway = await GatewayInstance.StartAsync(config);
            await Gateway.WaitForUpstreamsWithKeyAsync(AdminKey, "home");
            Analyst = await Gateway.ConnectAsync(apiKey: AnalystKey);
            AnalystSession = Analyst.SessionId!;
            ViewerSession = await OpenAsync(ViewerKey);
        }

        public async Task AssertStillServesAsync()
        {
            var message = $"still serving {Guid.NewGuid():N}";
            Assert.Equal(message, FuzzlessText(await Analyst.CallToolAsync("home__echo", new Dictionary<string, object?> { ["message"] = message })));
            Assert.True((await Gateway.Http.GetAsync("/health/ready")).IsSuccessStatusCode, "the silo is no longer ready");
        }

        public async Task DisposeAsync()
        {
            Environment.SetEnvironmentVariable(GatewaySecretName, null);
            if (Analyst is not null)
            {
                await Analyst.DisposeAsync();
            }

            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }
        }

        private async Task<string> OpenAsync(string key)
        {
            using var request = ClientRequests.Create("POST", "/mcp", Init, key);
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            using var response = await Gateway.Http.SendAsync(request);
            return response.Headers.GetValues("Mcp-Session-Id").Single();
        }
    }
}
