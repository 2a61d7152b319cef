using System.Collections.Concurrent;
using Gateway.Streams;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Gateway.Transports.Streams;

/// <summary>
/// The client streams open on this silo, and delivery to streams anywhere. The registry is this
/// silo's grain observer (<see cref="IClientStreamSink"/>): a stream's address is that observer
/// plus the stream's id. Delivery to a stream here is a write to its channel; to one elsewhere, a
/// call to that silo's observer. An unreachable silo means "not delivered", and the session keeps
/// the item for the client's resumption (Last-Event-ID).
/// </summary>
public sealed partial class ClientStreamRegistry(IGrainFactory grains, ILogger<ClientStreamRegistry> logger)
    : IClientStreamSink, IClientStreamDelivery
{
    private readonly ConcurrentDictionary<string, ClientStream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IClientStreamSink? _self;
    private long _nextId;

    public IEnumerable<ClientStream> Standalone => _streams.Values.Where(s => s.Standalone);

    /// <summary>This silo's sink as other silos address it; made on first use, once the silo runs.</summary>
    private IClientStreamSink Self
    {
        get
        {
            if (Volatile.Read(ref _self) is { } self)
            {
                return self;
            }

            lock (_gate)
            {
                // The registry is a singleton, so it outlives the reference (observers are held weakly).
                return _self ??= grains.CreateObjectReference<IClientStreamSink>(this);
            }
        }
    }

    public ClientStream Open(string sessionId, string? server, bool standalone)
    {
        // Stream ids are addresses inside the cluster, never shown to clients, so a counter will do.
        var id = Interlocked.Increment(ref _nextId).ToString("x");
        var stream = new ClientStream(new StreamAddress(Self, id), sessionId, server, standalone);
        _streams[id] = stream;
        return stream;
    }

    public void Close(ClientStream stream)
    {
        _streams.TryRemove(stream.Address.StreamId, out _);
        stream.Complete();
    }

    public Task<bool> DeliverAsync(string streamId, StreamItem item) => Task.FromResult(WriteHere(streamId, item));

    public async ValueTask<bool> DeliverAsync(StreamAddress target, StreamItem item)
    {
        // Not Self: grains deliver too, and Orleans refuses to make an object reference inside a
        // grain's turn. Every stream opened here made the reference, so without one the target is elsewhere.
        if (Volatile.Read(ref _self) is { } self && target.Sink.Equals(self))
        {
            return WriteHere(target.StreamId, item);
        }

        try
        {
            return await target.Sink.DeliverAsync(target.StreamId, item);
        }
        catch (Exception ex)
        {
            LogNotDelivered(logger, ex.Message);
            return false;
        }
    }

    public Task<bool> IsOpenAsync(string streamId) => Task.FromResult(_streams.ContainsKey(streamId));

    public async ValueTask<bool> IsOpenAsync(StreamAddress target)
    {
        if (Volatile.Read(ref _self) is { } self && target.Sink.Equals(self))
        {
            return _streams.ContainsKey(target.StreamId);
        }

        try
        {
            return await target.Sink.IsOpenAsync(target.StreamId);
        }
        catch (Exception ex)
        {
            LogNotAsked(logger, ex.Message);
            return false;
        }
    }

    private bool WriteHere(string streamId, StreamItem item) => _streams.TryGetValue(streamId, out var stream) && stream.TryWrite(item);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Debug, Message = "A stream item for another silo was not delivered: {Reason}")]
    private static partial void LogNotDelivered(ILogger logger, string reason);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Debug, Message = "A stream on another silo could not be asked whether it is open: {Reason}")]
    private static partial void LogNotAsked(ILogger logger, string reason);
}
