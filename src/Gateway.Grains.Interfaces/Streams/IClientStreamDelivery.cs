namespace Gateway.Streams;

/// <summary>Delivers a server-to-client message to an open client stream, wherever it is.</summary>
public interface IClientStreamDelivery
{
    /// <summary>Returns false when the stream is gone (closed, or its silo is unreachable).</summary>
    ValueTask<bool> DeliverAsync(StreamAddress target, StreamItem item);

    /// <summary>Whether the stream is still open; false when its silo is unreachable.</summary>
    ValueTask<bool> IsOpenAsync(StreamAddress target);
}
