using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>What a client session does to its upstream sessions: DELETE ends them, cancellation reaches them.</summary>
public sealed class SessionLifecycleTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    private readonly HttpClient _upstream = new() { BaseAddress = new Uri(fixture.Alpha.Url) };

    [Fact]
    public async Task DeletingTheSession_EndsItsUpstreamSession()
    {
        var before = await UpstreamSessionsAsync();
        var client = await fixture.Gateway.ConnectAsync();
        await client.CallToolAsync("alpha__whoami");
        Assert.Equal(before + 1, await UpstreamSessionsAsync());

        await client.DisposeAsync();

        await Poll.UntilAsync(async () => await UpstreamSessionsAsync() == before, "the upstream session to end");
    }

    /// <summary>Found by the fuzz job: a DELETE that met the session deactivating after another answered 500.</summary>
    [Fact]
    public async Task ConcurrentDeletesOfOneSession_AreAnswered200Or404_Never500()
    {
        var raw = new RawMcp(fixture.Gateway.Http);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => raw.InitializeAsync()));

        var answers = await Task.WhenAll(sessions.SelectMany(s => Enumerable.Range(0, 8).Select(_ => raw.DeleteAsync(s))));

        Assert.All(answers, status => Assert.Contains(status, new[] { System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.NotFound }));
        Assert.Equal(sessions.Length, answers.Count(a => a == System.Net.HttpStatusCode.OK));
    }

    [Fact]
    public async Task CancelledCall_IsCancelledUpstream()
    {
        await using var client = await fixture.Gateway.ConnectAsync();
        var before = await CancelledCallsAsync();
        using var cancel = new CancellationTokenSource();

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Progress<ModelContextProtocol.ProgressNotificationValue>(_ => started.TrySetResult());

        var call = client.CallToolAsync("alpha__slow", new Dictionary<string, object?> { ["ms"] = 30000, ["steps"] = 300 },
            progress, cancellationToken: cancel.Token).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        // The client gives up (its request ends, or it sends notifications/cancelled); either way
        // the gateway must tell the upstream, which otherwise would run on for 30 s.
        await Poll.UntilAsync(async () => await CancelledCallsAsync() > before, "the upstream to see the cancellation");
        Assert.Equal("still fine", MergedEndpointTests.Text(await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "still fine" })));
    }

    [Fact]
    public async Task AClientThatDisconnectsMidCall_GetsTheCallCancelledUpstream_AndTheSessionCarriesOn()
    {
        var raw = new RawMcp(fixture.Gateway.Http);
        var session = await raw.InitializeAsync();
        await raw.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"warm"}}}""", session);
        var before = await CancelledCallsAsync();

        // The POST's connection goes away while the upstream is working on the call (its first progress
        // turned the answer into an SSE stream, so the headers came); no notifications/cancelled is sent.
        var gone = new HttpClient { BaseAddress = fixture.Gateway.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"alpha__slow","arguments":{"ms":30000,"steps":300},"_meta":{"progressToken":"p"}}}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        var streaming = await gone.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", streaming.Content.Headers.ContentType?.MediaType);
        streaming.Dispose();
        gone.Dispose();

        await Poll.UntilAsync(async () => await CancelledCallsAsync() > before, "the upstream to see the call cancelled");
        var (_, echo, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"still"}}}""", session);
        Assert.Equal("still", (string?)echo?["result"]?["content"]?[0]?["text"]);
    }

    [Fact]
    public async Task CallTimeout_AnswersATimeoutErrorAndCancelsUpstream()
    {
        await using var gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(new JsonObject
        {
            ["Name"] = "hasty", ["Transport"] = "http", ["Url"] = fixture.Alpha.Url, ["CallTimeoutSeconds"] = 1.5,
        }));
        await gateway.WaitForUpstreamsAsync("hasty");
        await using var client = await gateway.ConnectAsync();
        // Open the upstream session first, so that the timed call reaches the upstream at once.
        await client.CallToolAsync("hasty__echo", new Dictionary<string, object?> { ["message"] = "warm" });
        var before = await CancelledCallsAsync();

        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() =>
            client.CallToolAsync("hasty__slow", new Dictionary<string, object?> { ["ms"] = 20000 }).AsTask());

        Assert.Contains("'hasty'", error.Message);
        Assert.Contains("1.5 s", error.Message);
        await Poll.UntilAsync(async () => await CancelledCallsAsync() > before, "the upstream to see the cancellation");
    }

    private async Task<int> UpstreamSessionsAsync() => (int)(await _upstream.GetFromJsonAsync<JsonObject>("/test/stats"))!["sessions"]!;

    private async Task<long> CancelledCallsAsync() => (long)(await _upstream.GetFromJsonAsync<JsonObject>("/test/stats"))!["cancelledCalls"]!;
}
