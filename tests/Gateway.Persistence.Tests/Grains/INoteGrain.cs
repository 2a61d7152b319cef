namespace Gateway.Persistence.Tests;

/// <summary>The note grain by a string key, the kind the gateway uses.</summary>
public interface INoteGrain : INote, IGrainWithStringKey
{
}
