using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Three silos behind a "load balancer" with no stickiness: every request of a session may land on
/// any silo, and the session behaves exactly as on one silo.
/// </summary>
[Collection(ThreeSiloCluster.Collection)]
public sealed class ClusterSessionTests(ThreeSiloCluster cluster)
{
    [Fact]
    public async Task RoundRobinClient_KeepsOneSession_WhoseUpstreamStateCarriesAcrossSilos()
    {
        await using var client = await cluster.ConnectRoundRobinAsync();

        var tools = await client.ListToolsAsync();
        var counts = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var result = await client.CallToolAsync("alpha__counter");
            counts.Add(((TextContentBlock)result.Content[0]).Text);
        }

        Assert.Contains(tools, t => t.Name == "alpha__echo");
        // The upstream counts per upstream session: one session behind all six calls, through three silos.
        Assert.Equal(["1", "2", "3", "4", "5", "6"], counts);
        Assert.NotNull(await cluster.SessionHostAsync(client.SessionId!));
    }

    [Fact]
    public async Task Progress_ReachesTheClient_WhicheverSiloTheCallAndTheSessionAreOn()
    {
        await using var client = await cluster.ConnectRoundRobinAsync();

        // The SDK hands a request's progress to its IProgress only until the answer is in, and
        // dispatches notifications concurrently, so the last update may miss it; a client-wide
        // handler sees every one, in any order.
        await using var updates = NotificationRecorder<(string? Token, double Progress)>.Start(client, NotificationMethods.ProgressNotification, n => (n.Params?["progressToken"]?.ToString(), Notified.Progress(n)));

        // Three calls, so that the POST lands once on each silo, wherever the session and upstream grains live.
        for (var call = 0; call < 3; call++)
        {
            var result = await client.CallToolAsync(
                "alpha__slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 }, new Progress<ModelContextProtocol.ProgressNotificationValue>());

            Assert.False(result.IsError ?? false);
            // Three steps, three updates with one token, whichever silos the POST, the session and the upstream session are on.
            var expected = 3 * (call + 1);
            var received = await updates.UntilAsync(expected, $"the three progress updates of call {call} to arrive");
            var these = received.Skip(expected - 3).ToList();
            Assert.Equal(expected, received.Count);
            Assert.Single(these.Select(u => u.Token).Distinct());
            Assert.Equal([1.0, 2.0, 3.0], these.Select(u => u.Progress).Order());
        }
    }

    [Fact]
    public async Task Sampling_FromAnUpstream_ReachesTheClient_AndItsAnswerTheUpstream_WhicheverSilosCarryThem()
    {
        var options = new AnsweringClient().Options("round-robin-model", prompt => "re: " + prompt);
        await using var client = await cluster.ConnectRoundRobinAsync(options);

        // Three calls: the tool call's POST, the client's stream and the client's answer land on
        // silos in turn, wherever the session grain and its upstream session are.
        for (var call = 0; call < 3; call++)
        {
            var result = await client.CallToolAsync("alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = $"question {call}" });

            Assert.Equal($"sampled by round-robin-model: re: question {call}", Mcp.MergedEndpointTests.Text(result));
        }
    }

    [Fact]
    public async Task AResourceSubscription_ReceivesUpdates_WhicheverSilosTheStreamAndTheUpstreamSessionAreOn()
    {
        await using var client = await cluster.ConnectRoundRobinAsync();
        await using var updates = NotificationRecorder<string>.Start(client, NotificationMethods.ResourceUpdatedNotification, Notified.Uri);

        await client.SubscribeToResourceAsync("test://static/hello");
        var told = await client.CallToolAsync("alpha__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });
        var received = await updates.UntilAsync(1, "the resource update");

        Assert.Equal("notified 1", Mcp.MergedEndpointTests.Text(told));
        Assert.Equal(["test://static/hello"], received);
    }

    [Fact]
    public async Task ListChanged_FromTheUpstream_ReachesAStreamOpenOnAnotherSilo()
    {
        var sessionId = await new RawMcp(cluster.Silos[0].Http).InitializeAsync(ThreeSiloCluster.AliceKey);
        await using var stream = await SseStream.OpenAsync(cluster.Silos[2].Http, sessionId);
        var name = "fresh" + Guid.NewGuid().ToString("N")[..8];

        var (status, body, _) = await new RawMcp(cluster.Silos[1].Http).PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"alpha__add_tool","arguments":{"name":"NAME"}}}""".Replace("NAME", name),
            sessionId, apiKey: ThreeSiloCluster.AliceKey);
        var changed = await stream.NextAsync("notifications/tools/list_changed", TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body?["error"]);
        Assert.Equal("notifications/tools/list_changed", (string?)changed.Data["method"]);
        foreach (var silo in cluster.Silos)
        {
            var tools = await Poll.UntilAsync(
                async () => await ToolNamesAsync(silo, sessionId),
                names => names.Contains("alpha__" + name),
                $"alpha__{name} in tools/list on {silo.BaseUrl}");
            Assert.Contains("alpha__" + name, tools);
        }
    }

    [Fact]
    public async Task ToolCountersAndCatalogVersion_AreTheSame_WhicheverSiloIsAsked()
    {
        await using var client = await cluster.ConnectRoundRobinAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.CallToolAsync("alpha__add", new Dictionary<string, object?> { ["a"] = i, ["b"] = 1 });
        }

        // Counting is one-way (it never delays the call), so the fifth may land a moment after the answer.
        await Poll.UntilAsync(async () => (await ReadAddAsync(cluster.Silos[0])).Calls >= 5, "five calls of alpha__add to be counted");
        var answers = new List<(long Version, long Calls)>();
        foreach (var silo in cluster.Silos)
        {
            answers.Add(await ReadAddAsync(silo));
        }

        // No other test of the cluster calls alpha__add: each of the five calls counted once.
        Assert.Equal(5, answers[0].Calls);
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }

    [Fact]
    public async Task EveryGrain_IsActiveOnOneSiloAtMost_AfterTrafficThroughAllThree()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cluster.ConnectRoundRobinAsync()));
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var i = 0; i < 5; i++)
            {
                await c.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "x" });
            }
        }));

        var statistics = await ThreeSiloCluster.Grains(cluster.Silos[0]).GetGrain<Orleans.Runtime.IManagementGrain>(0).GetDetailedGrainStatistics();
        var active = statistics
            .Where(s => s.GrainType.Contains("Gateway", StringComparison.Ordinal))
            .Select(s => (Grain: s.GrainId, s.SiloAddress))
            .GroupBy(a => a.Grain)
            .ToList();
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        Assert.NotEmpty(active);
        Assert.All(active, grain => Assert.Single(grain));
        Assert.True(active.Select(g => g.First().SiloAddress).Distinct().Count() > 1, "grains are spread over more than one silo: " + string.Join("; ", active.Select(g => $"{g.Key} @{g.First().SiloAddress}")));
    }

    [Fact]
    public async Task AdminCluster_ShowsTheSameThreeActiveSilos_FromEverySilo()
    {
        var answers = new List<JsonObject>();
        foreach (var silo in cluster.Silos)
        {
            answers.Add((await silo.Http.GetFromJsonAsync<JsonObject>("/admin/cluster"))!);
        }

        var selves = answers.Select(a => (string)a["self"]!).ToList();
        Assert.Equal(3, selves.Distinct().Count());
        Assert.All(answers, answer =>
        {
            Assert.Equal("postgres", (string?)answer["provider"]);
            Assert.Equal(cluster.ClusterId, (string?)answer["clusterId"]);
            Assert.Equal("Active", (string?)answer["status"]);
            Assert.Equal(3, (int)answer["activeSilos"]!);
            var active = answer["silos"]!.AsArray().Where(s => (string?)s!["status"] == "Active").Select(s => (string)s!["address"]!).ToList();
            Assert.Equal(selves.Order(StringComparer.Ordinal), active.Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public async Task ASessionOfAlice_IsNotFound_ForBob_OnEverySilo()
    {
        var alices = await new RawMcp(cluster.Silos[0].Http).InitializeAsync(ThreeSiloCluster.AliceKey);

        foreach (var silo in cluster.Silos)
        {
            var raw = new RawMcp(silo.Http);
            var (foreign, body, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", alices, apiKey: ThreeSiloCluster.BobKey);
            var (own, _, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"ping"}""", alices, apiKey: ThreeSiloCluster.AliceKey);

            Assert.Equal(HttpStatusCode.NotFound, foreign);
            Assert.NotNull(body?["error"]);
            Assert.Equal(HttpStatusCode.OK, own);
        }

        var (forged, _, _) = await new RawMcp(cluster.Silos[1].Http).PostAsync(
            """{"jsonrpc":"2.0","id":4,"method":"ping"}""", "forged-" + Guid.NewGuid().ToString("N"), apiKey: ThreeSiloCluster.AliceKey);
        Assert.Equal(HttpStatusCode.NotFound, forged);
    }

    private static async Task<(long Version, long Calls)> ReadAddAsync(GatewayInstance silo)
    {
        var tools = (await silo.Http.GetFromJsonAsync<JsonObject>("/admin/tools"))!;
        var add = tools["tools"]!.AsArray().SingleOrDefault(t => (string?)t!["name"] == "alpha__add");
        return ((long)tools["version"]!, (long?)add?["calls"] ?? 0);
    }


    private static async Task<List<string>> ToolNamesAsync(GatewayInstance silo, string sessionId)
    {
        var (_, body, _) = await new RawMcp(silo.Http).PostAsync(
            """{"jsonrpc":"2.0","id":9,"method":"tools/list"}""", sessionId, apiKey: ThreeSiloCluster.AliceKey);
        return body?["result"]?["tools"]?.AsArray().Select(t => (string)t!["name"]!).ToList() ?? [];
    }
}
