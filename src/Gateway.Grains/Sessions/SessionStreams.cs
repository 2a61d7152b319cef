using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// Where a session's server-to-client messages go: its standalone GET stream when one is open
/// (kept in memory only; a stream still open after the activation moved is learned again at its
/// next keep-alive), else the stream of a request in flight. Messages meant for the standalone
/// stream are kept in the outbox for resumption with Last-Event-ID.
/// </summary>
public sealed class SessionStreams(IClientStreamDelivery delivery)
{
    private readonly SessionOutbox _outbox = new(capacity: 256);
    private StreamAddress? _standalone;

    /// <summary>Makes the stream the session's standalone stream and replays what it missed.</summary>
    public async Task AttachAsync(StreamAddress stream, string? lastEventId)
    {
        _standalone = stream;
        foreach (var item in _outbox.Replay(lastEventId))
        {
            await delivery.DeliverAsync(stream, item);
        }
    }

    /// <summary>A keep-alive of a stream opened before this activation: it becomes the standalone stream if there is none.</summary>
    public void Keep(StreamAddress stream) => _standalone ??= stream;

    /// <summary>
    /// Whether the client listens on a standalone stream now, asked of the stream's silo: the
    /// address kept here outlives a stream whose silo died. A stream found closed is forgotten.
    /// </summary>
    public async Task<bool> IsListeningAsync()
    {
        if (_standalone is not { } stream)
        {
            return false;
        }

        if (await delivery.IsOpenAsync(stream))
        {
            return true;
        }

        Detach(stream);
        return false;
    }

    public void Detach(StreamAddress stream)
    {
        if (_standalone == stream)
        {
            _standalone = null;
        }
    }

    /// <summary>
    /// Sends a message (a notification, or a request of the server's) to the standalone stream,
    /// keeping it for replay; without one, to the newest request stream that takes it, and then it
    /// is not kept, so a resumed stream does not repeat it. False when no stream took it.
    /// </summary>
    public async Task<bool> PushAsync(JsonRpcMessage message, IEnumerable<StreamAddress> requestStreams)
    {
        var entry = _outbox.Add(message);
        if (_standalone is { } stream)
        {
            if (await delivery.DeliverAsync(stream, entry.Item))
            {
                entry.Delivered = true;
                return true;
            }

            Detach(stream);
        }

        foreach (var reply in requestStreams)
        {
            if (await delivery.DeliverAsync(reply, new StreamItem(message)))
            {
                _outbox.Forget(entry);
                return true;
            }
        }

        return false;
    }
}
