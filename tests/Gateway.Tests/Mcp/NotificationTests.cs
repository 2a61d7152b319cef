using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp;

/// <summary>Upstream notifications (logging, list_changed) reach the client through the gateway.</summary>
public sealed class NotificationTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    [Theory]
    [InlineData("alpha")]
    [InlineData("beta")]
    public async Task LoggingMessage_FromUpstream_ReachesTheClientAtItsLevel(string upstream)
    {
        await using var client = await fixture.Gateway.ConnectAsync();
        var messages = Observe(client, NotificationMethods.LoggingMessageNotification);
        await client.SetLoggingLevelAsync(LoggingLevel.Info);

        await client.CallToolAsync($"{upstream}__log", new Dictionary<string, object?> { ["level"] = "debug", ["message"] = "too chatty" });
        await client.CallToolAsync($"{upstream}__log", new Dictionary<string, object?> { ["level"] = "warning", ["message"] = "heads up" });

        var received = await NextAsync(messages, n => n.Params?["data"]?.ToJsonString().Contains("heads up") == true);
        Assert.Equal("warning", (string?)received.Params!["level"]);
        Assert.DoesNotContain(Drain(messages), n => n.Params?["data"]?.ToJsonString().Contains("too chatty") == true);
    }

    [Fact]
    public async Task ToolListChanged_OnTheUpstream_ReachesTheClientAndTheNewToolIsCallable()
    {
        await using var client = await fixture.Gateway.ConnectAsync();
        var changes = Observe(client, NotificationMethods.ToolListChangedNotification);

        await client.CallToolAsync("alpha__add_tool", new Dictionary<string, object?> { ["name"] = "fresh" });

        await NextAsync(changes, _ => true);
        var tools = await Poll.UntilAsync(async () => (await client.ListToolsAsync()).Select(t => t.Name).ToList(),
            names => names.Contains("alpha__fresh"), "alpha__fresh in tools/list");
        Assert.Contains("alpha__fresh", tools);
        var result = await client.CallToolAsync("alpha__fresh");
        Assert.False(result.IsError ?? false);
    }

    private static Channel<JsonRpcNotification> Observe(McpClient client, string method)
    {
        var channel = Channel.CreateUnbounded<JsonRpcNotification>();
        client.RegisterNotificationHandler(method, (n, _) =>
        {
            channel.Writer.TryWrite(n);
            return ValueTask.CompletedTask;
        });
        return channel;
    }

    private static async Task<JsonRpcNotification> NextAsync(Channel<JsonRpcNotification> channel, Func<JsonRpcNotification, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var notification = await channel.Reader.ReadAsync(timeout.Token);
            if (match(notification))
            {
                return notification;
            }
        }
    }

    private static List<JsonRpcNotification> Drain(Channel<JsonRpcNotification> channel)
    {
        var rest = new List<JsonRpcNotification>();
        while (channel.Reader.TryRead(out var n))
        {
            rest.Add(n);
        }

        return rest;
    }
}
