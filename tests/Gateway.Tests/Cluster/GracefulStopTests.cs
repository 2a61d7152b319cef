using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Cluster;

/// <summary>
/// A silo stopped on purpose (a rolling upgrade) takes its connections with it but not the
/// sessions: a client session whose grain was there carries on through another silo, and so does
/// its Streamable HTTP upstream session. A cluster of its own, since the test stops a silo.
/// </summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private readonly ThreeSiloCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task ASessionOnAStoppedSilo_CarriesOnItsUpstreamSession_ThroughAnother()
    {
        var leaving = _cluster.Silos[2];
        var staying = _cluster.Silos[0];
        var sessionId = await new RawMcp(leaving.Http).InitializeAsync(ThreeSiloCluster.AliceKey);
        Assert.Same(leaving, await _cluster.SessionHostAsync(sessionId));
        var upstreamSession = await ToolTextAsync(leaving, sessionId, "alpha__whoami");
        Assert.Equal("1", await ToolTextAsync(leaving, sessionId, "alpha__counter"));

        await _cluster.StopSiloAsync(leaving);

        // The upstream was not told to end the session, and the next silo carried it on.
        Assert.Equal(upstreamSession, await ToolTextAsync(staying, sessionId, "alpha__whoami"));
        Assert.Equal("2", await ToolTextAsync(staying, sessionId, "alpha__counter"));
        Assert.Same(staying, await _cluster.SessionHostAsync(sessionId));
    }

    [Fact]
    public async Task AnUpstreamSessionEndedMeanwhile_IsReplacedByANewOne_WhenTheSessionMoves()
    {
        var leaving = _cluster.Silos[2];
        var staying = _cluster.Silos[0];
        var sessionId = await new RawMcp(leaving.Http).InitializeAsync(ThreeSiloCluster.AliceKey);
        var upstreamSession = await ToolTextAsync(leaving, sessionId, "alpha__whoami");
        Assert.Equal("1", await ToolTextAsync(leaving, sessionId, "alpha__counter"));
        await _cluster.StopSiloAsync(leaving);

        // The upstream restarts, say, and forgets the session the stopped silo left open for the next one.
        var alpha = new Uri(_cluster.Alpha.Url);
        using var alphaHttp = new HttpClient { BaseAddress = new Uri(alpha.GetLeftPart(UriPartial.Authority)) };
        Assert.True((int)await new RawMcp(alphaHttp, alpha.AbsolutePath).DeleteAsync(upstreamSession) is >= 200 and < 300);

        // Carrying it on meets HTTP 404, so the call runs on a fresh upstream session instead.
        var replaced = await ToolTextAsync(staying, sessionId, "alpha__whoami");
        Assert.NotEqual(upstreamSession, replaced);
        Assert.Equal("1", await ToolTextAsync(staying, sessionId, "alpha__counter"));
        Assert.Equal(replaced, await ToolTextAsync(staying, sessionId, "alpha__whoami"));
    }

    [Fact]
    public async Task AClientsAnswer_ToASamplingRequestAskedOnAStoppedSilo_StillReachesTheUpstreamSession()
    {
        var leaving = _cluster.Silos[2];
        var staying = _cluster.Silos[0];
        var raw = new RawMcp(leaving.Http);
        var sessionId = await InitializeWithSamplingAsync(leaving);
        Assert.Same(leaving, await _cluster.SessionHostAsync(sessionId));

        // The client listens on a silo that stays; the call, the session and its upstream session are on the one that goes.
        await using var stream = await SseStream.OpenAsync(staying.Http, sessionId);
        var call = raw.PostAsync("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"alpha__ask_sampling_patiently","arguments":{"prompt":"still there?"}}}""",
            sessionId);
        var (_, asked) = await stream.NextAsync("sampling/createMessage");

        await _cluster.StopSiloAsync(leaving);
        await call.ContinueWith(_ => { }, TaskScheduler.Default);

        // The answer lands on the silo that stayed, where no activation ever asked it.
        var answer = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = asked["id"]!.DeepClone(),
            ["result"] = new JsonObject
            {
                ["role"] = "assistant",
                ["model"] = "patient-model",
                ["content"] = new JsonObject { ["type"] = "text", ["text"] = "yes" },
            },
        };
        var (answered, _, _) = await new RawMcp(staying.Http).PostAsync(answer.ToJsonString(), sessionId);

        Assert.Equal(HttpStatusCode.Accepted, answered);
        await Poll.UntilAsync(() => ToolTextAsync(staying, sessionId, "alpha__last_sampling"), text => text == "sampled by patient-model: yes",
            "the upstream session to get the client's answer");
    }

    [Fact]
    public async Task ASamplingRequestAskedOnAStoppedSilo_ThatTheClientNeverAnswers_FailsAtTheUpstream_WhenDue()
    {
        var leaving = _cluster.Silos[2];

        // The silo the client listens on answers for the session once it moves there: its
        // stream's keep-alive wakes the session, whose stored request is due within seconds.
        var config = _cluster.SiloConfig();
        config["Sessions"] = new JsonObject { ["ClientAnswerTimeout"] = "00:00:02" };
        config["Http"] = new JsonObject { ["KeepAliveInterval"] = "00:00:00.5" };
        var staying = await _cluster.StartSiloAsync(config);
        await staying.WaitForUpstreamsAsync("alpha");
        var sessionId = await InitializeWithSamplingAsync(leaving);
        Assert.Same(leaving, await _cluster.SessionHostAsync(sessionId));

        await using var stream = await SseStream.OpenAsync(staying.Http, sessionId);
        var call = new RawMcp(leaving.Http).PostAsync(
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"alpha__ask_sampling_patiently","arguments":{"prompt":"anyone?"}}}""", sessionId);
        await stream.NextAsync("sampling/createMessage");

        await _cluster.StopSiloAsync(leaving);
        await call.ContinueWith(_ => { }, TaskScheduler.Default);

        var last = await Poll.UntilAsync(() => ToolTextAsync(staying, sessionId, "alpha__last_sampling"), text => text != "none",
            "the upstream's sampling request to fail");
        Assert.Contains("The client did not answer sampling/createMessage within 00:00:02", last);
        Assert.StartsWith("error: ", last);
    }

    private static async Task<string> InitializeWithSamplingAsync(GatewayInstance silo)
    {
        var raw = new RawMcp(silo.Http);
        var (status, _, headers) = await raw.PostAsync(RawMcp.InitializeBody.Replace("\"capabilities\":{}", "\"capabilities\":{\"sampling\":{}}"), sessionId: null);
        Assert.Equal(HttpStatusCode.OK, status);
        var sessionId = headers.GetValues("Mcp-Session-Id").Single();
        await raw.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId);
        return sessionId;
    }

    private static async Task<string> ToolTextAsync(GatewayInstance silo, string sessionId, string tool)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 7,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() },
        };
        var (status, body, _) = await new RawMcp(silo.Http).PostAsync(request.ToJsonString(), sessionId);
        var text = (string?)body?["result"]?["content"]?[0]?["text"];
        Assert.True(status == HttpStatusCode.OK && text is not null, $"{tool} through {silo.BaseUrl}: {status} {body?.ToJsonString()}");
        return text!;
    }
}
