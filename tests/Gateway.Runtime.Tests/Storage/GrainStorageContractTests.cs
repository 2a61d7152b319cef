namespace Gateway.Runtime.Tests.Storage;

/// <summary>
/// What every <see cref="IGrainStorage"/> must do, one subclass per provider. The ETag rule: a
/// write or clear names the ETag it last saw (null: "there is no record"), and anything else throws
/// <see cref="InconsistentStateException"/>.
/// </summary>
public abstract class GrainStorageContractTests
{
    private const string State = "profile";
    private static readonly GrainId Grain = new("ContractGrain", "key-1");

    protected abstract IGrainStorage Storage { get; }

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Read_WhenNoRecordExists_ReturnsNull()
    {
        Assert.Null(await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task FirstWrite_WithNullEtag_StoresThePayloadUnderTheReturnedEtag()
    {
        var etag = await Storage.WriteAsync(State, Grain, """{"name":"Zoë","n":1}""", null, None);

        var record = await Storage.ReadAsync(State, Grain, None);

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(new GrainStateRecord("""{"name":"Zoë","n":1}""", etag), record);
    }

    [Fact]
    public async Task Write_WithTheCurrentEtag_ReplacesThePayloadAndChangesTheEtag()
    {
        var first = await Storage.WriteAsync(State, Grain, "1", null, None);

        var second = await Storage.WriteAsync(State, Grain, "2", first, None);

        Assert.NotEqual(first, second);
        Assert.Equal(new GrainStateRecord("2", second), await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task Write_WithAStaleEtag_ThrowsAndKeepsTheStoredRecord()
    {
        var stale = await Storage.WriteAsync(State, Grain, "1", null, None);
        var current = await Storage.WriteAsync(State, Grain, "2", stale, None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(State, Grain, "3", stale, None));

        Assert.Equal(stale, conflict.ExpectedEtag);
        Assert.Equal(current, conflict.StoredEtag);
        Assert.Equal(new GrainStateRecord("2", current), await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task Write_WithNullEtag_WhenARecordExists_Throws()
    {
        var current = await Storage.WriteAsync(State, Grain, "1", null, None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(State, Grain, "2", null, None));

        Assert.Null(conflict.ExpectedEtag);
        Assert.Equal(current, conflict.StoredEtag);
        Assert.Equal(new GrainStateRecord("1", current), await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task Write_WithAnEtag_WhenNoRecordExists_Throws()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(State, Grain, "1", "made-up", None));

        Assert.Null(await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task Clear_WithTheCurrentEtag_RemovesTheRecord()
    {
        var etag = await Storage.WriteAsync(State, Grain, "1", null, None);

        await Storage.ClearAsync(State, Grain, etag, None);

        Assert.Null(await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task Clear_WithAStaleEtag_ThrowsAndKeepsTheRecord()
    {
        var stale = await Storage.WriteAsync(State, Grain, "1", null, None);
        var current = await Storage.WriteAsync(State, Grain, "2", stale, None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(State, Grain, stale, None));

        Assert.Equal(new GrainStateRecord("2", current), await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task Clear_WithNullEtag_WhenARecordExists_Throws()
    {
        await Storage.WriteAsync(State, Grain, "1", null, None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(State, Grain, null, None));
    }

    [Fact]
    public async Task Clear_WithNullEtag_WhenNoRecordExists_Succeeds()
    {
        await Storage.ClearAsync(State, Grain, null, None);

        Assert.Null(await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task WriteAfterClear_WithNullEtag_StartsANewRecordWithANewEtag()
    {
        var first = await Storage.WriteAsync(State, Grain, "1", null, None);
        await Storage.ClearAsync(State, Grain, first, None);

        var second = await Storage.WriteAsync(State, Grain, "2", null, None);

        Assert.NotEqual(first, second);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(State, Grain, "3", first, None));
    }

    [Fact]
    public async Task Records_OfDifferentStateNamesGrainTypesAndKeys_AreIndependent()
    {
        GrainId[] grains = [Grain, Grain with { Key = "key-2" }, Grain with { Type = "OtherGrain" }];
        var etags = new Dictionary<(string, GrainId), string>();
        foreach (var state in new[] { State, "settings" })
        {
            foreach (var grain in grains)
            {
                etags[(state, grain)] = await Storage.WriteAsync(state, grain, $"{state}@{grain}", null, None);
            }
        }

        await Storage.ClearAsync(State, Grain, etags[(State, Grain)], None);

        Assert.Null(await Storage.ReadAsync(State, Grain, None));
        foreach (var ((state, grain), etag) in etags.Where(e => e.Key != (State, Grain)))
        {
            Assert.Equal(new GrainStateRecord($"{state}@{grain}", etag), await Storage.ReadAsync(state, grain, None));
        }
    }

    [Fact]
    public async Task ConcurrentWriters_WithTheSameEtag_ExactlyOneWins()
    {
        var etag = await Storage.WriteAsync(State, Grain, "start", null, None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => TryWriteAsync($"writer {i}", etag))));

        var winners = outcomes.Where(o => o.Etag is not null).ToList();
        Assert.Single(winners);
        Assert.Equal(new GrainStateRecord(winners[0].Payload, winners[0].Etag!), await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task ConcurrentFirstWriters_ExactlyOneWins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => TryWriteAsync($"writer {i}", null))));

        var winners = outcomes.Where(o => o.Etag is not null).ToList();
        Assert.Single(winners);
        Assert.Equal(new GrainStateRecord(winners[0].Payload, winners[0].Etag!), await Storage.ReadAsync(State, Grain, None));
    }

    [Fact]
    public async Task LargePayload_RoundTrips()
    {
        var payload = "\"" + new string('x', 256 * 1024) + "\"";

        var etag = await Storage.WriteAsync(State, Grain, payload, null, None);

        Assert.Equal(new GrainStateRecord(payload, etag), await Storage.ReadAsync(State, Grain, None));
    }

    private async Task<(string Payload, string? Etag)> TryWriteAsync(string payload, string? expectedEtag)
    {
        try
        {
            return (payload, await Storage.WriteAsync(State, Grain, payload, expectedEtag, None));
        }
        catch (InconsistentStateException)
        {
            return (payload, null);
        }
    }
}
