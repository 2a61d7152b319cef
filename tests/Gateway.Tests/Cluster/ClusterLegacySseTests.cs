using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Cluster;

/// <summary>
/// The legacy HTTP+SSE transport behind a round-robin balancer: the GET /sse stream stays on one
/// silo while the POSTs of /messages land on every silo in turn, and every answer and notification
/// still reaches the stream.
/// </summary>
[Collection(ThreeSiloCluster.Collection)]
public sealed class ClusterLegacySseTests(ThreeSiloCluster cluster)
{
    [Fact]
    public async Task LegacySseClient_WithPostsOnEverySilo_KeepsOneSessionAndGetsEveryAnswer()
    {
        await using var client = await cluster.ConnectRoundRobinAsync(mode: HttpTransportMode.Sse);

        var tools = await client.ListToolsAsync();
        var counts = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            counts.Add(((TextContentBlock)(await client.CallToolAsync("alpha__counter")).Content[0]).Text);
        }

        Assert.Contains(tools, t => t.Name == "alpha__echo");
        // Six POSTs over three silos, one session and one upstream session behind them all.
        Assert.Equal(["1", "2", "3", "4", "5", "6"], counts);
    }

    [Fact]
    public async Task LegacySseClient_GetsProgress_WhicheverSiloThePostLandsOn()
    {
        await using var client = await cluster.ConnectRoundRobinAsync(mode: HttpTransportMode.Sse);
        await using var updates = NotificationRecorder<(string? Token, double Progress)>.Start(client, NotificationMethods.ProgressNotification, n => (n.Params?["progressToken"]?.ToString(), Notified.Progress(n)));

        // Three calls, so that a POST lands on each silo.
        for (var call = 0; call < 3; call++)
        {
            var result = await client.CallToolAsync(
                "alpha__slow", new Dictionary<string, object?> { ["ms"] = 300, ["steps"] = 3 }, new Progress<ProgressNotificationValue>());
            Assert.Equal("done", ((TextContentBlock)result.Content[0]).Text);
        }

        var received = await updates.UntilAsync(9, "nine progress notifications");
        Assert.Equal(3, received.Select(u => u.Token).Distinct().Count());
        Assert.All(received.GroupBy(u => u.Token), call => Assert.Equal([1.0, 2.0, 3.0], call.Select(u => u.Progress).Order()));
    }
}
