namespace Gateway.Persistence.Tests;

/// <summary>What the note grain does, whatever kind of key it is reached by.</summary>
public interface INote : IGrain
{
    /// <summary>Replaces the note and writes it to the store.</summary>
    Task SetAsync(string text);

    /// <summary>The note as the activation holds it; null when the store has no record.</summary>
    Task<Note?> GetAsync();

    /// <summary>Reads the note from the store again, then returns it as <see cref="GetAsync"/> does.</summary>
    Task<Note?> ReloadAsync();

    Task ClearAsync();
}
