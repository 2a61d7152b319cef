using System.Threading.Channels;
using Gateway.Streams;

namespace Gateway.Transports.Streams;

/// <summary>
/// One open server-to-client stream on this silo: a POST's response stream or a session's
/// standalone GET stream. Bounded: a client that stops reading loses the oldest messages rather
/// than growing the silo's memory.
/// </summary>
public sealed class ClientStream
{
    private readonly Channel<StreamItem> _channel = Channel.CreateBounded<StreamItem>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    internal ClientStream(StreamAddress address, string sessionId, string? server, bool standalone)
    {
        Address = address;
        SessionId = sessionId;
        Server = server;
        Standalone = standalone;
    }

    public StreamAddress Address { get; }

    public string SessionId { get; }

    public string? Server { get; }

    /// <summary>True for the GET stream that carries messages unrelated to any request.</summary>
    public bool Standalone { get; }

    public ChannelReader<StreamItem> Reader => _channel.Reader;

    internal bool TryWrite(StreamItem item) => _channel.Writer.TryWrite(item);

    internal void Complete() => _channel.Writer.TryComplete();
}
