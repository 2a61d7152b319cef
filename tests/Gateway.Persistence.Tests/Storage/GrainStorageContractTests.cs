using System.Text.Json;
using Orleans.Storage;

namespace Gateway.Persistence.Tests;

/// <summary>
/// The contract every grain state store of the gateway meets, checked through a real silo: the
/// test grain's [PersistentState] goes through Orleans' own provider (memory or ADO.NET) and, for
/// SQLite and PostgreSQL, through the project's scripts. One subclass per provider.
/// </summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<TestSilo> _silos = [];

    protected abstract string Provider { get; }

    /// <summary>Null for memory, which has none.</summary>
    protected abstract string? ConnectionString { get; }

    /// <summary>Whether state outlives the silo that wrote it (memory storage lives in the silo).</summary>
    protected abstract bool KeepsStateAcrossRestarts { get; }

    /// <summary>The note's payload as the store holds it, read from the store itself (SQL for the databases).</summary>
    private protected abstract Task<string?> ReadStoredPayloadAsync(TestSilo silo, INoteGrain grain);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Write_ThenRead_ReturnsTheWrittenState()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<INoteGrain>(NewKey());

        await grain.SetAsync("hello");
        await grain.SetAsync("hello again");

        Assert.Equal(new Note { Text = "hello again", Revision = 2 }, await grain.ReloadAsync());
        var stored = await ReadFromStoreAsync(silo, grain);
        Assert.True(stored.RecordExists);
        Assert.Equal(new Note { Text = "hello again", Revision = 2 }, stored.State);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
    }

    [Fact]
    public async Task Write_WithStaleEtag_IsRefusedAndKeepsTheStoredState()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<INoteGrain>(NewKey());
        await grain.SetAsync("first");
        await WriteBehindTheGrainAsync(silo, grain, "second");

        // The activation still holds the ETag of "first".
        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetAsync("third"));

        Assert.Equal("second", (await ReadFromStoreAsync(silo, grain)).State?.Text);
    }

    [Fact]
    public async Task Clear_WithStaleEtag_IsRefusedAndKeepsTheStoredState()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<INoteGrain>(NewKey());
        await grain.SetAsync("first");
        await WriteBehindTheGrainAsync(silo, grain, "second");

        await Assert.ThrowsAsync<InconsistentStateException>(grain.ClearAsync);

        var stored = await ReadFromStoreAsync(silo, grain);
        Assert.True(stored.RecordExists);
        Assert.Equal("second", stored.State?.Text);
    }

    [Fact]
    public async Task Clear_ThenRead_FindsNoRecord()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<INoteGrain>(NewKey());
        await grain.SetAsync("to be cleared");

        await grain.ClearAsync();

        Assert.Null(await grain.ReloadAsync());
        Assert.False((await ReadFromStoreAsync(silo, grain)).RecordExists);
    }

    [Fact]
    public async Task Clear_ThenWrite_StoresTheNewState()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<INoteGrain>(NewKey());
        await grain.SetAsync("before");
        await grain.ClearAsync();

        await grain.SetAsync("after");

        Assert.Equal(new Note { Text = "after", Revision = 1 }, (await ReadFromStoreAsync(silo, grain)).State);
    }

    [Fact]
    public async Task SiloRestart_KeepsTheWrittenState_WhereTheStoreIsDurable()
    {
        var key = NewKey();
        var first = await StartSiloAsync();
        await first.Grains.GetGrain<INoteGrain>(key).SetAsync("before the restart");
        await first.StopAsync();

        var second = await StartSiloAsync();
        var note = await second.Grains.GetGrain<INoteGrain>(key).GetAsync();

        if (KeepsStateAcrossRestarts)
        {
            Assert.Equal(new Note { Text = "before the restart", Revision = 1 }, note);
        }
        else
        {
            Assert.Null(note);
        }
    }

    [Fact]
    public async Task Write_ForEveryKindOfKey_KeepsEachStateApart()
    {
        var silo = await StartSiloAsync();
        var guid = Guid.NewGuid();
        INote[] grains =
        [
            silo.Grains.GetGrain<INoteGrain>(NewKey()),
            silo.Grains.GetGrain<INoteIntegerKeyGrain>(42),
            silo.Grains.GetGrain<INoteIntegerCompoundKeyGrain>(42, "x"),
            silo.Grains.GetGrain<INoteIntegerCompoundKeyGrain>(42, "y"),
            silo.Grains.GetGrain<INoteGuidKeyGrain>(guid),
            silo.Grains.GetGrain<INoteGuidCompoundKeyGrain>(guid, "x"),
        ];

        // Twice, so that each state is first inserted and then found again by its key to be updated.
        for (var round = 1; round <= 2; round++)
        {
            for (var i = 0; i < grains.Length; i++)
            {
                await grains[i].SetAsync($"note {i}, round {round}");
            }
        }

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal(new Note { Text = $"note {i}, round 2", Revision = 2 }, (await ReadFromStoreAsync(silo, grains[i])).State);
        }
    }

    [Fact]
    public async Task Write_StoresPlainJsonWithoutTypeNames()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<INoteGrain>(NewKey());

        await grain.SetAsync("plain");

        var payload = await ReadStoredPayloadAsync(silo, grain);
        Assert.NotNull(payload);
        using var document = JsonDocument.Parse(payload);
        Assert.Equal(["text", "revision"], document.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("plain", document.RootElement.GetProperty("text").GetString());
        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(Note).FullName!, payload, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(Note).Assembly.GetName().Name!, payload, StringComparison.Ordinal);
    }

    private async Task<TestSilo> StartSiloAsync()
    {
        var silo = await TestSilo.StartAloneAsync(builder =>
            builder.AddGatewayGrainStorage(Provider, ConnectionString, applySchema: true, Json));
        _silos.Add(silo);
        return silo;
    }

    private static string NewKey() => $"note-{Guid.NewGuid():N}";

    private static async Task<GrainState<Note>> ReadFromStoreAsync(TestSilo silo, INote grain)
    {
        var state = new GrainState<Note>();
        await silo.Storage.ReadStateAsync(NoteGrain.StateName, grain.GetGrainId(), state);
        return state;
    }

    /// <summary>Another writer (a second activation of a split cluster, say) moves the stored state on.</summary>
    private static async Task WriteBehindTheGrainAsync(TestSilo silo, INote grain, string text)
    {
        var state = await ReadFromStoreAsync(silo, grain);
        state.State = (state.State ?? new Note()) with { Text = text };
        await silo.Storage.WriteStateAsync(NoteGrain.StateName, grain.GetGrainId(), state);
    }
}
