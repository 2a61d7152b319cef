using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp;

/// <summary>
/// resources/subscribe through the gateway: each client session subscribes through its own
/// upstream session, so an update reaches the sessions subscribed to that resource only; the
/// subscriptions are kept by the session, bounded, and renewed on a new upstream session.
/// The upstream is one test upstream over Streamable HTTP, whose touch_resource tool tells every
/// session subscribed to a URI that it changed.
/// </summary>
public sealed class ResourceSubscriptionTests : IAsyncLifetime
{
    private const string Hello = "test://static/hello";
    private const string Info = "test://static/info";

    private TestUpstreamProcess _alpha = null!;
    private GatewayInstance _gateway = null!;

    public async Task InitializeAsync()
    {
        _alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", _alpha.Url));
        config["Sessions"] = new JsonObject { ["MaxSubscriptions"] = 2 };
        _gateway = await GatewayInstance.StartAsync(config);
        await _gateway.WaitForUpstreamsAsync("alpha");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _alpha.DisposeAsync();
    }

    [Fact]
    public async Task AnUpdate_ReachesTheSessionsSubscribedToThatResource_Only()
    {
        var (a, aUpdates) = await ConnectAsync();
        var (b, bUpdates) = await ConnectAsync();
        await using var _ = a;
        await using var __ = b;

        await a.SubscribeToResourceAsync(Hello);
        await b.SubscribeToResourceAsync(Info);
        var toldOfHello = await TouchAsync(a, Hello);
        var toldOfInfo = await TouchAsync(a, Info);

        Assert.Equal("notified 1", toldOfHello);
        Assert.Equal("notified 1", toldOfInfo);
        Assert.Equal([Hello], await UpdatesAsync(aUpdates, 1));
        Assert.Equal([Info], await UpdatesAsync(bUpdates, 1));
    }

    [Fact]
    public async Task AfterUnsubscribe_NoMoreUpdates_AndAnotherSubscriptionStillWorks()
    {
        var (a, updates) = await ConnectAsync();
        await using var _ = a;

        await a.SubscribeToResourceAsync(Hello);
        await TouchAsync(a, Hello);
        await UpdatesAsync(updates, 1);
        await a.UnsubscribeFromResourceAsync(Hello);
        await a.SubscribeToResourceAsync(Info);
        var afterUnsubscribe = await TouchAsync(a, Hello);
        await TouchAsync(a, Info);

        Assert.Equal("notified 0", afterUnsubscribe);
        Assert.Equal([Hello, Info], await UpdatesAsync(updates, 2));
    }

    [Fact]
    public async Task BeyondMaxSubscriptions_IsRefusedNamingTheLimit_AndAnUnknownUriIsNotFound()
    {
        var (a, _) = await ConnectAsync();
        await using var __ = a;

        await a.SubscribeToResourceAsync(Hello);
        await a.SubscribeToResourceAsync(Info);
        await a.SubscribeToResourceAsync(Hello);
        var tooMany = await Assert.ThrowsAsync<McpProtocolException>(() => a.SubscribeToResourceAsync("test://items/7"));
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => a.SubscribeToResourceAsync("nowhere://x"));

        Assert.Equal(GatewayErrorCodes.InvalidParams, (int)tooMany.ErrorCode);
        Assert.Contains("Gateway:Sessions:MaxSubscriptions", tooMany.Message);
        Assert.Equal(GatewayErrorCodes.ResourceNotFound, (int)unknown.ErrorCode);
        Assert.Contains("nowhere://x", unknown.Message);
    }

    [Fact]
    public async Task AnUpstreamRestarted_GetsTheSubscriptionsAgain_OnTheSessionsNewUpstreamSession()
    {
        var (a, updates) = await ConnectAsync();
        await using var _ = a;
        await a.SubscribeToResourceAsync(Hello);

        // The upstream process goes, and another comes on the same port: the old upstream session is unknown there.
        var port = _alpha.Port;
        await _alpha.DisposeAsync();
        _alpha = await TestUpstreamProcess.StartHttpAsync("alpha", port);
        var told = await Poll.UntilAsync(() => TouchAsync(a, Hello), t => t == "notified 1", "the restarted upstream to know the subscription");

        Assert.Equal("notified 1", told);
        Assert.Equal([Hello], await UpdatesAsync(updates, 1));
    }

    private async Task<(McpClient Client, List<string> Updates)> ConnectAsync()
    {
        var client = await _gateway.ConnectAsync();
        var updates = new List<string>();
        client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (notification, _) =>
        {
            lock (updates)
            {
                updates.Add((string?)notification.Params?["uri"] ?? "");
            }

            return ValueTask.CompletedTask;
        });
        return (client, updates);
    }

    private static async Task<string> TouchAsync(McpClient client, string uri)
    {
        try
        {
            return MergedEndpointTests.Text(await client.CallToolAsync("alpha__touch_resource", new Dictionary<string, object?> { ["uri"] = uri }));
        }
        catch (McpException ex)
        {
            return ex.Message;
        }
    }

    private static async Task<List<string>> UpdatesAsync(List<string> updates, int count)
    {
        var seen = await Poll.UntilAsync(() =>
        {
            lock (updates)
            {
                return Task.FromResult(updates.ToList());
            }
        }, u => u.Count >= count, $"{count} resource update(s)");
        return seen;
    }
}
