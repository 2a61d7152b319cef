using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// An upstream's transport whose incoming messages are shown to an observer in the order they were
/// read, before the SDK hands each to the thread pool: its session handler runs every message's
/// handling concurrently, so its notification handlers see an upstream's progress in any order, and
/// possibly after the answer that followed it on the wire. Reading goes through unchanged, with no
/// copy and no extra hop: the observer runs inside the SDK's own read of each message, and may take
/// a message for itself (a request of the server's that the gateway carries to its client).
/// </summary>
public sealed class ObservedClientTransport(IClientTransport inner, Func<JsonRpcMessage, bool> observe) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new ObservedTransport(await inner.ConnectAsync(cancellationToken), observe);

    private sealed class ObservedTransport(ITransport inner, Func<JsonRpcMessage, bool> observe) : ITransport
    {
        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader { get; } = new ObservedReader(inner.MessageReader, observe);

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            inner.SendMessageAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>
    /// The transport's reader; its completion (and the error the SDK reads the close from) is the
    /// inner one's. A message the observer takes for itself is not handed to the SDK.
    /// </summary>
    private sealed class ObservedReader(ChannelReader<JsonRpcMessage> inner, Func<JsonRpcMessage, bool> observe) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => inner.Completion;

        public override bool TryRead(out JsonRpcMessage item)
        {
            while (inner.TryRead(out item!))
            {
                if (!observe(item))
                {
                    return true;
                }
            }

            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
    }
}
