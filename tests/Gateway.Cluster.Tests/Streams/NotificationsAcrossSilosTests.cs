using System.Text.Json.Nodes;
using Gateway.Cluster.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace Gateway.Cluster.Tests.Streams;

/// <summary>
/// Server-to-client messages reach a client stream open on another silo than the session grain's:
/// from the upstream session (progress) and from the catalog (list_changed).
/// </summary>
public sealed class NotificationsAcrossSilosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Progress_ReachesTheRequestsStream_OnAnotherSiloThanTheSessionGrain()
    {
        await using var cluster = await GatewayTestCluster.StartAsync(output);
        var session = await GrainSession.InitializeAsync(cluster, silo: 0);
        var stream = cluster.Streams(1).Open(session.Id, null, standalone: false);

        // The request comes in on silo 1, whose front door would hold the POST's stream.
        var reply = await session.RequestAsync(1, RequestMethods.ToolsCall,
            GrainSession.ToolCall(GatewayTestCluster.Stdio + "__slow", new JsonObject { ["ms"] = 300, ["steps"] = 3 }, progressToken: "p-7"),
            stream);
        var progress = new List<(double, string?)>();
        for (var i = 0; i < 3; i++)
        {
            progress.Add((await stream.NextAsync(NotificationMethods.ProgressNotification)).Progress());
        }

        Assert.Equal("done", GrainSession.Text(reply));
        // The slow tool reports each of its three steps; each reaches the stream with the client's own token.
        Assert.Equal([(1.0, "p-7"), (2.0, "p-7"), (3.0, "p-7")], progress);
        Assert.Equal(0, await cluster.SessionHostAsync(session.Id));
    }

    [Fact]
    public async Task ToolsListChanged_ReachesTheStandaloneStream_OnAnotherSiloThanTheSessionGrain()
    {
        await using var cluster = await GatewayTestCluster.StartAsync(output, withHttpUpstream: true);
        var session = await GrainSession.InitializeAsync(cluster, silo: 0);
        var stream = await session.OpenStandaloneStreamAsync(2);
        var caughtUp = stream.Reader.TryRead(out _);
        var name = "fresh" + Guid.NewGuid().ToString("N")[..8];

        // Added on the HTTP upstream, whose tool list every session shares, through silo 1.
        var added = await session.CallToolAsync(1, GatewayTestCluster.Http + "__add_tool", new JsonObject { ["name"] = name });
        var changed = await stream.NextAsync(NotificationMethods.ToolListChangedNotification);
        var listed = await Poll.UntilAsync(
            async () => ToolNames(await session.RequestAsync(1, RequestMethods.ToolsList)),
            names => names.Contains($"{GatewayTestCluster.Http}__{name}"),
            $"{GatewayTestCluster.Http}__{name} in tools/list through silo 1");

        // Nothing was pending when the stream opened: the notification came from the change.
        Assert.False(caughtUp, "the stream got a message before the tool was added");
        Assert.Equal($"added {name}", added);
        Assert.Equal(NotificationMethods.ToolListChangedNotification, changed.Method);
        Assert.Contains($"{GatewayTestCluster.Http}__{name}", listed);
        Assert.Equal(0, await cluster.SessionHostAsync(session.Id));
    }

    private static List<string> ToolNames(Gateway.Sessions.SessionReply reply) =>
        (reply.Response as JsonRpcResponse)?.Result?["tools"]?.AsArray().Select(t => (string)t!["name"]!).ToList() ?? [];
}
