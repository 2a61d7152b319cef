using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Three real silo processes in one PostgreSQL cluster: a session lives on whichever silo hashing
/// chose, is reachable through every silo, and survives that silo being killed with SIGKILL.
/// Each test starts a cluster of its own, since tests kill silos.
/// </summary>
public sealed class ClusterProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SessionGrain = "session";
    private const string UpstreamGrain = "upstream";
    private const string ToolsChanged = "notifications/tools/list_changed";
    private const int SlowToolMs = 20_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>A call cut by a dead silo must fail within this; the slow tool would run for ~19 s more.</summary>
    private static readonly TimeSpan FailFastBound = TimeSpan.FromSeconds(10);

    /// <summary>How long the read-only slow tool runs; the kill comes about a second into it.</summary>
    private const int ReadToolMs = 3000;

    private ClusterProcessFixture _cluster = null!;
    private int _nextId = 100;

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        _cluster = await ClusterProcessFixture.StartAsync(output);
        output.WriteLine($"cluster {_cluster.ClusterId} of {ClusterProcessFixture.SiloCount} silos ready in {started.ElapsedMilliseconds} ms: " +
            string.Join(", ", _cluster.Silos) + $" ({_cluster.StartupTimings})");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>The killed silo holds the session grain; the upstream's grain lives on a survivor.</summary>
    [Fact]
    public Task SessionSurvivesKill9OfTheSiloHoldingIt() => SurvivesKill9Async(victimHoldsUpstream: false);

    /// <summary>The killed silo holds the session grain and the upstream's grain (its connections to alpha) too.</summary>
    [Fact]
    public Task SessionSurvivesKill9OfTheSiloHoldingItAndTheUpstream() => SurvivesKill9Async(victimHoldsUpstream: true);

    [Fact]
    public async Task ListChangedReachesAStreamOnAnotherSilo()
    {
        var (silo1, silo2, silo3) = (_cluster.Silos[0], _cluster.Silos[1], _cluster.Silos[2]);
        // The listener's grain is elsewhere than its stream, so the notification has to cross silos.
        var listener = await SessionHostedAsync(silo1, port => port != silo3.ClusterPort, "hosted off silo 3");
        using var streamHttp = StreamClient(silo3);
        await using var stream = await SseStream.OpenAsync(streamHttp, listener);
        var caller = await new RawMcp(silo1.Http).InitializeAsync();
        var name = "dyn" + Guid.NewGuid().ToString("N")[..8];

        var (status, body, _) = await new RawMcp(silo1.Http).PostAsync(
            Request("tools/call", new JsonObject { ["name"] = "alpha__add_tool", ["arguments"] = new JsonObject { ["name"] = name } }), caller);
        Assert.True(status == HttpStatusCode.OK && body?["error"] is null && body?["result"] is not null,
            $"alpha__add_tool through silo 1: {status} {body?.ToJsonString()}");

        var changed = await NextOrExplainAsync(stream, listener, "alpha__" + name);
        Assert.Equal(ToolsChanged, (string?)changed.Data["method"]);

        var names = await Poll.UntilAsync(
            () => ToolNamesAsync(silo2, listener),
            n => n.Contains("alpha__" + name),
            $"alpha__{name} in tools/list through silo 2",
            Wait);
        Assert.Contains("alpha__" + name, names);
    }

    /// <summary>
    /// The stream's silo dies, and with it the session grain it held (the upstream's grain lives
    /// elsewhere): the client reconnects the GET on another silo with Last-Event-ID.
    /// </summary>
    [Fact]
    public async Task AStreamWhoseSiloDies_ResumesOnAnotherSiloWithLastEventId()
    {
        var upstreamPort = await _cluster.WaitForDirectoryPortAsync(UpstreamGrain, ClusterProcessFixture.Upstream);
        var victim = _cluster.Silos.First(s => s.ClusterPort != upstreamPort);
        var (caller, resumer) = (_cluster.Silos.First(s => s != victim), _cluster.Silos.Last(s => s != victim));
        var session = await SessionHostedAsync(victim, port => port == victim.ClusterPort, $"hosted on the victim {victim}");

        string? lastEventId;
        using (var victimHttp = StreamClient(victim))
        {
            var stream = await SseStream.OpenAsync(victimHttp, session);
            try
            {
                await AddToolAsync(caller, session, "before" + Guid.NewGuid().ToString("N")[..8]);
                lastEventId = (await NextOrExplainAsync(stream, session, null)).Id;
                Assert.False(string.IsNullOrEmpty(lastEventId), "the list_changed event on the GET stream has no id");

                await victim.KillHardAsync();
            }
            finally
            {
                await stream.DisposeAsync();
            }
        }

        using var resumerHttp = StreamClient(resumer);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        var resumedAt = Stopwatch.GetTimestamp();
        using var resumed = await resumerHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var resumedBody = resumed.IsSuccessStatusCode ? "" : await resumed.Content.ReadAsStringAsync();
        output.WriteLine($"GET with Last-Event-ID {lastEventId} on {resumer}: {(int)resumed.StatusCode} {resumed.Content.Headers.ContentType} " +
            $"after {Stopwatch.GetElapsedTime(resumedAt).TotalMilliseconds:0} ms {resumedBody}");
        Assert.True(resumed.StatusCode == HttpStatusCode.OK, $"GET with Last-Event-ID on {resumer} after {victim} died: {(int)resumed.StatusCode} {resumedBody}");
        Assert.Equal("text/event-stream", resumed.Content.Headers.ContentType?.MediaType);

        // The resumed stream is live: a later change reaches it.
        using var deadline = new CancellationTokenSource(Wait);
        var next = NextEventAsync(resumed, ToolsChanged, id => id != lastEventId, deadline.Token);
        await AddToolAsync(caller, session, "after" + Guid.NewGuid().ToString("N")[..8]);
        var delivered = await next;
        output.WriteLine($"the resumed stream delivered list_changed with id {delivered}");
        Assert.Contains(await _cluster.DirectoryPortAsync(SessionGrain, session), new int?[] { caller.ClusterPort, resumer.ClusterPort });
    }

    /// <summary>
    /// A session whose grain is on the victim silo: calls round-robin through all three, a slow
    /// call in flight through another silo when the victim gets SIGKILL, then the same session
    /// round-robin through the survivors.
    /// </summary>
    private async Task SurvivesKill9Async(bool victimHoldsUpstream)
    {
        var upstreamPort = await _cluster.WaitForDirectoryPortAsync(UpstreamGrain, ClusterProcessFixture.Upstream);
        var victim = _cluster.Silos.First(s => (s.ClusterPort == upstreamPort) == victimHoldsUpstream);
        var (second, third) = (_cluster.Silos.First(s => s != victim), _cluster.Silos.Last(s => s != victim));
        output.WriteLine($"victim {victim}; the upstream grain is on {_cluster.SiloOnClusterPort(upstreamPort)}");

        var sessionId = await SessionHostedAsync(victim, port => port == victim.ClusterPort, $"hosted on the victim {victim}");
        output.WriteLine($"grain directory before the kill: {await _cluster.DescribeDirectoryAsync()}");

        // Persisted session state: the log level, which the upstream then applies to this session.
        var (setStatus, setBody, _) = await new RawMcp(victim.Http).PostAsync(
            Request("logging/setLevel", new JsonObject { ["level"] = "error" }), sessionId);
        Assert.True(setStatus == HttpStatusCode.OK && setBody?["error"] is null, $"logging/setLevel: {setStatus} {setBody?.ToJsonString()}");
        Assert.StartsWith("suppressed", await LogInfoAsync(second, sessionId), StringComparison.Ordinal);

        // The upstream session the victim opened for this client session (alpha is Streamable HTTP).
        var upstreamSession = await WhoAmIAsync(victim, sessionId);
        Assert.Equal("1", await CounterAsync(victim, sessionId));

        for (var i = 0; i < 6; i++)
        {
            var silo = _cluster.Silos[i % 3];
            var echo = await EchoAsync(silo, sessionId, $"before-{i}");
            Assert.True(echo.Succeeded, $"echo #{i} through {silo} before the kill: {echo}");
        }

        // A slow tool that declares itself read-only, through the third silo: lost with the victim,
        // it is handed to the session's new activation, which runs it again. Sent first, it is in
        // flight on the victim by the time the slow call below reports progress.
        using var readHttp = StreamClient(third);
        using var readDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var readCall = CallStreamingAsync(
            readHttp,
            sessionId,
            Request("tools/call", new JsonObject
            {
                ["name"] = "alpha__slow_read",
                ["arguments"] = new JsonObject { ["ms"] = ReadToolMs, ["steps"] = 0 },
            }),
            new TaskCompletionSource(),
            readDeadline.Token);

        // A slow call through the second silo runs on the session grain on the victim; once its
        // first progress arrives it is certainly in flight there.
        using var slowHttp = StreamClient(second);
        var progressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slowDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var slowStarted = Stopwatch.GetTimestamp();
        var slowCall = CallStreamingAsync(
            slowHttp,
            sessionId,
            Request("tools/call", new JsonObject
            {
                ["name"] = "alpha__slow",
                ["arguments"] = new JsonObject { ["ms"] = SlowToolMs, ["steps"] = SlowToolMs / 1000 },
                ["_meta"] = new JsonObject { ["progressToken"] = "slow-1" },
            }),
            progressed,
            slowDeadline.Token);
        await Task.WhenAny(progressed.Task, slowCall, Task.Delay(Wait));
        Assert.True(progressed.Task.IsCompleted,
            $"the slow call through {second} reported no progress: {(slowCall.IsCompleted ? (await slowCall).ToString() : "still running")}");

        var killedAt = Stopwatch.GetTimestamp();
        await victim.KillHardAsync();
        output.WriteLine($"SIGKILL sent to the victim {victim} {Stopwatch.GetElapsedTime(slowStarted, killedAt).TotalMilliseconds:0} ms into the slow call");

        // The same session, round-robin through the survivors, while the slow call's fate is settled.
        var survivors = new[] { third, second };
        var after = new List<(ClusterSilo Silo, EchoOutcome Outcome)>();
        for (var i = 0; i < 8; i++)
        {
            var silo = survivors[i % 2];
            after.Add((silo, await EchoAsync(silo, sessionId, $"after-{i}")));
        }

        var slow = await slowCall;
        var slowEndedAfterKill = Stopwatch.GetElapsedTime(killedAt, slow.EndedAt);
        output.WriteLine($"slow call through {second} ended {slowEndedAfterKill.TotalMilliseconds:0} ms after the kill: {slow}");
        var read = await readCall;
        output.WriteLine($"read-only slow call through {third} ended {Stopwatch.GetElapsedTime(killedAt, read.EndedAt).TotalMilliseconds:0} ms after the kill: {read}");
        foreach (var (silo, outcome) in after)
        {
            output.WriteLine($"after the kill, echo through {silo}: {outcome}");
        }

        var firstSuccess = after.Select(a => a.Outcome).FirstOrDefault(o => o.Succeeded);
        output.WriteLine(firstSuccess is null
            ? "kill-to-first-success: no echo succeeded after the kill"
            : $"kill-to-first-success: {Stopwatch.GetElapsedTime(killedAt, firstSuccess.EndedAt).TotalMilliseconds:0} ms " +
              $"(that echo itself took {firstSuccess.Duration.TotalMilliseconds:0} ms)");
        output.WriteLine($"grain directory after the kill: {await _cluster.DescribeDirectoryAsync()}");

        Assert.False(slow.Succeeded, $"the slow call on the killed silo's session grain answered as if nothing happened: {slow}");
        Assert.True(slowEndedAfterKill < FailFastBound,
            $"the slow call ended {slowEndedAfterKill.TotalSeconds:0.0} s after the kill (bound {FailFastBound.TotalSeconds} s; the tool alone would have run ~{SlowToolMs / 1000} s): {slow}");
        Assert.True(read.Status == HttpStatusCode.OK && (string?)read.Answer?["result"]?["content"]?[0]?["text"] == "done",
            $"the read-only call lost with the victim was not run again on a survivor: {read}");
        Assert.DoesNotContain(after, a => a.Outcome.Status == HttpStatusCode.NotFound);
        Assert.All(after, a => Assert.True(a.Outcome.Succeeded, $"echo through {a.Silo} after the kill: {a.Outcome}"));

        var host = await _cluster.WaitForDirectoryPortAsync(SessionGrain, sessionId, port => port != victim.ClusterPort);
        Assert.Contains(host, new[] { second.ClusterPort, third.ClusterPort });
        output.WriteLine($"the session grain is now on {_cluster.SiloOnClusterPort(host)}");

        // The level set before the kill still holds: it came back from the grain's persisted state.
        Assert.StartsWith("suppressed", await LogInfoAsync(third, sessionId), StringComparison.Ordinal);

        // The survivor carried on the upstream session the victim had opened: same id, same state.
        Assert.Equal(upstreamSession, await WhoAmIAsync(third, sessionId));
        Assert.Equal("2", await CounterAsync(second, sessionId));

        var adminTools = await Poll.UntilAsync(
            async () => (await AdminToolNamesAsync(second), await AdminToolNamesAsync(third)),
            pair => pair.Item1.Count > 0 && pair.Item1.SequenceEqual(pair.Item2),
            "/admin/tools on the survivors to agree",
            Wait);
        var listed = (await ToolNamesAsync(second, sessionId), await ToolNamesAsync(third, sessionId));
        Assert.Contains("alpha__echo", adminTools.Item1);
        Assert.Equal(adminTools.Item1, adminTools.Item2);
        Assert.Equal(listed.Item1, listed.Item2);
        Assert.Contains("alpha__echo", listed.Item1);

        // Closing the client session ends the upstream session it carried on, wherever it was opened.
        var alpha = new Uri(_cluster.Alpha.Url);
        using var alphaHttp = new HttpClient { BaseAddress = new Uri(alpha.GetLeftPart(UriPartial.Authority)) };
        var upstreamDirect = new RawMcp(alphaHttp, alpha.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await upstreamDirect.PostAsync(Request("ping", null), upstreamSession)).Status);
        var closed = await new RawMcp(second.Http).DeleteAsync(sessionId);
        Assert.True((int)closed is >= 200 and < 300, $"DELETE of the session through {second}: {closed}");
        Assert.Equal(HttpStatusCode.NotFound, (await upstreamDirect.PostAsync(Request("ping", null), upstreamSession)).Status);

        // Last, so that the checks above report too: the caller of the cut call is told it failed.
        // An SSE stream that just ends leaves a client waiting for an answer that never comes.
        Assert.True(slow.Status != HttpStatusCode.OK || slow.Answer?["error"] is not null,
            $"the slow call cut by the kill got neither a non-200 status nor a JSON-RPC error: {slow}");
    }

    /// <summary>Opens sessions through a silo until one's grain lands where wanted (placement prefers the silo of the initialize).</summary>
    private async Task<string> SessionHostedAsync(ClusterSilo entry, Func<int, bool> wanted, string what)
    {
        var raw = new RawMcp(entry.Http);
        var seen = new List<int>();
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            var session = await raw.InitializeAsync();
            var port = await _cluster.WaitForDirectoryPortAsync(SessionGrain, session);
            if (wanted(port))
            {
                output.WriteLine($"session {session} {what} after {attempt} attempt(s)");
                return session;
            }

            seen.Add(port);
        }

        throw new InvalidOperationException($"30 sessions opened through {entry}, none {what}; their cluster ports: {string.Join(", ", seen)}");
    }

    /// <summary>The next list_changed on a stream; on a timeout, fails saying how far the change got (each silo's catalog, the session's host).</summary>
    private async Task<(string? Id, JsonNode Data)> NextOrExplainAsync(SseStream stream, string sessionId, string? tool)
    {
        try
        {
            return await stream.NextAsync(ToolsChanged, Wait);
        }
        catch (OperationCanceledException)
        {
            var views = new List<string>();
            foreach (var silo in _cluster.Silos.Where(s => !s.Process.HasExited))
            {
                var tools = await silo.Http.GetFromJsonAsync<JsonObject>("/admin/tools");
                var names = tools?["tools"]?.AsArray().Select(t => (string?)t?["name"]).ToList() ?? [];
                views.Add($"{silo}: catalog version {tools?["version"]}, {names.Count} tools{(tool is null ? "" : names.Contains(tool) ? $", {tool} listed" : $", {tool} NOT listed")}");
            }

            var host = await _cluster.DirectoryPortAsync(SessionGrain, sessionId);
            Assert.Fail($"no {ToolsChanged} on the stream of session {sessionId} (its grain is on cluster port {host}) within {Wait.TotalSeconds} s; " +
                $"the silos' catalogs: {string.Join("; ", views)}");
            throw;
        }
    }

    private async Task<EchoOutcome> EchoAsync(ClusterSilo silo, string sessionId, string message)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (status, body, _) = await new RawMcp(silo.Http).PostAsync(
                Request("tools/call", new JsonObject { ["name"] = "alpha__echo", ["arguments"] = new JsonObject { ["message"] = message } }), sessionId);
            var ok = status == HttpStatusCode.OK
                && body?["result"]?["isError"]?.GetValue<bool>() is not true
                && (string?)body?["result"]?["content"]?[0]?["text"] == message;
            return new EchoOutcome(ok, status, body?.ToJsonString(), Stopwatch.GetElapsedTime(started), Stopwatch.GetTimestamp());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or JsonException)
        {
            return new EchoOutcome(false, null, $"{ex.GetType().Name}: {ex.Message}", Stopwatch.GetElapsedTime(started), Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Calls the upstream's log tool at info: "suppressed: ..." when the session's level is above info.</summary>
    private async Task<string> LogInfoAsync(ClusterSilo silo, string sessionId)
    {
        var (status, body, _) = await new RawMcp(silo.Http).PostAsync(
            Request("tools/call", new JsonObject
            {
                ["name"] = "alpha__log",
                ["arguments"] = new JsonObject { ["level"] = "info", ["message"] = "probe" },
            }),
            sessionId);
        Assert.True(status == HttpStatusCode.OK, $"alpha__log through {silo}: {status} {body?.ToJsonString()}");
        return (string?)body?["result"]?["content"]?[0]?["text"] ?? $"(no text: {body?.ToJsonString()})";
    }

    /// <summary>The upstream's id of the upstream session behind this client session.</summary>
    private async Task<string> WhoAmIAsync(ClusterSilo silo, string sessionId) => await ToolTextAsync(silo, sessionId, "alpha__whoami");

    /// <summary>Increments the upstream session's own counter: its value says whether the upstream session is the same.</summary>
    private async Task<string> CounterAsync(ClusterSilo silo, string sessionId) => await ToolTextAsync(silo, sessionId, "alpha__counter");

    private async Task<string> ToolTextAsync(ClusterSilo silo, string sessionId, string tool)
    {
        var (status, body, _) = await new RawMcp(silo.Http).PostAsync(
            Request("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() }), sessionId);
        var text = (string?)body?["result"]?["content"]?[0]?["text"];
        Assert.True(status == HttpStatusCode.OK && text is not null, $"{tool} through {silo}: {status} {body?.ToJsonString()}");
        return text!;
    }

    private async Task AddToolAsync(ClusterSilo silo, string sessionId, string name)
    {
        var (status, body, _) = await new RawMcp(silo.Http).PostAsync(
            Request("tools/call", new JsonObject { ["name"] = "alpha__add_tool", ["arguments"] = new JsonObject { ["name"] = name } }), sessionId);
        Assert.True(status == HttpStatusCode.OK && body?["result"] is not null,
            $"alpha__add_tool through {silo}: {status} {body?.ToJsonString()}");
    }

    private async Task<List<string>> ToolNamesAsync(ClusterSilo silo, string sessionId)
    {
        var (_, body, _) = await new RawMcp(silo.Http).PostAsync(Request("tools/list", null), sessionId);
        return body?["result"]?["tools"]?.AsArray().Select(t => (string)t!["name"]!).Order(StringComparer.Ordinal).ToList() ?? [];
    }

    private static async Task<List<string>> AdminToolNamesAsync(ClusterSilo silo)
    {
        var tools = await silo.Http.GetFromJsonAsync<JsonObject>("/admin/tools");
        return tools?["tools"]?.AsArray().Select(t => (string)t!["name"]!).Order(StringComparer.Ordinal).ToList() ?? [];
    }

    private string Request(string method, JsonObject? parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _nextId), ["method"] = method };
        if (parameters is not null)
        {
            request["params"] = parameters;
        }

        return request.ToJsonString();
    }

    /// <summary>An HttpClient without a timeout, for streams that outlive SiloProcess.Http's 15 s.</summary>
    private static HttpClient StreamClient(ClusterSilo silo) =>
        new() { BaseAddress = new Uri(silo.BaseUrl), Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// POSTs a request and reads its answer as it comes: SSE event by event (signalling the first
    /// progress notification), or a plain JSON body. A cut connection is an outcome, not an exception.
    /// </summary>
    private static async Task<CallOutcome> CallStreamingAsync(
        HttpClient http, string sessionId, string body, TaskCompletionSource progressed, CancellationToken cancellationToken)
    {
        HttpStatusCode? status = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = response.StatusCode;
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return new CallOutcome(status, text.Length == 0 ? null : JsonNode.Parse(text), null, Stopwatch.GetTimestamp());
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var message = JsonNode.Parse(line["data: ".Length..]);
                if ((string?)message?["method"] == "notifications/progress")
                {
                    progressed.TrySetResult();
                }
                else if (message?["result"] is not null || message?["error"] is not null)
                {
                    return new CallOutcome(status, message, null, Stopwatch.GetTimestamp());
                }
            }

            return new CallOutcome(status, null, "the SSE stream ended without an answer", Stopwatch.GetTimestamp());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or JsonException)
        {
            return new CallOutcome(status, null, $"{ex.GetType().Name}: {ex.Message}", Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Reads a GET stream until an event of the method whose id passes the check; returns that id.</summary>
    private static async Task<string?> NextEventAsync(HttpResponseMessage response, string method, Func<string?, bool> idWanted, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? id = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null && (string?)JsonNode.Parse(data)?["method"] == method && idWanted(id))
                {
                    return id;
                }

                (id, data) = (null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        throw new InvalidOperationException($"the resumed stream ended before a {method} event");
    }

    private sealed record EchoOutcome(bool Succeeded, HttpStatusCode? Status, string? Body, TimeSpan Duration, long EndedAt)
    {
        public override string ToString() =>
            $"{(Succeeded ? "ok" : "FAILED")} {(Status is { } s ? ((int)s).ToString() : "no status")} in {Duration.TotalMilliseconds:0} ms: {Body}";
    }

    private sealed record CallOutcome(HttpStatusCode? Status, JsonNode? Answer, string? Failure, long EndedAt)
    {
        public bool Succeeded =>
            Status == HttpStatusCode.OK && Answer?["result"] is { } result && result["isError"]?.GetValue<bool>() is not true;

        public override string ToString() =>
            $"{(Status is { } s ? ((int)s).ToString() : "no status")} {(Answer is null ? "" : Answer.ToJsonString())}{(Failure is null ? "" : " " + Failure)}";
    }
}
