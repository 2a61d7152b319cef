namespace Gateway.Persistence.Tests;

/// <summary>The note grain by an integer key: each kind of key fills other key columns of the store.</summary>
public interface INoteIntegerKeyGrain : INote, IGrainWithIntegerKey
{
}
