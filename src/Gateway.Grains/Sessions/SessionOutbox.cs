using System.Security.Cryptography;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// The last messages meant for a session's standalone stream, for resumption (Streamable HTTP,
/// "Resumability and Redelivery"). Event ids are "{epoch}-{sequence}": the epoch is new for each
/// activation, so an id from an activation that is gone is recognised as such and replays nothing
/// rather than the wrong messages. Bounded: the oldest entries fall out first.
/// </summary>
public sealed class SessionOutbox(int capacity)
{
    private readonly string _epoch = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly LinkedList<Entry> _entries = new();
    private long _sequence;

    public Entry Add(JsonRpcMessage message)
    {
        var entry = new Entry(++_sequence, new StreamItem(message, $"{_epoch}-{_sequence}"));
        _entries.AddLast(entry);
        if (_entries.Count > capacity)
        {
            _entries.RemoveFirst();
        }

        return entry;
    }

    public void Forget(Entry entry) => _entries.Remove(entry);

    /// <summary>
    /// After a Last-Event-ID of this activation: everything after it. Otherwise: what was never
    /// delivered, since the client cannot have seen it.
    /// </summary>
    public IReadOnlyList<StreamItem> Replay(string? lastEventId)
    {
        var after = Parse(lastEventId);
        var replay = new List<StreamItem>();
        foreach (var entry in _entries)
        {
            if (after is { } sequence ? entry.Sequence > sequence : !entry.Delivered)
            {
                entry.Delivered = true;
                replay.Add(entry.Item);
            }
        }

        return replay;
    }

    private long? Parse(string? eventId)
    {
        var dash = eventId?.LastIndexOf('-') ?? -1;
        return dash > 0 && eventId![..dash] == _epoch && long.TryParse(eventId[(dash + 1)..], out var sequence) ? sequence : null;
    }

    public sealed class Entry(long sequence, StreamItem item)
    {
        public long Sequence { get; } = sequence;

        public StreamItem Item { get; } = item;

        public bool Delivered { get; set; }
    }
}
