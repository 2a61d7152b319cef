using System.Runtime.CompilerServices;
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

    /// <summary>
    /// The items as they arrive, until the stream is closed or <paramref name="until"/> completes
    /// (the items already there still come). With <paramref name="keepAlive"/>, each quiet interval
    /// runs it once.
    /// </summary>
    public async IAsyncEnumerable<StreamItem> ReadAsync(
        Task? until, StreamKeepAlive? keepAlive, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One wait for items at a time, kept across keep-alives, so an idle stream piles up no waiters.
        Task<bool>? ready = null;
        while (true)
        {
            while (Reader.TryRead(out var item))
            {
                yield return item;
            }

            if (until is { IsCompleted: true })
            {
                yield break;
            }

            ready ??= Reader.WaitToReadAsync(cancellationToken).AsTask();
            var woken = await WakeAsync(until is null ? ready : Task.WhenAny(ready, until), keepAlive, cancellationToken);
            if (woken && ready.IsCompleted)
            {
                if (!await ready)
                {
                    yield break;
                }

                ready = null;
            }
        }
    }

    /// <summary>False when the stream stayed quiet for a keep-alive interval instead.</summary>
    private static async Task<bool> WakeAsync(Task wake, StreamKeepAlive? keepAlive, CancellationToken cancellationToken)
    {
        if (keepAlive is null)
        {
            await wake;
            return true;
        }

        try
        {
            await wake.WaitAsync(keepAlive.Interval, keepAlive.Time, cancellationToken);
            return true;
        }
        catch (TimeoutException) when (!wake.IsCompleted)
        {
            await keepAlive.SendAsync(cancellationToken);
            return false;
        }
    }

    internal bool TryWrite(StreamItem item) => _channel.Writer.TryWrite(item);

    internal void Complete() => _channel.Writer.TryComplete();
}
