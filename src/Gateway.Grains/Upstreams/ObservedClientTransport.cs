using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// An upstream's transport whose incoming messages are shown to an observer in the order they were
/// read, before the SDK hands each to the thread pool: its session handler runs every message's
/// handling concurrently, so its notification handlers see an upstream's progress in any order, and
/// possibly after the answer that followed it on the wire. Reading goes through unchanged, with no
/// copy and no extra hop: the observer runs inside the SDK's own read of each message.
/// </summary>
public sealed class ObservedClientTransport(IClientTransport inner, Action<JsonRpcMessage> observe) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new ObservedTransport(await inner.ConnectAsync(cancellationToken), observe);

    private sealed class ObservedTransport(ITransport inner, Action<JsonRpcMessage> observe) : ITransport
    {
        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader { get; } = new ObservedReader(inner.MessageReader, observe);

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            inner.SendMessageAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>The transport's reader; its completion (and the error the SDK reads the close from) is the inner one's.</summary>
    private sealed class ObservedReader(ChannelReader<JsonRpcMessage> inner, Action<JsonRpcMessage> observe) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => inner.Completion;

        public override bool TryRead(out JsonRpcMessage item)
        {
            if (!inner.TryRead(out item!))
            {
                return false;
            }

            observe(item);
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
    }
}
