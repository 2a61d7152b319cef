using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>The standalone GET stream is resumable with Last-Event-ID, and a client that was away catches up.</summary>
public sealed class ResumptionTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    private const string ToolsChanged = "notifications/tools/list_changed";
    private readonly RawMcp _mcp = new(fixture.Gateway.Http);

    [Fact]
    public async Task ReconnectingWithLastEventId_ReplaysWhatCameAfterIt()
    {
        var session = await _mcp.InitializeAsync();
        string first, second;
        await using (var stream = await SseStream.OpenAsync(fixture.Gateway.Http, session))
        {
            await AddToolAsync(session, "resume_one");
            first = (await stream.NextAsync(ToolsChanged)).Id!;
            await AddToolAsync(session, "resume_two");
            second = (await stream.NextAsync(ToolsChanged)).Id!;
        }

        await using var resumed = await SseStream.OpenAsync(fixture.Gateway.Http, session, lastEventId: first);
        var replayed = await resumed.NextAsync(ToolsChanged);

        Assert.NotNull(first);
        Assert.NotEqual(first, second);
        Assert.Equal(second, replayed.Id);
    }

    [Fact]
    public async Task ChangesMadeWhileNoStreamWasOpen_AreAnnouncedWhenOneOpens()
    {
        var session = await _mcp.InitializeAsync();
        await AddToolAsync(session, "while_away");

        await using var stream = await SseStream.OpenAsync(fixture.Gateway.Http, session);
        var announced = await stream.NextAsync(ToolsChanged);

        Assert.NotNull(announced.Id);
    }

    [Fact]
    public async Task UnknownLastEventId_ReplaysNothingButTheStreamWorks()
    {
        var session = await _mcp.InitializeAsync();
        string delivered;
        await using (var first = await SseStream.OpenAsync(fixture.Gateway.Http, session))
        {
            await AddToolAsync(session, "before_unknown_id");
            delivered = (await first.NextAsync(ToolsChanged)).Id!;
        }

        // An id this session never handed out: the delivered event's, with sequence 0 and another
        // epoch, as an earlier activation of the session would have numbered it. Were the epoch
        // ignored, it would mean "everything after the first event"; were the id taken for "replay
        // everything", likewise: either way the event already delivered above would come first.
        var unknown = $"{AnotherEpoch(delivered)}-0";
        await using var stream = await SseStream.OpenAsync(fixture.Gateway.Http, session, lastEventId: unknown);
        await AddToolAsync(session, "after_unknown_id");
        var fresh = await stream.NextAsync(ToolsChanged);

        Assert.NotNull(delivered);
        Assert.NotEqual(delivered, fresh.Id);
    }

    /// <summary>An epoch that differs from the event id's in every digit (ids are "{epoch}-{sequence}").</summary>
    private static string AnotherEpoch(string eventId) =>
        new([.. eventId[..eventId.LastIndexOf('-')].Select(c => c == 'f' ? '0' : 'f')]);

    private async Task AddToolAsync(string session, string name)
    {
        var (_, body, _) = await _mcp.PostAsync(
            """{"jsonrpc":"2.0","id":"NAME","method":"tools/call","params":{"name":"alpha__add_tool","arguments":{"name":"NAME"}}}""".Replace("NAME", name), session);
        Assert.NotNull(body?["result"]);
        await Poll.UntilAsync(async () =>
        {
            var (_, list, _) = await _mcp.PostAsync("""{"jsonrpc":"2.0","id":"l","method":"tools/list"}""", session);
            return list!.ToJsonString().Contains($"alpha__{name}");
        }, $"alpha__{name} in the catalog");
    }
}
