using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tests;

public sealed class ToolTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task ListTools_ReturnsBuiltInToolsWithPrefix(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode, "--tools-prefix", "a_");
        await using var client = await upstream.ConnectAsync();

        var names = (await client.ListToolsAsync()).Select(t => t.Name).ToArray();

        Assert.Equal(["a_echo", "a_add", "a_slow", "a_slow_read", "a_fail", "a_throw", "a_crash", "a_whoami", "a_counter", "a_log", "a_add_tool", "a_set_description", "a_rename_tool", "a_touch_resource", "a_ask_sampling", "a_ask_sampling_patiently", "a_last_sampling", "a_ask_sampling_cancelled", "a_ask_elicitation", "a_list_roots", "a_env", "a_pid"], names);
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task CallEchoAndAdd_ReturnText(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();

        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi there" });
        var sum = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3.5 });

        Assert.Equal("hi there", Text(echo));
        Assert.Equal("5.5", Text(sum));
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task CallSlow_WithProgressToken_ReportsEveryStep(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();
        var reports = new List<ProgressNotificationValue>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            lock (reports)
            {
                reports.Add(notification.Params.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions)!.Progress);
            }

            return ValueTask.CompletedTask;
        });

        // The IProgress makes the SDK send a progress token. The server writes every progress
        // notification before the result, but the SDK client dispatches notifications concurrently
        // and drops a request's IProgress once the result is in; the client-wide handler above sees
        // every notification, in any order.
        var result = await client.CallToolAsync("slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 },
            new SynchronousProgress([]));

        Assert.Equal("done", Text(result));
        await Eventually.TrueAsync(() => { lock (reports) { return reports.Count >= 3; } });
        lock (reports)
        {
            // One report per step, exactly.
            Assert.Equal([1f, 2f, 3f], reports.Select(r => r.Progress).Order());
            Assert.All(reports, r => Assert.Equal(3f, r.Total));
            Assert.All(reports, r => Assert.Equal($"step {r.Progress}", r.Message));
        }
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task CallSlow_WhenClientStopsWaiting_SessionStaysUsable(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await client.CallToolAsync("slow", new Dictionary<string, object?> { ["ms"] = 20_000 }, cancellationToken: cancel.Token));

        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "still here" });
        Assert.Equal("still here", Text(echo));
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task CallSlow_OnNotificationsCancelled_StopsReportingProgress(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();
        var progressCount = 0;
        var firstProgress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (_, _) =>
        {
            Interlocked.Increment(ref progressCount);
            firstProgress.TrySetResult();
            return ValueTask.CompletedTask;
        });

        // The SDK's client (2.4.0) did not send notifications/cancelled here when a call's token fired, so send it
        // by hand for a request whose id we chose.
        var requestId = new RequestId("slow-to-cancel");
        var call = new CallToolRequestParams
        {
            Name = "slow",
            Arguments = new Dictionary<string, JsonElement> { ["ms"] = JsonSerializer.SerializeToElement(10_000), ["steps"] = JsonSerializer.SerializeToElement(100) },
            Meta = new JsonObject { ["progressToken"] = "cancel-me" },
        };
        _ = client.SendRequestAsync(new JsonRpcRequest
        {
            Id = requestId,
            Method = RequestMethods.ToolsCall,
            Params = JsonSerializer.SerializeToNode(call, McpJsonUtilities.DefaultOptions),
        });
        await firstProgress.Task.WaitAsync(s_timeout);
        await client.SendNotificationAsync(NotificationMethods.CancelledNotification, new CancelledNotificationParams { RequestId = requestId, Reason = "test" });

        // One step is 100 ms: a running call would report several more within a second.
        await Task.Delay(300);
        var afterCancel = Volatile.Read(ref progressCount);
        await Task.Delay(1000);
        Assert.Equal(afterCancel, Volatile.Read(ref progressCount));
        Assert.Equal("still here", Text(await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "still here" })));
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task CallFailAndThrow_ProduceToolErrorAndProtocolError(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();

        var failed = await client.CallToolAsync("fail", new Dictionary<string, object?> { ["message"] = "nope" });
        var thrown = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("throw"));

        Assert.True(failed.IsError);
        Assert.Equal("nope", Text(failed));
        Assert.Equal(McpErrorCode.InvalidParams, thrown.ErrorCode);
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task CallEnvAndPid_DescribeTheProcessServingTheSession(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();

        var all = JsonNode.Parse(Text(await client.CallToolAsync("env")))!.AsObject();
        var path = JsonNode.Parse(Text(await client.CallToolAsync("env", new Dictionary<string, object?> { ["name"] = "PATH" })));
        var unset = Text(await client.CallToolAsync("env", new Dictionary<string, object?> { ["name"] = "NO_SUCH_VARIABLE_" + Guid.NewGuid().ToString("N") }));
        var pid = int.Parse(Text(await client.CallToolAsync("pid")), System.Globalization.CultureInfo.InvariantCulture);

        // Both modes start the upstream with this process's environment.
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), (string?)all["PATH"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), (string?)path);
        Assert.Equal("null", unset);
        Assert.NotEqual(Environment.ProcessId, pid);
        using var served = System.Diagnostics.Process.GetProcessById(pid);
        Assert.False(served.HasExited);
        if (upstream.HttpProcess is { } http)
        {
            Assert.Equal(http.Id, pid);
        }
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task ListTools_WithPageSize_PagesAndClientCollectsAll(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode, "--extra-tools", "25", "--page-size", "10");
        await using var client = await upstream.ConnectAsync();

        var firstPage = await client.ListToolsAsync(new ListToolsRequestParams());
        var all = await client.ListToolsAsync();

        Assert.Equal(10, firstPage.Tools.Count);
        Assert.NotNull(firstPage.NextCursor);
        Assert.Equal(47, all.Count);
        Assert.Equal("extra_024", all[^1].Name);
        Assert.Equal("extra_007", Text(await client.CallToolAsync("extra_007")));
    }

    [Fact]
    public async Task CallCrash_OverHttp_KillsProcessWithExitCode3()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http");
        await using var client = await upstream.ConnectAsync();

        await Assert.ThrowsAnyAsync<Exception>(async () => await client.CallToolAsync("crash"));

        using var timeout = new CancellationTokenSource(s_timeout);
        await upstream.HttpProcess!.WaitForExitAsync(timeout.Token);
        Assert.Equal(3, upstream.HttpProcess.ExitCode);
    }

    [Fact]
    public async Task CallCrash_OverStdio_FailsTheCall()
    {
        await using var upstream = await UpstreamProcess.StartAsync("stdio");
        await using var client = await upstream.ConnectAsync();

        var call = client.CallToolAsync("crash").AsTask();

        await Assert.ThrowsAnyAsync<Exception>(() => call.WaitAsync(s_timeout));
    }

    internal static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this records reports before the call returns.</summary>
    private sealed class SynchronousProgress(List<ProgressNotificationValue> reports) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
