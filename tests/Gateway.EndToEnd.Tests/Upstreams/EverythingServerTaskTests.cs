using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Upstreams;

/// <summary>
/// MCP tasks (2025-11-25) through the silo executable, against the npm "everything" server's
/// simulate-research-query (execution.taskSupport "required"; about four seconds of work), spoken
/// as raw JSON-RPC because the C# SDK has no tasks.
/// </summary>
public sealed class EverythingServerTaskTests(EverythingServerFixture fixture, ITestOutputHelper output)
    : IClassFixture<EverythingServerFixture>, IDisposable
{
    private const string Tool = "everything__simulate-research-query";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Initialize_On2025_11_25_DeclaresTasksForToolCalls()
    {
        var session = await RawMcpSession.OpenAsync(Silo.Http);

        var tasks = session.Initialize["result"]?["capabilities"]?["tasks"];

        Assert.NotNull(tasks?["list"]);
        Assert.NotNull(tasks?["cancel"]);
        Assert.NotNull(tasks?["requests"]?["tools"]?["call"]);
    }

    [Fact]
    public async Task ListTools_ShowsSimulateResearchQueryWithTaskSupportRequired()
    {
        var session = await RawMcpSession.OpenAsync(Silo.Http);

        var tool = await FindToolAsync(session, Tool);

        Assert.Equal("required", (string?)tool?["execution"]?["taskSupport"]);
    }

    [Fact]
    public async Task CallTool_WithTask_RunsAsAGatewayTaskToItsResult()
    {
        var session = await RawMcpSession.OpenAsync(Silo.Http);

        var created = await session.SendAsync("tools/call", new JsonObject
        {
            ["name"] = Tool,
            ["arguments"] = new JsonObject { ["topic"] = "gateways" },
            ["task"] = new JsonObject { ["ttl"] = 600000 },
        });
        output.WriteLine(created.ToJsonString());
        var taskId = (string?)created["result"]?["task"]?["taskId"];
        Assert.NotNull(taskId);
        Assert.Equal("working", (string?)created["result"]?["task"]?["status"]);

        var status = await PollUntilTerminalAsync(session, taskId);
        Assert.Equal("completed", status);

        var result = await session.SendAsync("tasks/result", new JsonObject { ["taskId"] = taskId });
        output.WriteLine(result.ToJsonString());
        Assert.Equal(taskId, (string?)result["result"]?["_meta"]?["io.modelcontextprotocol/related-task"]?["taskId"]);
        Assert.Contains("gateways", result["result"]?["content"]?.ToJsonString() ?? "", StringComparison.Ordinal);

        var listed = await session.SendAsync("tasks/list");
        Assert.Contains(listed["result"]!["tasks"]!.AsArray(), t => (string?)t?["taskId"] == taskId);

        var cancelled = await session.SendAsync("tasks/cancel", new JsonObject { ["taskId"] = taskId });
        Assert.Equal(-32602, (int?)cancelled["error"]?["code"]);
    }

    [Fact]
    public async Task CallTool_WithTask_TheTaskIsNotAnotherSessions()
    {
        var creator = await RawMcpSession.OpenAsync(Silo.Http);
        var other = await RawMcpSession.OpenAsync(Silo.Http);
        var created = await creator.SendAsync("tools/call", new JsonObject
        {
            ["name"] = Tool,
            ["arguments"] = new JsonObject { ["topic"] = "isolation" },
            ["task"] = new JsonObject(),
        });
        var taskId = (string)created["result"]!["task"]!["taskId"]!;

        var foreign = await other.SendAsync("tasks/get", new JsonObject { ["taskId"] = taskId });
        var madeUp = await creator.SendAsync("tasks/get", new JsonObject { ["taskId"] = "no-such-task" });

        Assert.Equal(-32602, (int?)foreign["error"]?["code"]);
        Assert.Equal(-32602, (int?)madeUp["error"]?["code"]);
        Assert.Equal($"Unknown task: '{taskId}'", (string?)foreign["error"]?["message"]);
        Assert.Equal("Unknown task: 'no-such-task'", (string?)madeUp["error"]?["message"]);
    }

    [Fact]
    public async Task CallTool_WithoutTaskOnATaskRequiredTool_GetsTheUpstreamsRefusal()
    {
        var session = await RawMcpSession.OpenAsync(Silo.Http);

        var answer = await session.SendAsync("tools/call", new JsonObject
        {
            ["name"] = Tool,
            ["arguments"] = new JsonObject { ["topic"] = "plain" },
        });
        output.WriteLine(answer.ToJsonString());

        // The everything server reports its -32601 as a tool error, which the gateway passes on as it is.
        Assert.Equal(true, (bool?)answer["result"]?["isError"]);
        Assert.Contains("-32601", answer["result"]?["content"]?.ToJsonString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_WithTaskOnAToolWithoutTaskSupport_GetsMethodNotFoundNamingTheTool()
    {
        var session = await RawMcpSession.OpenAsync(Silo.Http);

        var answer = await session.SendAsync("tools/call", new JsonObject
        {
            ["name"] = "everything__echo",
            ["arguments"] = new JsonObject { ["message"] = "hi" },
            ["task"] = new JsonObject(),
        });

        Assert.Equal(-32601, (int?)answer["error"]?["code"]);
        Assert.Contains("everything__echo", (string?)answer["error"]?["message"], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (fixture.Silo is { } silo)
        {
            output.WriteLine(silo.Describe());
        }
    }

    private static async Task<JsonNode?> FindToolAsync(RawMcpSession session, string name)
    {
        JsonObject? parameters = null;
        while (true)
        {
            var page = await session.SendAsync("tools/list", parameters);
            if (page["result"]!["tools"]!.AsArray().FirstOrDefault(t => (string?)t?["name"] == name) is { } tool)
            {
                return tool;
            }

            if ((string?)page["result"]!["nextCursor"] is not { } cursor)
            {
                return null;
            }

            parameters = new JsonObject { ["cursor"] = cursor };
        }
    }

    /// <summary>Polls tasks/get, as a client should, until the task's status is terminal or the deadline passes.</summary>
    private async Task<string?> PollUntilTerminalAsync(RawMcpSession session, string taskId)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var got = await session.SendAsync("tasks/get", new JsonObject { ["taskId"] = taskId });
            output.WriteLine(got.ToJsonString());
            Assert.Equal(taskId, (string?)got["result"]?["taskId"]);
            var status = (string?)got["result"]?["status"];
            if (status is "completed" or "failed" or "cancelled" || deadline.IsCancellationRequested)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token).ContinueWith(_ => { });
        }
    }
}
