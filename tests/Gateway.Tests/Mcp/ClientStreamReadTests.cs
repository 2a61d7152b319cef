using System.Threading.Channels;
using Gateway.Protocol;
using Gateway.Streams;
using Gateway.Transports.Streams;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp;

/// <summary>Reading a client stream, as the GET stream (keep-alives) and a POST's SSE answer (until the reply) do.</summary>
public sealed class ClientStreamReadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAsync_WhenQuietForTheInterval_KeepsAliveOnce_ThenDeliversWhatComes()
    {
        var stream = NewStream();
        var time = new FakeTimeProvider();
        var keptAlive = Channel.CreateUnbounded<bool>();
        var keepAlive = new StreamKeepAlive(TimeSpan.FromSeconds(15), time, _ => Task.FromResult(keptAlive.Writer.TryWrite(true)));
        await using var items = stream.ReadAsync(until: null, keepAlive, CancellationToken.None).GetAsyncEnumerator();

        var next = items.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(15));
        await keptAlive.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
        stream.TryWrite(Item("after the keep-alive"));

        Assert.True(await next.WaitAsync(Deadline));
        Assert.Equal("after the keep-alive", Method(items.Current));
        Assert.False(keptAlive.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ReadAsync_UntilATaskCompletes_YieldsWhatArrived_ThenEnds()
    {
        var stream = NewStream();
        var reply = new TaskCompletionSource();
        stream.TryWrite(Item("progress"));
        await using var items = stream.ReadAsync(reply.Task, keepAlive: null, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await items.MoveNextAsync());
        var first = Method(items.Current);
        var next = items.MoveNextAsync().AsTask();
        reply.SetResult();

        Assert.Equal("progress", first);
        Assert.False(await next.WaitAsync(Deadline));
    }

    [Fact]
    public async Task ReadAsync_EndsWhenTheStreamCloses()
    {
        var stream = NewStream();
        await using var items = stream.ReadAsync(until: null, keepAlive: null, CancellationToken.None).GetAsyncEnumerator();

        var next = items.MoveNextAsync().AsTask();
        stream.Complete();

        Assert.False(await next.WaitAsync(Deadline));
    }

    private static ClientStream NewStream() => new(new StreamAddress(new NoSink(), "1"), "session", server: null, standalone: true);

    private static StreamItem Item(string method) => new(JsonRpc.Notification(method));

    private static string Method(StreamItem item) => ((JsonRpcNotification)item.Message).Method;

    private sealed class NoSink : IClientStreamSink
    {
        public Task<bool> DeliverAsync(string streamId, StreamItem item) => Task.FromResult(false);

        public Task<bool> IsOpenAsync(string streamId) => Task.FromResult(false);
    }
}
