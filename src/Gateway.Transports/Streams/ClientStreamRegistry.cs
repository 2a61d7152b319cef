using System.Collections.Concurrent;
using Gateway.Runtime;
using Gateway.Streams;

namespace Gateway.Transports.Streams;

/// <summary>
/// The client streams open on this silo, and delivery to them. An address on another silo is not
/// reachable from here in a single-silo deployment; the cluster's delivery forwards it instead.
/// </summary>
public sealed class ClientStreamRegistry(SiloIdentity silo) : IClientStreamDelivery
{
    private readonly ConcurrentDictionary<string, ClientStream> _streams = new(StringComparer.Ordinal);
    private long _nextId;

    public IEnumerable<ClientStream> Standalone => _streams.Values.Where(s => s.Standalone);

    public ClientStream Open(string sessionId, string? server, bool standalone)
    {
        // Stream ids are addresses inside the cluster, never shown to clients, so a counter will do.
        var id = Interlocked.Increment(ref _nextId).ToString("x");
        var stream = new ClientStream(new StreamAddress(silo.Id, id), sessionId, server, standalone);
        _streams[id] = stream;
        return stream;
    }

    public void Close(ClientStream stream)
    {
        _streams.TryRemove(stream.Address.StreamId, out _);
        stream.Complete();
    }

    public ValueTask<bool> DeliverAsync(StreamAddress target, StreamItem item, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(
            target.Silo == silo.Id
            && _streams.TryGetValue(target.StreamId, out var stream)
            && stream.TryWrite(item));
}
