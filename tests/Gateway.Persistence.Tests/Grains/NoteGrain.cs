namespace Gateway.Persistence.Tests;

/// <summary>
/// A grain with one persisted state, reachable by every kind of key, so the storage contract can
/// be checked through the real <see cref="IPersistentState{TState}"/> path of a silo.
/// </summary>
public sealed class NoteGrain(
    [PersistentState(NoteGrain.StateName)] IPersistentState<Note> note)
    : Grain, INoteGrain, INoteIntegerKeyGrain, INoteIntegerCompoundKeyGrain, INoteGuidKeyGrain, INoteGuidCompoundKeyGrain
{
    /// <summary>The state's name, which the ADO.NET providers store as the row's state name.</summary>
    public const string StateName = "note";

    public Task SetAsync(string text)
    {
        note.State = note.State with { Text = text, Revision = note.State.Revision + 1 };
        return note.WriteStateAsync();
    }

    public Task<Note?> GetAsync() => Task.FromResult(note.RecordExists ? note.State : null);

    public async Task<Note?> ReloadAsync()
    {
        await note.ReadStateAsync();
        return await GetAsync();
    }

    public Task ClearAsync() => note.ClearStateAsync();
}
