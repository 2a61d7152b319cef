using Gateway.Sessions;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.UnitTests.Sessions;

/// <summary>
/// The resumption buffer of a session's standalone stream: event ids "{epoch}-{sequence}", where
/// the epoch is drawn anew for each activation, so an id of another activation never passes for
/// one of this one.
/// </summary>
public sealed class SessionOutboxTests
{
    [Fact]
    public void EventIds_ShareTheirActivationsEpoch_AndCountUpFromOne()
    {
        var outbox = new SessionOutbox(capacity: 8);

        var ids = Enumerable.Range(0, 3).Select(_ => outbox.Add(Message()).Item.EventId!).ToList();

        var epoch = Epoch(ids[0]);
        Assert.Matches("^[0-9a-f]{8}$", epoch);
        Assert.Equal([$"{epoch}-1", $"{epoch}-2", $"{epoch}-3"], ids);
    }

    [Fact]
    public void Replay_AfterAnIdOfThisActivation_ReturnsEverythingAfterIt_DeliveredOrNot()
    {
        var outbox = new SessionOutbox(capacity: 8);
        var entries = Enumerable.Range(0, 3).Select(_ => outbox.Add(Message())).ToList();
        entries.ForEach(e => e.Delivered = true);

        var replayed = outbox.Replay(entries[0].Item.EventId);

        Assert.Equal(entries.Skip(1).Select(e => e.Item.EventId), replayed.Select(i => i.EventId));
    }

    [Fact]
    public void Replay_WithoutAnId_ReturnsWhatWasNeverDelivered_Once()
    {
        var outbox = new SessionOutbox(capacity: 8);
        var entries = Enumerable.Range(0, 3).Select(_ => outbox.Add(Message())).ToList();
        entries[0].Delivered = true;

        var first = outbox.Replay(null);
        var second = outbox.Replay(null);

        Assert.Equal(entries.Skip(1).Select(e => e.Item.EventId), first.Select(i => i.EventId));
        Assert.Empty(second);
    }

    [Fact]
    public void Replay_WithAnIdOfAnotherActivation_ReturnsOnlyWhatWasNeverDelivered()
    {
        var earlier = new SessionOutbox(capacity: 8);
        var current = new SessionOutbox(capacity: 8);
        var idOfEarlier = earlier.Add(Message()).Item.EventId!;
        var entries = Enumerable.Range(0, 3).Select(_ => current.Add(Message())).ToList();
        entries[0].Delivered = true;
        entries[1].Delivered = true;

        // Sequence 1 in the current epoch would replay entries 2 and 3; from another epoch it means nothing.
        var replayed = current.Replay(idOfEarlier);

        Assert.EndsWith("-1", idOfEarlier, StringComparison.Ordinal);
        Assert.Equal([entries[2].Item.EventId], replayed.Select(i => i.EventId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dash-number-x")]
    [InlineData("-1")]
    [InlineData("12345678-")]
    public void Replay_WithAMalformedId_ReturnsOnlyWhatWasNeverDelivered(string lastEventId)
    {
        var outbox = new SessionOutbox(capacity: 8);
        var delivered = outbox.Add(Message());
        delivered.Delivered = true;
        var pending = outbox.Add(Message());

        var replayed = outbox.Replay(lastEventId);

        Assert.Equal([pending.Item.EventId], replayed.Select(i => i.EventId));
    }

    [Fact]
    public void Add_BeyondCapacity_DropsTheOldestFirst()
    {
        var outbox = new SessionOutbox(capacity: 2);
        var entries = Enumerable.Range(0, 3).Select(_ => outbox.Add(Message())).ToList();

        var replayed = outbox.Replay(null);

        Assert.Equal(entries.Skip(1).Select(e => e.Item.EventId), replayed.Select(i => i.EventId));
    }

    [Fact]
    public void Forget_TakesAnEntryOutOfEveryReplay()
    {
        var outbox = new SessionOutbox(capacity: 8);
        var first = outbox.Add(Message());
        var forgotten = outbox.Add(Message());
        var last = outbox.Add(Message());

        outbox.Forget(forgotten);

        // What was never delivered, then everything after the first: the forgotten entry in neither.
        Assert.Equal([first.Item.EventId, last.Item.EventId], outbox.Replay(null).Select(i => i.EventId));
        Assert.Equal([last.Item.EventId], outbox.Replay(first.Item.EventId).Select(i => i.EventId));
    }

    [Fact]
    public void Replayed_Items_CarryTheMessageThatWasAdded()
    {
        var outbox = new SessionOutbox(capacity: 8);
        var message = Message();
        outbox.Add(message);

        var item = Assert.Single(outbox.Replay(null));

        Assert.Same(message, item.Message);
    }

    private static JsonRpcNotification Message() => new() { Method = NotificationMethods.ToolListChangedNotification };

    private static string Epoch(string eventId) => eventId[..eventId.LastIndexOf('-')];
}
