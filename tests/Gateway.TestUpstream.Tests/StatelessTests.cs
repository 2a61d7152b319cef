using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tests;

/// <summary><c>http --stateless</c>: an upstream that speaks only 2026-07-28, with no sessions and no initialize.</summary>
public sealed class StatelessTests
{
    private const string Revision = "2026-07-28";

    private const string Meta =
        """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},"io.modelcontextprotocol/clientCapabilities":{"sampling":{}},"io.modelcontextprotocol/logLevel":"warning"}""";

    [Fact]
    public async Task Client2026_ListsAndCallsTools_WithoutASession()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--stateless");
        await using var client = await upstream.ConnectAsync(new McpClientOptions { ProtocolVersion = Revision });

        var tools = await client.ListToolsAsync();
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "no session" });
        var first = ToolTests.Text(await client.CallToolAsync("whoami"));
        var second = ToolTests.Text(await client.CallToolAsync("whoami"));
        var counter = ToolTests.Text(await client.CallToolAsync("counter"));

        Assert.Equal(Revision, client.NegotiatedProtocolVersion);
        Assert.Null(client.SessionId);
        Assert.Contains("ask_sampling", tools.Select(t => t.Name));
        Assert.Equal("no session", ToolTests.Text(echo));
        Assert.NotEqual(first, second);
        Assert.Equal("1", ToolTests.Text(await client.CallToolAsync("counter")));
        Assert.Equal("1", counter);
        Assert.Equal(0, await StatAsync(upstream, "sessions"));
    }

    [Fact]
    public async Task Client2025_IsRefusedWithUnsupportedProtocolVersionNaming2026()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--stateless");

        var refused = await Assert.ThrowsAsync<UnsupportedProtocolVersionException>(() =>
            upstream.ConnectAsync(new McpClientOptions { ProtocolVersion = "2025-11-25" }));

        Assert.Equal(McpErrorCode.UnsupportedProtocolVersion, refused.ErrorCode);
        Assert.Equal("2025-11-25", refused.Requested);
        Assert.Equal([Revision], refused.Supported);
        Assert.Contains("serves only 2026-07-28", refused.Message);
    }

    [Fact]
    public async Task Initialize_GetsA400WithTheSupportedVersion_AndTheProcessStaysUp()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--stateless");
        using var http = new HttpClient();

        using var initialize = await http.SendAsync(Post(upstream.Endpoint!,
            """{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""));
        using var headerless = await http.SendAsync(Post(upstream.Endpoint!, """{"jsonrpc":"2.0","id":8,"method":"tools/list"}"""));
        var error = (await initialize.Content.ReadFromJsonAsync<JsonObject>())!;
        var headerlessError = (await headerless.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.BadRequest, initialize.StatusCode);
        Assert.Equal(7, (int)error["id"]!);
        Assert.Equal((int)McpErrorCode.UnsupportedProtocolVersion, (int)error["error"]!["code"]!);
        Assert.Equal([Revision], error["error"]!["data"]!["supported"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("2025-06-18", (string?)error["error"]!["data"]!["requested"]);
        Assert.Equal(HttpStatusCode.BadRequest, headerless.StatusCode);
        Assert.Equal("2025-03-26", (string?)headerlessError["error"]!["data"]!["requested"]);
        await using var client = await upstream.ConnectAsync(new McpClientOptions { ProtocolVersion = Revision });
        Assert.Equal("up", ToolTests.Text(await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "up" })));
    }

    [Fact]
    public async Task AskSampling_AnswersInputRequired_AndTheRetryCarryingTheAnswerCompletes()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--stateless");
        using var http = new HttpClient();
        const string Call = """"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ask_sampling","arguments":{"prompt":"hi"},{{INPUT}}"_meta":{{META}}}}"""";

        var first = await PostToolCallAsync(http, upstream, "ask_sampling", Call.Replace("{{INPUT}}", "").Replace("{{META}}", Meta));
        var retry = await PostToolCallAsync(http, upstream, "ask_sampling", Call
            .Replace("{{INPUT}}", """ "inputResponses":{"sampling":{"role":"assistant","content":[{"type":"text","text":"hello back"}],"model":"m-1"}}, """)
            .Replace("{{META}}", Meta));

        Assert.Equal("input_required", (string?)first["result"]!["resultType"]);
        Assert.Equal("sampling/createMessage", (string?)first["result"]!["inputRequests"]!["sampling"]!["method"]);
        Assert.Equal("hi", (string?)first["result"]!["inputRequests"]!["sampling"]!["params"]!["messages"]![0]!["content"]!["text"]);
        Assert.Equal("sampled by m-1: hello back", (string?)retry["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task AskingTools_ReachTheSdkClientsHandlers_ThroughInputRequiredRounds()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--stateless");
        var asked = new List<string>();
        await using var client = await upstream.ConnectAsync(new McpClientOptions
        {
            ProtocolVersion = Revision,
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, _, _) =>
                {
                    lock (asked)
                    {
                        asked.Add("sampling");
                    }

                    var prompt = request!.Messages.Single().Content.OfType<TextContentBlock>().Single().Text;
                    return ValueTask.FromResult(new CreateMessageResult { Model = "m-2", Role = Role.Assistant, Content = [new TextContentBlock { Text = prompt.ToUpperInvariant() }] });
                },
                ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, System.Text.Json.JsonElement> { ["name"] = System.Text.Json.JsonSerializer.SerializeToElement("Ada") },
                }),
                RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult { Roots = [new Root { Uri = "file:///work" }, new Root { Uri = "file:///tmp" }] }),
            },
        });

        var sampled = await client.CallToolAsync("ask_sampling", new Dictionary<string, object?> { ["prompt"] = "shout" });
        var elicited = await client.CallToolAsync("ask_elicitation", new Dictionary<string, object?> { ["message"] = "who?" });
        var roots = await client.CallToolAsync("list_roots");
        var withdrawn = await client.CallToolAsync("ask_sampling_cancelled", new Dictionary<string, object?> { ["after_ms"] = 10 });

        Assert.Equal("sampled by m-2: SHOUT", ToolTests.Text(sampled));
        Assert.Equal("accept: Ada", ToolTests.Text(elicited));
        Assert.Equal("file:///work\nfile:///tmp", ToolTests.Text(roots));
        Assert.True(withdrawn.IsError);
        Assert.Contains("input_required", ToolTests.Text(withdrawn));
        Assert.Equal(["sampling"], asked);
    }

    [Fact]
    public async Task AskSampling_WhenTheRequestDeclaresNoSampling_IsAToolError()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--stateless");
        await using var client = await upstream.ConnectAsync(new McpClientOptions { ProtocolVersion = Revision });

        var result = await client.CallToolAsync("ask_sampling", new Dictionary<string, object?> { ["prompt"] = "hi" });

        Assert.True(result.IsError);
        Assert.Equal("the client offers no sampling", ToolTests.Text(result));
    }

    [Fact]
    public async Task Log_WithMetaLogLevel_SendsOnlyMessagesAtOrAboveIt_OnThePostStream()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--stateless");
        using var http = new HttpClient();
        const string Call = """"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log","arguments":{"level":"{{LEVEL}}","message":"{{MESSAGE}}"},"_meta":{{META}}}}"""";

        var quiet = await PostAsync(http, upstream, "log", Call.Replace("{{LEVEL}}", "info").Replace("{{MESSAGE}}", "quiet").Replace("{{META}}", Meta));
        var loud = await PostAsync(http, upstream, "log", Call.Replace("{{LEVEL}}", "error").Replace("{{MESSAGE}}", "loud").Replace("{{META}}", Meta));

        var quietResult = Assert.Single(quiet);
        Assert.StartsWith("suppressed", (string?)quietResult["result"]!["content"]![0]!["text"]);
        Assert.Equal(2, loud.Count);
        Assert.Equal("notifications/message", (string?)loud[0]["method"]);
        Assert.Equal("loud", (string?)loud[0]["params"]!["data"]);
        Assert.Equal("logged", (string?)loud[1]["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Stateless_OverStdio_IsABadCommandLine()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [UpstreamProcess.DllPath, "stdio", "--stateless"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("'--stateless' applies to http only", error);
    }

    private static async Task<JsonObject> PostToolCallAsync(HttpClient http, UpstreamProcess upstream, string tool, string body) =>
        (await PostAsync(http, upstream, tool, body))[^1];

    /// <summary>A 2026-07-28 tools/call; returns the messages of its SSE response in order.</summary>
    private static async Task<List<JsonObject>> PostAsync(HttpClient http, UpstreamProcess upstream, string tool, string body)
    {
        using var request = Post(upstream.Endpoint!, body);
        request.Headers.Add("MCP-Protocol-Version", Revision);
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", tool);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l["data: ".Length..])!.AsObject())];
    }

    private static HttpRequestMessage Post(Uri endpoint, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return request;
    }

    private static async Task<long> StatAsync(UpstreamProcess upstream, string name)
    {
        using var http = new HttpClient();
        return (long)(await http.GetFromJsonAsync<JsonObject>(new Uri(upstream.Endpoint!, "/test/stats")))![name]!;
    }
}
