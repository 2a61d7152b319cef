using Gateway.Sessions;
using Gateway.Tests.Infrastructure;
using Gateway.Transports.Streams;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Gateway.Tests.Cluster;

/// <summary>
/// A WebSocket holds its client on one silo for the session's whole life, while the session grain,
/// and with it the upstream connection, may live on another: answers, progress and the upstream's
/// requests to the client still cross to the socket, and the upstream session carries on.
/// </summary>
[Collection(ThreeSiloCluster.Collection)]
public sealed class ClusterWebSocketTests(ThreeSiloCluster cluster)
{
    [Fact]
    public async Task ASocketOnOneSilo_WhoseSessionMovedToAnother_KeepsItsUpstreamSession_AndGetsProgressAndSampling()
    {
        var socketSilo = cluster.Silos[0];
        var sessionSilo = cluster.Silos[1];
        var options = new AnsweringClient().Options("socket-model", prompt => "re: " + prompt);
        var streamsBefore = OpenSessions(socketSilo);
        await using var client = await WebSocketClientTransport.ConnectClientAsync(RawWebSocket.Url(socketSilo.BaseUrl), options, ThreeSiloCluster.AliceKey);
        Assert.Equal("1", Mcp.MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));
        var sessionId = OpenSessions(socketSilo).Except(streamsBefore).Single();
        Assert.Same(socketSilo, await cluster.SessionHostAsync(sessionId));

        // The session grain moves to another silo; the socket stays where it is.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, ThreeSiloCluster.Address(sessionSilo));
        await ThreeSiloCluster.Grains(socketSilo).GetGrain<IMcpSessionGrain>(sessionId).Cast<IGrainManagementExtension>().MigrateOnIdle();
        RequestContext.Clear();
        await Poll.UntilAsync(async () => await cluster.SessionHostAsync(sessionId) == sessionSilo, "the session grain to move");

        await using var updates = NotificationRecorder<double>.Start(client, NotificationMethods.ProgressNotification, Notified.Progress);
        var counted = await client.CallToolAsync("alpha__counter");
        var slow = await client.CallToolAsync("alpha__slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 }, new Progress<ProgressNotificationValue>());
        var sampled = await client.CallToolAsync("alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "across silos" });
        var progress = await updates.UntilAsync(3, "three progress notifications");

        // The upstream session was carried on by the session's new silo, not opened anew.
        Assert.Equal("2", Mcp.MergedEndpointTests.Text(counted));
        Assert.Equal("done", Mcp.MergedEndpointTests.Text(slow));
        Assert.Equal([1.0, 2.0, 3.0], progress.Order());
        Assert.Equal("sampled by socket-model: re: across silos", Mcp.MergedEndpointTests.Text(sampled));
        Assert.Same(sessionSilo, await cluster.SessionHostAsync(sessionId));
    }

    private static HashSet<string> OpenSessions(GatewayInstance silo) =>
        [.. silo.Services.GetRequiredService<ClientStreamRegistry>().Standalone.Select(s => s.SessionId)];
}
