using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tests;

public sealed class SessionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task DefaultClient_ConnectsWithoutWaitingForDiscoverProbeTimeout(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        var stopwatch = Stopwatch.StartNew();

        await using var client = await upstream.ConnectAsync(new McpClientOptions());

        stopwatch.Stop();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"connect took {stopwatch.Elapsed}");
        Assert.Equal("test-upstream", client.ServerInfo?.Name);
        Console.WriteLine($"{mode}: negotiated {client.NegotiatedProtocolVersion} in {stopwatch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task TwoClients_HaveSeparateSessions(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var first = await upstream.ConnectAsync();
        await using var second = await upstream.ConnectAsync();

        var firstId = ToolTests.Text(await first.CallToolAsync("whoami"));
        var secondId = ToolTests.Text(await second.CallToolAsync("whoami"));
        await first.CallToolAsync("counter");
        var firstCount = ToolTests.Text(await first.CallToolAsync("counter"));
        var secondCount = ToolTests.Text(await second.CallToolAsync("counter"));

        Assert.NotEqual(firstId, secondId);
        Assert.Equal(firstId, ToolTests.Text(await first.CallToolAsync("whoami")));
        if (mode == "http")
        {
            // whoami answers the Mcp-Session-Id the client was given.
            Assert.Equal(first.SessionId, firstId);
            Assert.Equal(second.SessionId, secondId);
        }

        Assert.Equal("2", firstCount);
        Assert.Equal("1", secondCount);
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task AddTool_SendsToolListChangedAndListsNewTool(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();
        var changed = Signal(client, NotificationMethods.ToolListChangedNotification);

        var result = await client.CallToolAsync("add_tool", new Dictionary<string, object?> { ["name"] = "late" });

        Assert.Equal("added late", ToolTests.Text(result));
        await changed.WaitAsync(s_timeout);
        Assert.Contains("late", (await client.ListToolsAsync()).Select(t => t.Name));
        Assert.Equal("dynamic", ToolTests.Text(await client.CallToolAsync("late")));
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task SetDescription_ChangesOnlyTheDescriptionAndSendsToolListChanged(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();
        var before = (await client.ListToolsAsync()).Single(t => t.Name == "add").ProtocolTool;
        var changed = Signal(client, NotificationMethods.ToolListChangedNotification);

        var result = await client.CallToolAsync("set_description", new Dictionary<string, object?> { ["name"] = "add", ["description"] = "Adds, and more." });

        Assert.Equal("changed add", ToolTests.Text(result));
        await changed.WaitAsync(s_timeout);
        var after = (await client.ListToolsAsync()).Single(t => t.Name == "add").ProtocolTool;
        Assert.Equal("Adds, and more.", after.Description);
        Assert.Equal(before.InputSchema.GetRawText(), after.InputSchema.GetRawText());
        Assert.Equal("5", ToolTests.Text(await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 })));
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task RenameTool_ListsTheSameToolUnderTheNewNameOnly(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();
        var before = (await client.ListToolsAsync()).Single(t => t.Name == "echo").ProtocolTool;
        var changed = Signal(client, NotificationMethods.ToolListChangedNotification);

        await client.CallToolAsync("rename_tool", new Dictionary<string, object?> { ["name"] = "echo", ["new_name"] = "repeat" });

        await changed.WaitAsync(s_timeout);
        var tools = (await client.ListToolsAsync()).Select(t => t.ProtocolTool).ToList();
        Assert.DoesNotContain(tools, t => t.Name == "echo");
        Assert.Equal(before.Description, tools.Single(t => t.Name == "repeat").Description);
        Assert.Equal("hi", ToolTests.Text(await client.CallToolAsync("repeat", new Dictionary<string, object?> { ["message"] = "hi" })));
        await Assert.ThrowsAsync<McpProtocolException>(() =>
            client.CallToolAsync("rename_tool", new Dictionary<string, object?> { ["name"] = "repeat", ["new_name"] = "add" }).AsTask());
    }

    [Fact]
    public async Task AddTool_OverHttp_NotifiesOtherSessionsOnTheirGetStream()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http");
        await using var caller = await upstream.ConnectAsync();
        await using var bystander = await upstream.ConnectAsync();
        var changed = Signal(bystander, NotificationMethods.ToolListChangedNotification);

        // The SDK client opens its GET stream in the background after initialize; ping both ways so it is up.
        await bystander.PingAsync();
        await Task.Delay(500);
        await caller.CallToolAsync("add_tool", new Dictionary<string, object?> { ["name"] = "shared" });

        await changed.WaitAsync(s_timeout);
        Assert.Contains("shared", (await bystander.ListToolsAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task ExpireSessions_EndsEverySession_AndItsIdThenGets404()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http");
        await using var first = await upstream.ConnectAsync();
        await using var second = await upstream.ConnectAsync();
        await first.CallToolAsync("whoami");
        using var http = new HttpClient();
        Assert.Equal(2, await StatAsync(http, upstream, "sessions"));

        using var expire = await http.PostAsync(new Uri(upstream.Endpoint!, "/test/expire-sessions"), null);
        var expired = (long)(await expire.Content.ReadFromJsonAsync<JsonObject>())!["expired"]!;
        using var stale = new HttpRequestMessage(HttpMethod.Post, upstream.Endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":9,"method":"ping"}""", Encoding.UTF8, "application/json"),
        };
        stale.Headers.Accept.ParseAdd("application/json, text/event-stream");
        stale.Headers.Add("Mcp-Session-Id", first.SessionId);
        using var answer = await http.SendAsync(stale);

        Assert.Equal(2, expired);
        Assert.Equal(0, await StatAsync(http, upstream, "sessions"));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task Log_AfterSetLevel_SendsOnlyMessagesAtOrAboveLevel(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);

        // logging/setLevel exists only up to 2025-11-25; a default client over stdio negotiates 2026-07-28.
        await using var client = await upstream.ConnectAsync(new McpClientOptions { ProtocolVersion = "2025-11-25" });
        var messages = new List<JsonRpcNotification>();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.LoggingMessageNotification, (n, _) =>
        {
            lock (messages)
            {
                messages.Add(n);
            }

            received.TrySetResult();
            return ValueTask.CompletedTask;
        });

        await client.SetLoggingLevelAsync(LoggingLevel.Warning);
        var below = await client.CallToolAsync("log", new Dictionary<string, object?> { ["level"] = "info", ["message"] = "quiet" });
        var above = await client.CallToolAsync("log", new Dictionary<string, object?> { ["level"] = "error", ["message"] = "loud" });

        await received.Task.WaitAsync(s_timeout);
        Assert.StartsWith("suppressed", ToolTests.Text(below));
        Assert.Equal("logged", ToolTests.Text(above));
        lock (messages)
        {
            var only = Assert.Single(messages);
            Assert.Contains("loud", only.Params!.ToJsonString());
            Assert.Contains("\"level\":\"error\"", only.Params!.ToJsonString());
        }
    }

    [Fact]
    public async Task Log_Under2026RevisionWithoutLogLevel_SendsNothing()
    {
        await using var upstream = await UpstreamProcess.StartAsync("stdio");
        await using var client = await upstream.ConnectAsync();

        // SEP-2575: without _meta logLevel the server MUST NOT send log notifications. McpClient 2.3.1
        // strips a caller-supplied logLevel from _meta, so the positive case is covered by RawStdioTests.
        var result = await client.CallToolAsync("log", new Dictionary<string, object?> { ["level"] = "error", ["message"] = "unasked" });

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.StartsWith("suppressed", ToolTests.Text(result));
    }

    private static async Task<long> StatAsync(HttpClient http, UpstreamProcess upstream, string name) =>
        (long)(await http.GetFromJsonAsync<JsonObject>(new Uri(upstream.Endpoint!, "/test/stats")))![name]!;

    private static Task Signal(McpClient client, string method)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.RegisterNotificationHandler(method, (_, _) =>
        {
            signal.TrySetResult();
            return ValueTask.CompletedTask;
        });
        return signal.Task;
    }
}
