namespace Gateway.Streams;

/// <summary>
/// The client streams open on one silo, reachable from every grain as a grain observer. One
/// object per silo, so a stream address costs no registration beyond its id.
/// </summary>
[Alias("gw.IClientStreamSink")]
public interface IClientStreamSink : IGrainObserver
{
    /// <summary>False when the stream is closed (or was never open on this silo).</summary>
    [Alias("Deliver")]
    Task<bool> DeliverAsync(string streamId, StreamItem item);

    /// <summary>Whether the stream is still open here: a session whose client only listens is not idle.</summary>
    [Alias("IsOpen")]
    Task<bool> IsOpenAsync(string streamId);
}
